using KpiFunctions.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Application Insights as the worker templates set it up, with the worker's own log levels (host.json decides).
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
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
