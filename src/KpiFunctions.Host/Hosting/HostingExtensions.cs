using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using KpiFunctions.Host.Auth;
using KpiFunctions.Host.Clients;
using KpiFunctions.Host.Delivery;
using KpiFunctions.Host.Goals;
using KpiFunctions.Host.Reports;
using KpiFunctions.Host.Scheduling;
using KpiFunctions.Host.Kpis;
using KpiFunctions.Host.Metrics;
using KpiFunctions.Host.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Hosting;

/// <summary>The app's services and routes, shared by Program, the tests and the benchmarks.</summary>
public static class HostingExtensions
{
    /// <summary>Registers every service; throws <see cref="StartupException"/> when the configuration cannot work.</summary>
    public static WebApplicationBuilder AddKpiFunctions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;

        // Under Azure Functions the host picks the port and tells the custom handler through this variable;
        // it also fires the timers itself.
        var underFunctions = IsUnderFunctions(configuration);
        if (underFunctions)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]}");
        }

        var connectionString = configuration["Storage:ConnectionString"] ?? configuration["AzureWebJobsStorage"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupException(
                "No storage configured: set AzureWebJobsStorage (for Azurite: UseDevelopmentStorage=true).");
        }

        var adminKey = configuration["Auth:AdminKey"];
        if (string.IsNullOrWhiteSpace(adminKey))
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new StartupException(
                    "No admin key configured: set Auth__AdminKey (configuration Auth:AdminKey) to a long random secret. " +
                    "Only ASPNETCORE_ENVIRONMENT=Development starts without one, with a random key printed at start-up.");
            }

            adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            configuration["Auth:AdminKey"] = adminKey;
            Console.WriteLine($"Development mode: no Auth:AdminKey set, using the generated admin key {adminKey}");
        }

        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration("Storage")
            .Validate(o => o.Prefix.All(char.IsAsciiLetterOrDigit), "Storage:Prefix may hold letters and digits only.");
        services.AddOptions<AuthOptions>().BindConfiguration("Auth");
        services.AddOptions<SchedulerOptions>().BindConfiguration("Scheduler")
            .PostConfigure(o => o.Enabled &= !underFunctions);
        services.AddSingleton(new TableServiceClient(connectionString));
        services.AddSingleton(new BlobServiceClient(connectionString));
        services.AddSingleton(Queues.CreateService(connectionString));
        services.AddSingleton<Tables>();
        services.AddSingleton<Queues>();
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<ClientStore>();
        services.AddSingleton<MetricStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<GoalStore>();
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportScheduler>();
        services.AddOptions<ReportOptions>().BindConfiguration("Reports");
        services.AddSingleton<ReportFiles>();
        services.AddDelivery();
        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<ReportRenderer>();
        services.AddSingleton<IQueueFunction, RenderReportFunction>();
        services.AddSingleton<ITimerFunction, ScheduleReportsFunction>();
        services.AddHostedService<TimerHost>();
        services.AddHostedService<QueueHost>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Caller.AdminPolicy, policy => policy.RequireRole(Caller.AdminRole));

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        return builder;
    }

    /// <summary>Maps every route under <c>/api</c>.</summary>
    public static WebApplication MapKpiFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        var api = app.MapGroup("/api");
        api.MapGet("/health", HealthAsync).AllowAnonymous().WithName("Health").WithTags("Health");
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();

        api.MapGroup("/v1")
            .RequireAuthorization()
            .MapReportDownload()
            .MapClientsApi()
            .MapMetricsApi()
            .MapKpisApi()
            .MapGoalsApi()
            .MapScheduleApi()
            .MapReportsApi()
            .MapDeliveryApi()
            .MapKeysApi();

        if (IsUnderFunctions(app.Configuration))
        {
            app.MapFunctionInvocations();
        }

        return app;
    }

    private static bool IsUnderFunctions(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]);

    private static async Task<IResult> HealthAsync(Tables tables, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in tables.Clients.QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return TypedResults.Ok(new { status = "healthy" });
        }
        catch (Azure.RequestFailedException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage is unreachable.", detail: e.Message);
        }
    }
}

/// <summary>The configuration cannot work; the message says what to set.</summary>
public sealed class StartupException(string message) : Exception(message);
