using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KpiFunctions.App.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace KpiFunctions.Host.OpenApi;

/// <summary>
/// Completes each operation from its <see cref="ApiRoute"/> and its handler, so that a new route is described by what it
/// declares: the summary; who may call it (a bearer key, or none for <see cref="Access.Anonymous"/>); the gate's answers
/// that follow from its access, client scope and body (401, 403, 404, 413, 415, 429, 503); the handler's own problems
/// (<see cref="ApiRoute.Problems"/>) and other answers (<see cref="ApiRoute.Produces"/>); the body's schema per content
/// type and the examples; and the query parameters' types, formats, enums and whether they are required, from the
/// handler's parameter attributes (<c>[Required]</c>, <c>[DataType]</c>, <c>[AllowedValues]</c>, <c>[Range]</c>; the
/// generator itself reads <c>[DefaultValue]</c> and <c>[Description]</c>). It also declares path parameters the handler does not bind (it receives the client the gate
/// found, not the <c>clientId</c> string), which OpenAPI requires.
/// </summary>
internal sealed partial class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        DeclarePathParameters(operation, context.Description.RelativePath ?? "");
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiRoute>().FirstOrDefault() is not { } route)
        {
            return;
        }

        // A handler's XML summary tells how it works; the route's summary what it is for.
        if (operation.Summary is { } handlerSummary && handlerSummary != route.Summary)
        {
            operation.Description ??= handlerSummary;
        }

        operation.Summary = route.Summary;
        var document = context.Document;
        operation.Security = route.Access == Access.Anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiComponents.Bearer, document)] = [] }];

        DescribeQuery(operation, route.Handler.Method);
        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        DescribeBody(operation, route, json);
        await DescribeAnswersAsync(operation, route, context, json, cancellationToken);
    }

    private static void DeclarePathParameters(OpenApiOperation operation, string path)
    {
        operation.Parameters ??= [];
        var missing = PathParameter().Matches(path)
            .Select(m => m.Groups[1].Value)
            .Where(name => !operation.Parameters.Any(p => p.In == ParameterLocation.Path && p.Name == name))
            .ToList();
        for (var i = 0; i < missing.Count; i++)
        {
            operation.Parameters.Insert(i, new OpenApiParameter
            {
                Name = missing[i],
                In = ParameterLocation.Path,
                Required = true,
                Description = missing[i] == ApiRoute.ClientIdParameter ? "The client's id." : null,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    // The handlers take query parameters as strings and check them themselves, for messages a person can act on; the
    // attributes on those parameters say what the checks accept.
    private static void DescribeQuery(OpenApiOperation operation, MethodInfo handler)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter { In: ParameterLocation.Query } query
                || handler.GetParameters().FirstOrDefault(p => p.Name == query.Name) is not { } info)
            {
                continue;
            }

            var schema = query.Schema as OpenApiSchema ?? new OpenApiSchema { Type = JsonSchemaType.String };
            query.Schema = schema;
            foreach (var attribute in info.GetCustomAttributes())
            {
                switch (attribute)
                {
                    case RequiredAttribute:
                        query.Required = true;
                        break;
                    case DataTypeAttribute { DataType: DataType.Date }:
                        schema.Format = "date";
                        break;
                    case DataTypeAttribute { DataType: DataType.DateTime }:
                        schema.Format = "date-time";
                        break;
                    case AllowedValuesAttribute allowed:
                        schema.Enum = [.. allowed.Values.Select(v => JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture))!)];
                        break;
                    case RangeAttribute range when range.OperandType == typeof(int) || range.OperandType == typeof(long):
                        schema.Type = JsonSchemaType.Integer;
                        schema.Format = range.OperandType == typeof(int) ? "int32" : "int64";
                        schema.Minimum = Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
                        schema.Maximum = Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
                        break;
                }
            }
        }
    }

    private static void DescribeBody(OpenApiOperation operation, ApiRoute route, JsonSerializerOptions json)
    {
        if (route.Body is null || operation.RequestBody?.Content is not { } content)
        {
            return;
        }

        foreach (var (contentType, media) in content)
        {
            // Only JSON is the body type serialized; CSV and the like are text whose form the body type's description gives.
            if (!IsJson(contentType))
            {
                media.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = $"The fields of {route.Body.Name} as {contentType}: see its description and the example.",
                };
            }

            if (route.BodyExamples.TryGetValue(contentType, out var example))
            {
                media.Example = Example(example, json);
            }
        }
    }

    private static async Task DescribeAnswersAsync(
        OpenApiOperation operation, ApiRoute route, OpenApiOperationTransformerContext context, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var document = context.Document;
        var responses = operation.Responses ??= [];
        foreach (var produced in route.Produces)
        {
            var key = ApiComponents.Key(produced.Status);
            if (!responses.TryGetValue(key, out var response))
            {
                response = responses[key] = new OpenApiResponse { Description = produced.Description };
            }
            else if (response is OpenApiResponse existing && existing.Description == ReasonPhrases.GetReasonPhrase(produced.Status))
            {
                existing.Description = produced.Description;
            }

            var target = (OpenApiResponse)response;
            target.Content ??= new Dictionary<string, OpenApiMediaType>();
            target.Content[produced.ContentType] = new OpenApiMediaType
            {
                Schema = produced.Schema is { } type
                    ? await ComponentAsync(type, context, cancellationToken)
                    : new OpenApiSchema { Type = JsonSchemaType.String, Format = produced.ContentType.StartsWith("text/", StringComparison.Ordinal) ? null : "binary" },
            };
        }

        if (route.AnswerExample is { } answer)
        {
            foreach (var (_, success) in responses.Where(r => r.Key.StartsWith('2')).Take(1))
            {
                if (success.Content is { } content && content.TryGetValue("application/json", out var media))
                {
                    media.Example = Example(answer, json);
                }
            }
        }

        foreach (var problem in route.Problems)
        {
            var key = ApiComponents.Key(problem.Status);
            // The gate's 404 of the client and the handler's 404 share a status: one answer says both.
            var gate = problem.Status == StatusCodes.Status404NotFound && GateAnswers(route).Contains(problem.Status)
                ? ApiComponents.ClientNotFoundText + " "
                : "";
            if (responses.TryGetValue(key, out var response) && response is OpenApiResponse existing)
            {
                existing.Description = existing.Description == ReasonPhrases.GetReasonPhrase(problem.Status)
                    ? gate + problem.When
                    : $"{existing.Description} {problem.When}";
            }
            else
            {
                responses[key] = ApiComponents.Problem(document, gate + problem.When);
            }
        }

        if (responses.TryGetValue(ApiComponents.Key(StatusCodes.Status400BadRequest), out var bad) && bad is OpenApiResponse { Description: "Bad Request" } invalid)
        {
            invalid.Description = "Invalid fields or parameters: errors names each, with what to fix.";
        }

        foreach (var status in GateAnswers(route))
        {
            responses.TryAdd(ApiComponents.Key(status), ApiComponents.Response(ApiComponents.GateAnswers[status], document));
        }

        // By status code, as a reader looks them up.
        var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (key, response) in sorted)
        {
            responses[key] = response;
        }
    }

    /// <summary>What the <c>ApiGate</c> may answer before the handler runs, from the route's access, scope and body.</summary>
    private static IEnumerable<int> GateAnswers(ApiRoute route)
    {
        if (route.Access != Access.Anonymous)
        {
            yield return StatusCodes.Status401Unauthorized;
            if (route.Access is Access.Admin or Access.ClientWrite)
            {
                yield return StatusCodes.Status403Forbidden;
            }

            if (route.IsClientScoped)
            {
                yield return StatusCodes.Status404NotFound;
            }

            yield return StatusCodes.Status429TooManyRequests;
            yield return StatusCodes.Status503ServiceUnavailable;
        }

        if (route.Body is not null)
        {
            yield return StatusCodes.Status413PayloadTooLarge;
            yield return StatusCodes.Status415UnsupportedMediaType;
        }
    }

    /// <summary>The schema of <paramref name="type"/>, put in <c>components/schemas</c> under the type's name.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken);
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, document);
    }

    private static JsonNode? Example(object example, JsonSerializerOptions json) =>
        example is string text ? JsonValue.Create(text) : JsonSerializer.SerializeToNode(example, example.GetType(), json);

    private static bool IsJson(string contentType) =>
        contentType == "application/json" || contentType.EndsWith("+json", StringComparison.Ordinal);

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex PathParameter();
}
