using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KpiFunctions.Host.Tests.Support;

/// <summary>
/// The API's OpenAPI document as a contract that real answers are checked against: each answer's status must be
/// documented for its operation, its content type documented for that status, and a JSON body must validate against
/// the documented schema. Validation covers what the document uses: <c>$ref</c>, <c>type</c> (arrays of types for
/// nullable), <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>items</c>, <c>enum</c>,
/// <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>, <c>pattern</c>, <c>minimum</c>/<c>maximum</c> and the formats date and
/// date-time. It is stricter than JSON Schema in one way: an object property the schema does not name is an error
/// unless the schema says <c>additionalProperties</c>, so an answer cannot carry fields the document does not describe.
/// </summary>
public sealed partial class OpenApiContract
{
    private readonly JsonObject _document;
    private readonly List<(string Key, string Method, Regex Path, JsonObject Operation)> _operations = [];
    private readonly ConcurrentDictionary<string, ConcurrentBag<int>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();

    private OpenApiContract(JsonObject document)
    {
        _document = document;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var pattern = new Regex("^" + PathParameter().Replace(Regex.Escape(path).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$", RegexOptions.CultureInvariant);
            foreach (var (method, operation) in item!.AsObject())
            {
                _operations.Add(($"{method.ToUpperInvariant()} {path}", method.ToUpperInvariant(), pattern, operation!.AsObject()));
            }
        }
    }

    /// <summary>Every operation of the document, as <c>METHOD /path/{template}</c>.</summary>
    public IReadOnlyList<string> Operations => [.. _operations.Select(o => o.Key).Order(StringComparer.Ordinal)];

    /// <summary>The status codes each operation answered, for operations that were called.</summary>
    public IReadOnlyDictionary<string, int[]> Answers => _answers.ToDictionary(a => a.Key, a => a.Value.Distinct().Order().ToArray(), StringComparer.Ordinal);

    /// <summary>What did not match the document, one line per answer.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>The document the host at <paramref name="http"/> serves.</summary>
    public static async Task<OpenApiContract> LoadAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Parse(await http.GetStringAsync(new Uri("/api/openapi/v1.json", UriKind.Relative)));
    }

    public static OpenApiContract Parse(string document) => new(JsonNode.Parse(document)!.AsObject());

    /// <summary>What does not match in <paramref name="value"/>, checked against the schema <paramref name="schemaName"/> of the components.</summary>
    public IReadOnlyList<string> Check(JsonNode? value, string schemaName) =>
        Errors(value, new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" }, "$");

    /// <summary>An HTTP client for <paramref name="baseAddress"/> whose every answer is checked; sends <paramref name="key"/> when given. Follows no redirects.</summary>
    public HttpClient Client(Uri baseAddress, string? key)
    {
        var client = new HttpClient(new Checker(this) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false } }) { BaseAddress = baseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private async Task CheckAsync(HttpRequestMessage request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var method = request.Method.Method;
        var path = request.RequestUri!.AbsolutePath;
        var where = $"{method} {request.RequestUri.PathAndQuery} answered {status}";
        var found = _operations.Where(o => o.Method == method && o.Path.IsMatch(path)).ToList();
        if (found.Count == 0)
        {
            _failures.Enqueue($"{where}: no operation of the document matches.");
            return;
        }

        // A literal segment wins over a parameter (…/reports/{reportId}/data over …/{reportId}).
        var (key, _, _, operation) = found.OrderBy(o => o.Key.Count(c => c == '{')).First();
        _answers.GetOrAdd(key, _ => []).Add(status);
        if (operation["responses"]?[status.ToString(CultureInfo.InvariantCulture)] is not { } documented)
        {
            _failures.Enqueue($"{where}: {key} documents no {status} answer.");
            return;
        }

        var content = Resolve(documented)["content"]?.AsObject();
        var body = await response.Content.ReadAsByteArrayAsync();
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0)
            {
                _failures.Enqueue($"{where}: {key} documents no body for {status}, but it has {body.Length} bytes.");
            }

            return;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            _failures.Enqueue($"{where}: content type '{mediaType}' is not one of {key}'s for {status}: {string.Join(", ", content.Select(c => c.Key))}.");
            return;
        }

        if (mediaType == "application/pdf" && !(body.Length > 4 && body.AsSpan(0, 4).SequenceEqual("%PDF"u8)))
        {
            _failures.Enqueue($"{where}: the body is not a PDF.");
        }

        if (!(mediaType.EndsWith("/json", StringComparison.Ordinal) || mediaType.EndsWith("+json", StringComparison.Ordinal)) || media["schema"] is not { } schema)
        {
            return;
        }

        JsonNode? value;
        try
        {
            value = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            _failures.Enqueue($"{where}: the body is not JSON: {e.Message}");
            return;
        }

        var errors = new List<string>();
        Validate(value, schema, "$", errors);
        foreach (var error in errors.Take(10))
        {
            _failures.Enqueue($"{where}: {error}");
        }
    }

    private void Validate(JsonNode? value, JsonNode schema, string at, List<string> errors)
    {
        if (schema is not JsonObject s)
        {
            if (schema.GetValueKind() == JsonValueKind.False)
            {
                errors.Add($"{at}: no value is allowed here.");
            }

            return;
        }

        if (s["$ref"] is { } reference)
        {
            Validate(value, Resolve(s), at, errors);
        }

        if (s["allOf"] is JsonArray all)
        {
            foreach (var part in all)
            {
                Validate(value, part!, at, errors);
            }
        }

        foreach (var (keyword, least, most) in new[] { ("oneOf", 1, 1), ("anyOf", 1, int.MaxValue) })
        {
            if (s[keyword] is JsonArray choices)
            {
                var matching = choices.Count(c => Errors(value, c!, at).Count == 0);
                if (matching < least || matching > most)
                {
                    errors.Add($"{at}: {value?.ToJsonString() ?? "null"} matches {matching} of the {keyword} schemas.");
                }
            }
        }

        if (s["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at}: {value?.ToJsonString() ?? "null"} is not one of {allowed.ToJsonString()}.");
        }

        if (s["type"] is { } type)
        {
            var types = type is JsonArray many ? many.Select(t => (string)t!).ToList() : [(string)type!];
            if (!types.Any(t => IsOfType(value, t)))
            {
                errors.Add($"{at}: {value?.ToJsonString() ?? "null"} is not {string.Join(" or ", types)}.");
                return;
            }
        }

        switch (value)
        {
            case JsonObject obj:
                ValidateObject(obj, s, at, errors);
                break;
            case JsonArray array when s["items"] is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], items, $"{at}[{i}]", errors);
                }

                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                ValidateString(scalar.GetValue<string>(), s, at, errors);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.Number:
                var number = scalar.GetValue<double>();
                if (s["minimum"] is { } min && number < (double)min || s["maximum"] is { } max && number > (double)max)
                {
                    errors.Add($"{at}: {number} is outside {s["minimum"]}..{s["maximum"]}.");
                }

                break;
        }
    }

    private void ValidateObject(JsonObject obj, JsonObject s, string at, List<string> errors)
    {
        foreach (var name in s["required"]?.AsArray().Select(r => (string)r!) ?? [])
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{at}: the required '{name}' is missing.");
            }
        }

        var properties = s["properties"]?.AsObject();
        var additional = s["additionalProperties"];
        foreach (var (name, member) in obj)
        {
            if (properties?[name] is { } property)
            {
                Validate(member, property, $"{at}.{name}", errors);
            }
            else if (additional is not null)
            {
                Validate(member, additional, $"{at}.{name}", errors);
            }
            else if (properties is not null)
            {
                errors.Add($"{at}: '{name}' is not in the document.");
            }
        }
    }

    private static void ValidateString(string text, JsonObject s, string at, List<string> errors)
    {
        var format = (string?)s["format"];
        if (format == "date" && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{at}: '{text}' is not a date (yyyy-MM-dd).");
        }

        if (format == "date-time" && !DateTime().IsMatch(text))
        {
            errors.Add($"{at}: '{text}' is not an RFC 3339 date-time (with its offset).");
        }

        if (s["pattern"] is { } pattern && !Regex.IsMatch(text, (string)pattern!, RegexOptions.CultureInvariant))
        {
            errors.Add($"{at}: '{text}' does not match {pattern}.");
        }
    }

    private List<string> Errors(JsonNode? value, JsonNode schema, string at)
    {
        var errors = new List<string>();
        Validate(value, schema, at, errors);
        return errors;
    }

    private static bool IsOfType(JsonNode? value, string type) => (type, value?.GetValueKind()) switch
    {
        ("null", null or JsonValueKind.Null) => true,
        ("object", JsonValueKind.Object) => true,
        ("array", JsonValueKind.Array) => true,
        ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => value!.GetValue<double>() is var d && d == Math.Floor(d),
        _ => false,
    };

    /// <summary>The object a <c>$ref</c> within the document points at (the node itself when it is no reference).</summary>
    private JsonObject Resolve(JsonNode node)
    {
        while (node is JsonObject obj && obj["$ref"] is { } reference)
        {
            var target = (JsonNode?)_document;
            foreach (var segment in ((string)reference!).TrimStart('#', '/').Split('/'))
            {
                target = target?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            node = target ?? throw new InvalidOperationException($"The document has nothing at {reference}.");
        }

        return node.AsObject();
    }

    [GeneratedRegex(@"\{[^/]+?\}", RegexOptions.CultureInvariant)]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime();

    /// <summary>Checks every answer that passes through it, once its body has been read.</summary>
    private sealed class Checker(OpenApiContract contract) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            await contract.CheckAsync(request, response);
            return response;
        }
    }
}
