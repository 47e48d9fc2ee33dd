using System.Globalization;
using System.Text.RegularExpressions;
using KpiFunctions.App.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KpiFunctions.Host.Hosting;

/// <summary>
/// Adds to each operation what the <c>ApiGate</c> does before its handler runs: the path parameters (handlers receive
/// the client the gate found, not the <c>clientId</c> string, so the generator would leave <c>{clientId}</c>
/// undeclared, which OpenAPI forbids) and the gate's answers, 401, 403, 404 and 429, as problem details.
/// </summary>
internal sealed partial class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        var missing = Parameter().Matches(context.Description.RelativePath ?? "")
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
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiRoute>().FirstOrDefault() is { Access: not Access.Anonymous } route)
        {
            var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
            operation.Responses ??= [];
            Add(operation, problem, StatusCodes.Status401Unauthorized, "No key, or an unknown one.");
            Add(operation, problem, StatusCodes.Status429TooManyRequests, "Too many failed authentications from this address, or the key's quota is used up: see Retry-After.");
            if (route.Access is Access.Admin or Access.ClientWrite)
            {
                Add(operation, problem, StatusCodes.Status403Forbidden, "The key may not do this.");
            }

            if (route.IsClientScoped)
            {
                Add(operation, problem, StatusCodes.Status404NotFound, "No such client, or not one this key may read.");
            }
        }
    }

    private static void Add(OpenApiOperation operation, IOpenApiSchema problem, int status, string description) =>
        operation.Responses!.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = problem },
            },
        });

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();
}
