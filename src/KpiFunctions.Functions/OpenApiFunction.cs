using KpiFunctions.App.Api;

namespace KpiFunctions.Functions;

/// <summary>
/// <c>GET /api/openapi/v1.json</c>: the API's OpenAPI document. The worker serves no minimal-API endpoints to
/// describe, so it answers the document the standalone host generates from the same routes, kept in
/// <c>docs/openapi.v1.json</c> (a test fails when the two differ).
/// </summary>
public sealed class OpenApiFunction
{
    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream("openapi.v1.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded in the Functions app.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    [Function("OpenApi")]
    public IResult OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.OpenApiPattern)] HttpRequest request, string documentName) =>
        documentName == "v1" ? Results.Bytes(Document.Value, "application/json") : Results.NotFound();
}
