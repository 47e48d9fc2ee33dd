using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KpiFunctions.Host.Hosting;

/// <summary>Declares the bearer key scheme in the OpenAPI document.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "KpiFunctions API";
        document.Info.Description = "Social-media KPIs per client. Send 'Authorization: Bearer <key>': the admin key, or a client key.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The admin key (Auth:AdminKey) or a client key (POST /api/v1/clients/{clientId}/keys).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
