using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Http;

/// <summary>Problem details the API answers in more than one place.</summary>
public static class Problems
{
    /// <summary>
    /// The same answer for a client that does not exist and for one the key may not read, so that a key
    /// cannot probe which client ids exist.
    /// </summary>
    public static ProblemHttpResult ClientNotFound(string clientId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Client not found.",
            detail: $"There is no client '{clientId}' that this key may read.");
}
