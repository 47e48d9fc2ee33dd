using KpiFunctions.App.Api;
using KpiFunctions.App.Http;

namespace KpiFunctions.Host.Hosting;

/// <summary>The app's API routes as minimal-API endpoints, each behind the <see cref="ApiGate"/>.</summary>
internal static class ApiEndpoints
{
    public static void MapApiRoutes(this WebApplication app)
    {
        // After routing, before the endpoint: the gate admits the request or answers it (401, 403, 404, 413, 429, 503);
        // a body that cannot be read or storage that cannot be reached is answered as the gate answers it, not with a 500.
        app.Use(async (context, next) =>
        {
            try
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<ApiRoute>() is { } route
                    && await context.RequestServices.GetRequiredService<ApiGate>().AdmitAsync(context, route) is { } refusal)
                {
                    await refusal.ExecuteAsync(context);
                    return;
                }

                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && ApiGate.Answer(context, e) is { } answer)
            {
                await answer.ExecuteAsync(context);
            }
        });

        foreach (var route in ApiRoutes.All)
        {
            var endpoint = app.MapMethods(route.Path, [route.Method], route.Handler).WithName(route.Name).WithSummary(route.Summary).WithMetadata(route);
            if (route.Tag is { } tag)
            {
                endpoint.WithTags(tag);
            }

            if (route.Body is { } body)
            {
                endpoint.Accepts(body, route.BodyOptional, route.BodyContentTypes[0], [.. route.BodyContentTypes.Skip(1)]);
            }
        }
    }
}
