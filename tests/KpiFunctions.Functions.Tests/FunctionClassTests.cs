using System.Globalization;
using System.Reflection;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using KpiFunctions.App.Api;
using KpiFunctions.App.Http;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Functions.Tests;

/// <summary>
/// The worker's function classes called as the worker calls them (HTTP functions with a real HttpContext, queue
/// functions with the real message payloads, the timer function) against a real Azurite and MailDev.
/// </summary>
public sealed class FunctionClassTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly ApiFunctions _api = app.Create<ApiFunctions>();

    [Fact]
    public async Task HttpFunctions_ClientMetricsAndKpis_AnswerAsTheApiDoes()
    {
        var id = "fn-" + Guid.NewGuid().ToString("N")[..10];
        var created = await CallAsync(_api.CreateClient, "POST", "/api/v1/clients", app.AdminKey,
            $$"""{"id":"{{id}}","name":"Functions client","timeZone":"Europe/Stockholm","currency":"SEK","locale":"sv-SE"}""");
        Assert.True(created.Status == 201, created.ToString());
        Assert.Equal(id, (string)created.Json["id"]!);

        // Two days of one account: impressions 1000 and 3000, likes 10 and 50.
        var pushed = await CallAsync(_api.PushMetrics, "POST", $"/api/v1/clients/{id}/metrics", app.AdminKey,
            """{"rows":[{"date":"2026-03-01","accountId":"fb","platform":"facebook","impressions":1000,"likes":10},{"date":"2026-03-02","accountId":"fb","platform":"facebook","impressions":3000,"likes":50}]}""");
        Assert.True(pushed.Status == 200, pushed.ToString());
        Assert.Equal(2, (int)pushed.Json["rowsWritten"]!);

        var kpis = await CallAsync(_api.GetKpis, "GET", $"/api/v1/clients/{id}/kpis?from=2026-03-01&to=2026-03-02&kpi=impressions,engagements&compare=none", app.AdminKey);
        Assert.True(kpis.Status == 200, kpis.ToString());
        var values = kpis.Json["kpis"]!.AsArray().ToDictionary(k => (string)k!["id"]!, k => (double?)k!["value"]);
        Assert.Equal(4000, values["impressions"]); // 1000 + 3000
        Assert.Equal(60, values["engagements"]); // likes 10 + 50, the only interaction pushed
    }

    [Fact]
    public async Task HttpFunctions_BadInput_AnswerProblemDetailsNamingTheField()
    {
        var answer = await CallAsync(_api.CreateClient, "POST", "/api/v1/clients", app.AdminKey,
            """{"id":"x","name":"","timeZone":"Mars/Olympus","currency":"EUR","locale":"en-GB"}""");

        Assert.True(answer.Status == 400, answer.ToString());
        Assert.Equal("application/problem+json", answer.ContentType);
        var errors = answer.Json["errors"]!.AsObject();
        Assert.Equal(["id", "name", "timeZone"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task HttpFunctions_UnknownClient_Answer404AndAClientKeyCannotReadAnother()
    {
        var id = "fnkey-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(201, (await CallAsync(_api.CreateClient, "POST", "/api/v1/clients", app.AdminKey,
            $$"""{"id":"{{id}}","name":"Key client","timeZone":"UTC","currency":"EUR","locale":"en-GB"}""")).Status);
        var created = await CallAsync(_api.CreateKey, "POST", $"/api/v1/clients/{id}/keys", app.AdminKey, """{"name":"portal","canWrite":false}""");
        Assert.True(created.Status == 201, created.ToString());
        var key = (string)created.Json["key"]!;

        var missing = await CallAsync(_api.GetClient, "GET", "/api/v1/clients/nobody-here", app.AdminKey);
        var own = await CallAsync(_api.GetClient, "GET", $"/api/v1/clients/{id}", key);
        var other = await CallAsync(_api.ListClients, "GET", "/api/v1/clients", key);
        var push = await CallAsync(_api.PushMetrics, "POST", $"/api/v1/clients/{id}/metrics", key, """{"rows":[]}""");

        Assert.True(missing.Status == 404 && missing.ContentType == "application/problem+json", missing.ToString());
        Assert.True(own.Status == 200 && (string)own.Json["id"]! == id, own.ToString());
        Assert.True(other.Status == 403, other.ToString()); // listing clients needs the admin key
        Assert.True(push.Status == 403, push.ToString()); // a read-only key may not push
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // sent in chunks: the limit is found while reading
    public async Task HttpFunctions_BodyOverTheRoutesLimit_Answer413ProblemDetails(bool withLength)
    {
        var id = "fnbig-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(201, (await CallAsync(_api.CreateClient, "POST", "/api/v1/clients", app.AdminKey,
            $$"""{"id":"{{id}}","name":"Big body","timeZone":"UTC","currency":"EUR","locale":"en-GB"}""")).Status);
        var json = "{\"name\":\"" + new string('x', 300 * 1024) + "\"}";
        var request = app.Request("PATCH", $"/api/v1/clients/{id}", app.AdminKey, json, "application/merge-patch+json");
        if (!withLength)
        {
            request.ContentLength = null;
        }

        var answer = await FunctionsApp.AnswerAsync(request, await _api.UpdateClient(request));

        Assert.True(answer.Status == 413, answer.ToString());
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    /// <summary>Every HTTP function but the anonymous ones refuses a request without a key, 401 with problem details.</summary>
    [Fact]
    public async Task EveryHttpFunction_NoKey_RefusesUnlessTheRouteIsAnonymous()
    {
        var functions = typeof(ApiFunctions).GetMethods().Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null).ToList();
        Assert.Equal(ApiRoutes.All.Count, functions.Count);
        foreach (var method in functions)
        {
            var route = ApiRoutes.Get(method.GetCustomAttribute<FunctionAttribute>()!.Name);
            var trigger = method.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;
            Assert.Equal(route.Pattern, trigger.Route);
            var path = "/api/" + route.Pattern.Replace("{clientId}", "some-client", StringComparison.Ordinal)
                .Replace("{kpiId}", "reach", StringComparison.Ordinal).Replace("{goalId}", "g1", StringComparison.Ordinal)
                .Replace("{reportId}", "2026-03-01_2026-03-31", StringComparison.Ordinal).Replace("{keyId}", "0123456789abcdef", StringComparison.Ordinal);
            var request = app.Request(trigger.Methods![0].ToUpperInvariant(), path);

            var answer = await FunctionsApp.AnswerAsync(request, await (Task<IResult>)method.Invoke(_api, [request])!);

            if (route.Access == Access.Anonymous)
            {
                Assert.True(answer.Status != 401, $"{route.Name}: {answer}");
            }
            else
            {
                Assert.True(answer.Status == 401, $"{route.Name}: {answer}");
                Assert.Equal("application/problem+json", answer.ContentType);
            }
        }
    }

    [Fact]
    public async Task OpenApiFunction_V1_AnswersTheDocumentInDocs()
    {
        var request = app.Request("GET", "/api/openapi/v1.json");

        var answer = await FunctionsApp.AnswerAsync(request, new OpenApiFunction().OpenApi(request, "v1"));

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Testing.RepoPaths.Root, "docs", "openapi.v1.json")), answer.Body);
    }

    /// <summary>
    /// ScheduleReports (the timer function) enqueues the due report, RenderReport (with the queue's real payload)
    /// renders it into Blob Storage and answers the delivery message, and DeliverReport (with that message as the output
    /// binding writes it) e-mails the PDF to each recipient once.
    /// </summary>
    [Fact]
    public async Task TimerAndQueueFunctions_DueMonthlyReport_RenderedIntoBlobStorageAndEmailedOnce()
    {
        var id = "fnpipe-" + Guid.NewGuid().ToString("N")[..10];
        string[] recipients = [$"cmo-{id}@example.com", $"team-{id}@example.com"];
        Assert.Equal(201, (await CallAsync(_api.CreateClient, "POST", "/api/v1/clients", app.AdminKey,
            $$"""{"id":"{{id}}","name":"Pipeline client","timeZone":"UTC","currency":"EUR","locale":"en-GB"}""")).Status);
        var patched = await CallAsync(_api.UpdateClient, "PATCH", $"/api/v1/clients/{id}", app.AdminKey,
            $$"""{"cadence":{"frequency":"monthly","sendTime":"06:00","delayDays":0,"compare":"previous"},"recipients":[{"email":"{{recipients[0]}}"},{"email":"{{recipients[1]}}"}]}""",
            "application/merge-patch+json");
        Assert.True(patched.Status == 200, patched.ToString());
        var rows = string.Join(',', Enumerable.Range(1, 20).Select(d =>
            string.Create(CultureInfo.InvariantCulture, $$"""{"date":"2026-03-{{d:00}}","accountId":"fb","platform":"facebook","impressions":1000,"likes":30}""")));
        Assert.Equal(200, (await CallAsync(_api.PushMetrics, "POST", $"/api/v1/clients/{id}/metrics", app.AdminKey, $$"""{"rows":[{{rows}}]}""")).Status);

        // 1 April 06:05: March is due.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 6, 5, 0, TimeSpan.Zero));
        var jobs = app.Create<JobFunctions>();
        await jobs.ScheduleReports(new TimerInfo { IsPastDue = false }, CancellationToken.None);

        var queue = new QueueClient(app.StorageConnectionString, app.Prefix.ToLowerInvariant() + "-render-report", Queues.ClientOptions());
        var payload = Assert.Single((await queue.ReceiveMessagesAsync(32)).Value, m => m.Body.ToString().Contains(id, StringComparison.Ordinal)).Body.ToString();
        var deliver = await jobs.RenderReport(app.DeserializeMessage<RenderReportMessage>(payload), CancellationToken.None);

        var record = await app.Services.GetRequiredService<ReportStore>().FindAsync(id, "2026-03-01_2026-03-31", CancellationToken.None);
        Assert.Equal(ReportStatus.Rendered, record!.Status);
        var blob = new BlobServiceClient(app.StorageConnectionString)
            .GetBlobContainerClient(app.Prefix.ToLowerInvariant() + "-reports").GetBlobClient($"{id}/2026-03-01_2026-03-31.pdf");
        var pdf = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(record.PdfSha256, ReportFiles.Sha256(pdf));
        Assert.Equal($$"""{"clientId":"{{id}}","reportId":"2026-03-01_2026-03-31"}""", app.SerializeMessage(deliver!));

        await jobs.DeliverReport(app.DeserializeMessage<DeliverReportMessage>(app.SerializeMessage(deliver!)), CancellationToken.None);
        await jobs.DeliverReport(app.DeserializeMessage<DeliverReportMessage>(app.SerializeMessage(deliver!)), CancellationToken.None); // redelivered

        var inbox = await app.Mail.ListAsync();
        foreach (var recipient in recipients)
        {
            var mail = Assert.Single(inbox, m => m.EnvelopeTo.Contains(recipient, StringComparer.OrdinalIgnoreCase));
            var attachment = Assert.Single(mail.Attachments);
            Assert.Equal(record.PdfSha256, ReportFiles.Sha256(await app.Mail.GetAttachmentAsync(mail, attachment)));
        }
    }

    private async Task<Answer> CallAsync(
        Func<HttpRequest, Task<IResult>> function, string method, string path, string? key, string? json = null, string contentType = "application/json")
    {
        var request = app.Request(method, path, key, json, contentType);
        return await FunctionsApp.AnswerAsync(request, await function(request));
    }
}
