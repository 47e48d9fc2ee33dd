using Azure.Identity;
using KpiFunctions.Functions;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Application Insights as the worker templates set it up, with the worker's own log levels (host.json decides).
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();

// With Application Insights' local authentication off (infra/), telemetry needs an Entra ID token of the identity that
// APPLICATIONINSIGHTS_AUTHENTICATION_STRING names ("ClientId=<id>;Authorization=AAD"), as the Functions host reads it.
var telemetryAuth = (builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] ?? "")
    .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(part => part.Split('=', 2))
    .Where(pair => pair.Length == 2)
    .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
if (telemetryAuth.GetValueOrDefault("Authorization") == "AAD")
{
    var identity = telemetryAuth.TryGetValue("ClientId", out var clientId)
        ? ManagedIdentityId.FromUserAssignedClientId(clientId)
        : ManagedIdentityId.SystemAssigned;
    builder.Services.Configure<TelemetryConfiguration>(c => c.SetAzureTokenCredential(new ManagedIdentityCredential(identity)));
}
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var defaultRule = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (defaultRule is not null)
    {
        options.Rules.Remove(defaultRule);
    }
});

// The Azure SDK's request traces (forwarded by Microsoft.Extensions.Azure) only for errors: a 409 from CreateIfNotExists is not one.
builder.Logging.AddFilter("Azure", LogLevel.Error);

builder.Services.AddFunctionsApp(builder.Configuration, builder.Environment);
builder.Build().Run();
