using System.Text.Json;

namespace KpiFunctions.App.Http;

/// <summary>
/// Reads request bodies as JSON. A body that is missing, not JSON or not of the expected shape adds a problem
/// under <c>body</c> to the request's validation, so that every route answers it with the same 400.
/// </summary>
public static class JsonBody
{
    /// <summary>The body as a JSON element; null when it is missing or not JSON (the problem is in <paramref name="validation"/>).</summary>
    public static async Task<JsonElement?> ReadElementAsync(HttpRequest request, Validation validation, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            validation.Add("body", request.ContentLength == 0 ? "Required: a JSON object." : $"Not valid JSON: {e.Message}");
            return null;
        }
    }

    /// <summary>The body as <typeparamref name="T"/> (camelCase or any letter case); null when it cannot be read.</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, Validation validation, CancellationToken cancellationToken)
        where T : class
    {
        if (await ReadElementAsync(request, validation, cancellationToken) is not { } element)
        {
            return null;
        }

        try
        {
            return element.ValueKind == JsonValueKind.Object
                ? element.Deserialize<T>(JsonSerializerOptions.Web)
                : throw new JsonException($"Expected a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}.");
        }
        catch (JsonException e)
        {
            validation.Add("body", e.Message);
            return null;
        }
    }
}
