using KpiFunctions.App.Auth;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Http;

namespace KpiFunctions.App.Api;

/// <summary>
/// What every API request passes before its handler runs, in both hosts: the caller is authenticated by its key,
/// the route's <see cref="Access"/> is checked, and for a route under <c>/clients/{clientId}</c> the client is
/// found (handlers take it as a <see cref="Client"/> parameter). A missing client and one the key may not read get
/// the same 404, so that a key cannot probe which client ids exist.
/// </summary>
public sealed class ApiGate(ApiKeyAuthenticator authenticator, ClientStore clients)
{
    /// <summary>Null when the request may go on to its handler; otherwise the answer to send instead.</summary>
    public async Task<IResult?> AdmitAsync(HttpContext context, ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(route);
        if (route.Body is not null)
        {
            if (context.Request.ContentLength > route.MaxBodyBytes)
            {
                return Refuse(BoundedBody.TooLarge(route.MaxBodyBytes));
            }

            context.Request.Body = new BoundedBody(context.Request.Body, route.MaxBodyBytes);
        }

        if (route.Access == Access.Anonymous)
        {
            return null;
        }

        var cancellationToken = context.RequestAborted;
        if (await authenticator.AuthenticateAsync(context.Request.Headers.Authorization, cancellationToken) is not { } caller)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Missing or unknown API key.",
                detail: "Send 'Authorization: Bearer <key>' with the admin key or a client key created with POST /api/v1/clients/{clientId}/keys.");
        }

        context.Features.Set(caller);
        if (route.Access == Access.Admin && !caller.IsAdmin)
        {
            return Forbidden("Creating and changing clients, goals, reports and keys needs the admin key.");
        }

        if (!route.IsClientScoped)
        {
            return null;
        }

        var clientId = context.Request.RouteValues[ApiRoute.ClientIdParameter] as string ?? "";
        if (!ClientRules.IsValidId(clientId) || !caller.CanRead(clientId))
        {
            return Problems.ClientNotFound(clientId);
        }

        if (route.Access == Access.ClientWrite && !caller.CanWriteTo(clientId))
        {
            return Forbidden("Pushing metrics needs the admin key or a client key created with canWrite: true.");
        }

        if (await clients.FindAsync(clientId, cancellationToken) is not { } client)
        {
            return Problems.ClientNotFound(clientId);
        }

        context.Features.Set(client);
        return null;
    }

    /// <summary>
    /// The answer to a request the server could not read (a body over the limit, a broken one), in place of the 500 an
    /// unhandled <see cref="BadHttpRequestException"/> would give: problem details with its status.
    /// </summary>
    public static IResult Refuse(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TypedResults.Problem(
            statusCode: exception.StatusCode,
            title: exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The body is too large." : "The request could not be read.",
            detail: exception.Message);
    }

    private static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This key may not do that.", detail: detail);
}
