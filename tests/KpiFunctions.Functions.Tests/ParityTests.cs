using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using KpiFunctions.App.Api;
using KpiFunctions.Host.Jobs;
using KpiFunctions.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Functions.Tests;

/// <summary>
/// The published Functions app against the standalone host, so that the two cannot drift: every HTTP function's route
/// and methods are served by the standalone host and described in the OpenAPI document and the other way round, and
/// every timer and queue function has its standalone counterpart on the same schedule setting or queues.
/// </summary>
public sealed class ParityTests(PublishedApp published) : IClassFixture<PublishedApp>
{
    [Fact]
    public void Publish_Output_HasWhatTheFunctionsHostLoads()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")), File.ReadAllText(Path.Combine(published.Folder, "host.json")));
        var worker = JsonNode.Parse(File.ReadAllText(Path.Combine(published.Folder, "worker.config.json")))!;
        Assert.Equal("dotnet-isolated", (string)worker["description"]!["language"]!);
        Assert.Equal("KpiFunctions.Functions.dll", (string)worker["description"]!["defaultWorkerPath"]!);
        Assert.True(File.Exists(Path.Combine(published.Folder, "KpiFunctions.Functions.dll")));

        // The queue extension the host loads for the queue triggers and output, from .azurefunctions/.
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(published.Folder, "extensions.json")))!["extensions"]!.AsArray();
        var queues = Assert.Single(extensions, e => (string)e!["name"]! == "AzureStorageQueues")!;
        var hint = (string)queues["hintPath"]!;
        Assert.StartsWith("./.azurefunctions/", hint, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(published.Folder, hint)), hint);

        Assert.Equal(
            ["ApproveReport", "ConnectAccount", "CreateClient", "CreateKey", "CreateReport", "DeleteAccount", "DeleteCommentary", "DeleteGoal",
             "DeliverReport", "DownloadReport", "FetchAccount", "GetAccount", "GetAccountRun", "GetClient", "GetCommentary", "GetGoal",
             "GetKpiSeries", "GetKpis", "GetReport", "GetReportData",
             "GetSchedule", "Health", "IngestAccount", "ListAccountRuns", "ListAccounts", "ListClients", "ListDeliveries", "ListGoals", "ListKeys",
             "ListReports", "OAuthCallback", "OpenApi", "PushMetrics", "PutAccount", "PutAccountCredentials", "PutGoal", "RenderReport",
             "ResendReport", "RevokeKey", "ScheduleIngestion", "ScheduleReports", "SetCommentary", "UpdateClient"],
            published.Functions.Select(f => (string)f["name"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HttpFunctions_ComparedWithTheStandaloneHostAndTheOpenApiDocument_AreTheSameRoutes()
    {
        var functions = published.WithTrigger("httpTrigger")
            .SelectMany(f => f.Trigger["methods"]!.AsArray().Select(m => Route(((string)m!).ToUpperInvariant(), "/api/" + (string)f.Trigger["route"]!)))
            .ToHashSet();
        Assert.All(published.WithTrigger("httpTrigger"), f => Assert.Equal("Anonymous", (string)f.Trigger["authLevel"]!));

        await using var server = await KpiFunctionsServer.StartAsync((await SharedAzurite.GetAsync()).ConnectionString);
        var standalone = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => Route(m, e.RoutePattern.RawText!)))
            .ToHashSet();
        using var http = server.CreateClient(null);
        var document = JsonNode.Parse(await http.GetStringAsync("/api/openapi/v1.json"))!;
        var described = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => Route(m.Key.ToUpperInvariant(), p.Key)))
            .ToHashSet();

        Assert.Equal(functions.Order(), standalone.Order());
        Assert.Equal(functions.Where(f => f != Route("GET", "/api/" + ApiRoutes.OpenApiPattern)).Order(), described.Order());
    }

    [Fact]
    public void TimerAndQueueFunctions_ComparedWithTheStandaloneHost_HaveTheSameScheduleAndQueues()
    {
        var functions = published.Functions
            .Where(f => (string)f["bindings"]![0]!["type"]! is not "httpTrigger")
            .Select(f => (string)f["name"]! + ": " + string.Join(", ", f["bindings"]!.AsArray().Select(b => Binding(
                (string)b!["type"]!, (string?)b["schedule"] ?? (string)b["queueName"]!))))
            .Order(StringComparer.Ordinal);

        var standalone = typeof(StandaloneFunctions).GetMethods()
            .Where(m => m.GetCustomAttribute<FunctionNameAttribute>() is not null)
            .Select(m => m.GetCustomAttribute<FunctionNameAttribute>()!.Name + ": " + string.Join(", ", m.GetParameters().SelectMany(StandaloneBindings)))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "DeliverReport: queueTrigger deliver-report", "IngestAccount: queueTrigger ingest-account",
                "RenderReport: queueTrigger render-report, queue deliver-report", "ScheduleIngestion: timerTrigger %IngestSchedule%",
                "ScheduleReports: timerTrigger %ReportSchedule%",
            ],
            functions);
        Assert.Equal(functions, standalone);
    }

    [Fact]
    public async Task DocsOpenApi_ComparedWithTheStandaloneHost_IsTheDocumentItGenerates()
    {
        await using var server = await KpiFunctionsServer.StartAsync((await SharedAzurite.GetAsync()).ConnectionString);
        using var http = server.CreateClient(null);
        var live = JsonNode.Parse(await http.GetStringAsync("/api/openapi/v1.json"))!.AsObject();
        var path = Path.Combine(RepoPaths.Root, "docs", "openapi.v1.json");
        if (Environment.GetEnvironmentVariable("KPIFUNCTIONS_WRITE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, live.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }

        Assert.True(
            JsonNode.DeepEquals(live, JsonNode.Parse(await File.ReadAllTextAsync(path))),
            "docs/openapi.v1.json differs from what the standalone host generates: " +
            "run KPIFUNCTIONS_WRITE_OPENAPI=1 dotnet test tests/KpiFunctions.Functions.Tests --filter DocsOpenApi, then rebuild.");
    }

    private static string Route(string method, string path) => $"{method} {path}";

    private static string Binding(string type, string value) => $"{type} {value}";

    // The standalone host writes queue names %name% so its resolver can prefix them; the name itself is the queue's.
    private static IEnumerable<string> StandaloneBindings(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
        {
            yield return Binding("timerTrigger", timer.ScheduleExpression);
        }

        if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } trigger)
        {
            yield return Binding("queueTrigger", trigger.QueueName.Trim('%'));
        }

        if (parameter.GetCustomAttribute<QueueAttribute>() is { } output)
        {
            yield return Binding("queue", output.QueueName.Trim('%'));
        }
    }
}
