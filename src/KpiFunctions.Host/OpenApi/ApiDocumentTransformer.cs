using KpiFunctions.App.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KpiFunctions.Host.OpenApi;

/// <summary>
/// The document as a whole: its title, a server relative to where it is served (the same document is right for every
/// host and port, and the Functions app serves a copy of it), the bearer key scheme, the tags' descriptions, and the
/// components the operations refer to: the problem-details schemas and the answers the <c>ApiGate</c> gives.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "KpiFunctions API";
        document.Info.Description = "Social-media KPIs per client. Send 'Authorization: Bearer <key>': the admin key, or a client key. " +
            "Errors are RFC 9457 problem details (application/problem+json); a 400 names each invalid field or parameter under errors.";
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiComponents.Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The admin key (Auth:AdminKey) or a client key (POST /api/v1/clients/{clientId}/keys).",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var schema in document.Components.Schemas.Values.OfType<OpenApiSchema>())
        {
            // Enums are written as snake_case strings; the generator leaves their type out.
            if (schema.Type is null && schema.Enum is { Count: > 0 } values && values.All(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String))
            {
                schema.Type = JsonSchemaType.String;
            }
        }

        document.Components.Schemas[ApiComponents.ProblemDetails] = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        foreach (var (name, response) in ApiComponents.Responses(document))
        {
            document.Components.Responses[name] = response;
        }

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description ??= ApiRoutes.Tags.GetValueOrDefault(tag.Name ?? "");
        }
    }
}
