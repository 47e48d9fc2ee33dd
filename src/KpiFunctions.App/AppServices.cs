using System.Text.Json;
using System.Text.Json.Serialization;
using KpiFunctions.App.Api;
using KpiFunctions.App.Auth;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Delivery;
using KpiFunctions.App.Goals;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Metrics;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KpiFunctions.App;

/// <summary>The application core's services, registered the same way by the Functions app and the standalone host.</summary>
public static class AppServices
{
    /// <summary>
    /// Registers every feature; throws <see cref="StartupException"/> when the configuration cannot work (no storage; no
    /// admin key or link-signing key, or a short one, outside development).
    /// </summary>
    public static IServiceCollection AddKpiFunctionsApp(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services
            .AddStorage(configuration)
            .AddAuth(configuration, environment)
            .AddClients()
            .AddMetricStore()
            .AddGoals()
            .AddReports(configuration, environment)
            .AddDelivery()
            .AddIngestion(configuration, environment);
        services.AddSingleton<ApiGate>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(EnumConverter);
            // These options write answers (handlers read bodies with JsonBody): numbers are written as numbers either way,
            // but the web default, numbers read from strings too, would make the OpenAPI document type them "number or string".
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        return services;
    }

    /// <summary>Enums in answers as snake_case strings: <c>on_track</c>, <c>rendered</c>.</summary>
    private static JsonStringEnumConverter EnumConverter { get; } = new(JsonNamingPolicy.SnakeCaseLower);
}
