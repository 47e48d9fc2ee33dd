using KpiFunctions.App;
using KpiFunctions.App.Api;
using KpiFunctions.Host.Jobs;
using KpiFunctions.Host.OpenApi;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KpiFunctions.Host.Hosting;

/// <summary>The standalone host: the app's services and routes, shared by Program, the tests and the benchmarks.</summary>
public static class HostingExtensions
{
    /// <summary>
    /// Registers the app, the OpenAPI document and, unless <c>Scheduler:Enabled</c> is false, the timer and queue
    /// functions; throws <see cref="StartupException"/> when the configuration cannot work.
    /// </summary>
    public static WebApplicationBuilder AddKpiFunctions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // host.json comes first, so that any other source (app settings, environment) overrides it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = HostJson.Read(Path.Combine(AppContext.BaseDirectory, "host.json")),
        });

        builder.Services.AddKpiFunctionsApp(builder.Configuration, builder.Environment);
        builder.Services.AddOpenApi("v1", o => o
            .AddDocumentTransformer<ApiDocumentTransformer>()
            .AddOperationTransformer<ApiOperationTransformer>()
            .AddSchemaTransformer<ApiSchemaTransformer>());

        var scheduler = builder.Configuration.GetSection("Scheduler").Get<SchedulerOptions>() ?? new SchedulerOptions();
        if (scheduler.Enabled)
        {
            builder.AddTriggers();
        }

        return builder;
    }

    /// <summary>Maps every route under <c>/api</c>.</summary>
    public static WebApplication MapKpiFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapApiRoutes();
        app.MapOpenApi("/" + App.Http.ApiRoute.Prefix + "/" + ApiRoutes.OpenApiPattern);
        return app;
    }

    // The WebJobs SDK runs the functions of StandaloneFunctions as the Functions host runs the worker's, supervised.
    private static void AddTriggers(this WebApplicationBuilder builder)
    {
        // Tests register their own list first to add functions of theirs.
        builder.Services.TryAddSingleton<ITypeLocator>(new FunctionTypes(typeof(StandaloneFunctions)));
        builder.Services.AddSingleton<StandaloneFunctions>();
        builder.Services.AddSingleton<QueueNameResolver>();
        builder.Services.AddOptions<SchedulerOptions>().BindConfiguration("Scheduler");
        builder.Services.AddSingleton<TriggerEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TriggerEngine>());
    }
}
