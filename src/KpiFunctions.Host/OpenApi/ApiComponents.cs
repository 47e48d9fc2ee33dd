using System.Globalization;
using Microsoft.OpenApi;

namespace KpiFunctions.Host.OpenApi;

/// <summary>The names of the document's shared components, and the answers the <c>ApiGate</c> gives before a handler runs.</summary>
internal static class ApiComponents
{
    public const string Bearer = "Bearer";
    public const string ProblemDetails = "ProblemDetails";
    public const string ProblemJson = "application/problem+json";

    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string ClientNotFound = "ClientNotFound";
    public const string PayloadTooLarge = "PayloadTooLarge";
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    public const string TooManyRequests = "TooManyRequests";
    public const string ServiceUnavailable = "ServiceUnavailable";

    /// <summary>The description of <see cref="ClientNotFound"/>, which a route's own 404 extends.</summary>
    public const string ClientNotFoundText = "No such client, or not one this key may read (the two are answered alike).";

    /// <summary>The gate's answers, by status code, and the name of each in <c>components/responses</c>.</summary>
    public static IReadOnlyDictionary<int, string> GateAnswers { get; } = new Dictionary<int, string>
    {
        [StatusCodes.Status401Unauthorized] = Unauthorized,
        [StatusCodes.Status403Forbidden] = Forbidden,
        [StatusCodes.Status404NotFound] = ClientNotFound,
        [StatusCodes.Status413PayloadTooLarge] = PayloadTooLarge,
        [StatusCodes.Status415UnsupportedMediaType] = UnsupportedMediaType,
        [StatusCodes.Status429TooManyRequests] = TooManyRequests,
        [StatusCodes.Status503ServiceUnavailable] = ServiceUnavailable,
    };

    public static IEnumerable<(string Name, OpenApiResponse Response)> Responses(OpenApiDocument document)
    {
        yield return (Unauthorized, Problem(document, "No key, or an unknown one.", ("WWW-Authenticate", "Bearer", JsonSchemaType.String)));
        yield return (Forbidden, Problem(document, "The key may not do this: a client key where the admin key is needed, or a read-only client key where a key created with canWrite is needed."));
        yield return (ClientNotFound, Problem(document, ClientNotFoundText));
        yield return (PayloadTooLarge, Problem(document, "The body is larger than this route takes."));
        yield return (UnsupportedMediaType, Problem(document, "The body's Content-Type is not one this route reads."));
        yield return (TooManyRequests, Problem(
            document,
            "Too many failed authentications from this address, or the client key has used its requests for this minute.",
            ("Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer)));
        yield return (ServiceUnavailable, Problem(
            document,
            "The app cannot reach its storage; nothing of the request was saved.",
            ("Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer)));
    }

    /// <summary>A reference to the response <paramref name="name"/> of <c>components/responses</c>.</summary>
    public static OpenApiResponseReference Response(string name, OpenApiDocument? document) => new(name, document);

    /// <summary>A problem-details answer with <paramref name="description"/>.</summary>
    public static OpenApiResponse Problem(OpenApiDocument? document, string description, params (string Name, string Description, JsonSchemaType Type)[] headers)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemDetails, document) },
            },
        };
        if (headers.Length > 0)
        {
            response.Headers = headers.ToDictionary(
                h => h.Name,
                h => (IOpenApiHeader)new OpenApiHeader { Description = h.Description, Schema = new OpenApiSchema { Type = h.Type } });
        }

        return response;
    }

    public static string Key(int status) => status.ToString(CultureInfo.InvariantCulture);
}
