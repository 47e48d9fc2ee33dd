using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// Reports end to end with the real renderer: on-demand render over HTTP, the PDF and JSON snapshot in Blob
/// Storage, signed links, the RenderReport queue function, and failures that must never reach delivery.
/// </summary>
public sealed class ReportsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task RenderReport_OnDemand_StoresPdfAndSnapshotWithTheirSha256()
    {
        var id = await CreateClientWithDataAsync("render");

        using var response = await Admin.PostAsJsonAsync($"/api/v1/clients/{id}/reports", new { from = "2026-10-01", to = "2026-10-31" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await Api.ReadObjectAsync(response);
        Assert.Equal("2026-10-01_2026-10-31", (string)report["id"]!);
        Assert.Equal("rendered", (string)report["status"]!);
        Assert.Equal("manual", (string)report["trigger"]!);

        var pdf = await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31");
        var data = await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31/data");
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.Equal(ReportFiles.Sha256(pdf), (string)report["pdfSha256"]!);
        Assert.Equal(ReportFiles.Sha256(data), (string)report["dataSha256"]!);
        Assert.Equal(pdf.Length, (long)report["pdfBytes"]!);

        // The snapshot holds the numbers: impressions over October = 31 days x 1000 (pushed below).
        var snapshot = JsonNode.Parse(data)!;
        var impressions = snapshot["kpis"]!.AsArray().Single(k => (string)k!["id"]! == "impressions")!;
        Assert.Equal(31_000, (double)impressions["value"]!);
        // September (previous period, 30 days) had 500 a day: 15 000.
        Assert.Equal(15_000, (double)impressions["previous"]!);

        // The PDF says the same, in text a person can search and copy.
        var text = await Api.PdfTextAsync(pdf);
        Assert.Contains("Report client render", text, StringComparison.Ordinal);
        Assert.Contains("31,000", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderReport_Month_NamesItsMonthsChartsTheComparisonAndListsGoalsThatStartLater()
    {
        var id = await CreateClientWithDataAsync("month");
        using var goal = await Admin.PutAsJsonAsync(
            $"/api/v1/clients/{id}/goals/next-year", new { kpi = "impressions", target = 500_000, startDate = "2027-01-01", deadline = "2027-06-30" });
        goal.EnsureSuccessStatusCode();

        await RenderAsync(id);

        var pdf = await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31");
        var data = JsonNode.Parse(await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31/data"))!;
        // October is compared with September (whole calendar months), and every trend carries September's line.
        Assert.Equal("2026-09-01", (string)data["comparison"]!["from"]!);
        var impressions = data["trends"]!.AsArray().Single(t => (string)t!["kpi"]! == "impressions")!;
        Assert.Equal(31, impressions["points"]!.AsArray().Count);
        Assert.Equal(30, impressions["comparison"]!.AsArray().Count);
        Assert.All(impressions["comparison"]!.AsArray(), p => Assert.Equal(500, (double)p!["value"]!));

        var text = System.Text.RegularExpressions.Regex.Replace(await Api.PdfTextAsync(pdf), "\\s+", " ");
        Assert.Contains("October 2026", text, StringComparison.Ordinal);
        Assert.Contains("compared with September 2026", text, StringComparison.Ordinal);
        // A goal that starts after the period is listed as not started, not as "no goals".
        Assert.Contains("Not started", text, StringComparison.Ordinal);
        Assert.DoesNotContain("No goals have been set", text, StringComparison.Ordinal);
        // A pushed account has no name but its id.
        Assert.Contains("Facebook · fb-main", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderReport_SamePeriodSameData_GivesTheSameBytesAndStaysVersionOne()
    {
        var id = await CreateClientWithDataAsync("same");

        var first = await RenderAsync(id);
        var firstPdf = await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31");
        var second = await RenderAsync(id);
        var secondPdf = await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31");

        Assert.Equal(firstPdf, secondPdf);
        Assert.Equal((string)first["pdfSha256"]!, (string)second["pdfSha256"]!);
        Assert.Equal((string)first["dataSha256"]!, (string)second["dataSha256"]!);
        Assert.Equal((DateTimeOffset)first["renderedAt"]!, (DateTimeOffset)second["renderedAt"]!);
        Assert.Equal(1, (int)second["version"]!);
    }

    [Fact]
    public async Task RenderReport_AfterTheDataChanged_IsVersionTwoWithVersionOneKeptBesideIt()
    {
        var id = await CreateClientWithDataAsync("versions");
        var first = await RenderAsync(id);
        var firstPdf = await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31");

        // A late correction from the platform: 31 October had 4000 impressions, not 1000.
        await Admin.PushOkAsync(id, Api.Row("2026-10-31", "fb-main", "facebook", ("impressions", 4000)));
        var second = await RenderAsync(id);

        Assert.Equal(2, (int)second["version"]!);
        Assert.NotEqual((string)first["pdfSha256"]!, (string)second["pdfSha256"]!);
        var snapshot = JsonNode.Parse(await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31/data"))!;
        Assert.Equal(30 * 1000 + 4000, (double)snapshot["kpis"]!.AsArray().Single(k => (string)k!["id"]! == "impressions")!["value"]!);
        var container = fixture.Server.Services.GetRequiredService<Blobs>().Reports;
        var kept = (await container.GetBlobClient($"{id}/2026-10-01_2026-10-31.v1.pdf").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(firstPdf, kept);
    }

    [Fact]
    public async Task RenderReport_WithTheClientsLayout_ShowsItsCardsAndTableRowsInItsOrderWithAGlossary()
    {
        var id = await CreateClientWithDataAsync("layout");
        using (var patched = await Admin.PatchClientAsync(id, Api.Json(new
        {
            report = new { headlineKpis = new[] { "likes", "impressions", "reviews" }, tableKpis = new[] { "followers", "engagement" } },
        })))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        await RenderAsync(id);

        var snapshot = JsonNode.Parse(await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31/data"))!;
        // Reviews have no data and are left out. The engagement category stands for its KPIs with data: of them only
        // likes were pushed, so likes, engagements (their sum) and engagement rate (over the pushed impressions).
        Assert.Equal(["likes", "impressions"], snapshot["headlineKpis"]!.AsArray().Select(k => (string)k!));
        Assert.Equal(["followers", "likes", "engagements", "engagement_rate"], snapshot["tableKpis"]!.AsArray().Select(k => (string)k!));
        var text = await Api.PdfTextAsync(await Admin.GetByteArrayAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31"));
        var glossary = text[text.LastIndexOf("Glossary", StringComparison.Ordinal)..];
        foreach (var name in new[] { "Followers", "Likes", "Engagements", "Engagement rate", "Impressions" })
        {
            Assert.Contains(name, glossary, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Reviews", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cost per click", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchReportLayout_UnknownKpi_Answers400NamingItAndChangesNothing()
    {
        var id = await CreateClientWithDataAsync("badlayout");

        using var response = await Admin.PatchClientAsync(id, Api.Json(new
        {
            name = "Renamed",
            report = new { headlineKpis = new[] { "reach", "nope" }, tableKpis = new[] { "reach", "reach" }, hideEmptyKpis = "yes" },
        }));

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(["report.headlineKpis[1]", "report.hideEmptyKpis", "report.tableKpis[1]"], errors.Keys.Order(StringComparer.Ordinal));
        var client = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.Equal("Report client badlayout", (string)client["name"]!);
        Assert.Null(client["report"]);
    }

    [Fact]
    public async Task ListReports_AfterRenders_ShowsHistoryNewestFirst()
    {
        var id = await CreateClientWithDataAsync("list");
        await RenderAsync(id, "2026-09-01", "2026-09-30");
        await RenderAsync(id, "2026-10-01", "2026-10-31");

        var list = JsonNode.Parse(await Admin.GetStringAsync($"/api/v1/clients/{id}/reports"))!.AsArray();

        Assert.Equal(["2026-10-01_2026-10-31", "2026-09-01_2026-09-30"], list.Select(r => (string)r!["id"]!));
        Assert.All(list, r => Assert.Equal("rendered", (string)r!["status"]!));
    }

    [Fact]
    public async Task GetReport_ByKeyOrSignedLink_NamesThePdfForPeople()
    {
        var id = await CreateClientWithDataAsync("named");
        await RenderAsync(id);

        using var byKey = await Admin.GetAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31");
        var link = JsonNode.Parse(await Admin.GetStringAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31?link=true"))!;
        using var anonymous = fixture.CreateClient(null);
        using var byLink = await anonymous.GetAsync(new Uri((string)link["url"]!).PathAndQuery);

        // As the e-mail attaches it: the client's name and the period in the client's language (en-GB here).
        foreach (var response in new[] { byKey, byLink })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Report client named – October 2026.pdf", response.Content.Headers.ContentDisposition!.FileNameStar);
        }
    }

    [Fact]
    public async Task DownloadLink_ValidThenTampered_AnswersPdfThen403()
    {
        var id = await CreateClientWithDataAsync("link");
        await RenderAsync(id);

        var link = JsonNode.Parse(await Admin.GetStringAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31?link=true"))!;
        var url = new Uri((string)link["url"]!);
        using var anonymous = fixture.CreateClient(null);

        using var ok = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/pdf", ok.Content.Headers.ContentType!.MediaType);

        using var tampered = await anonymous.GetAsync(url.PathAndQuery.Replace("2026-10-01_2026-10-31", "2026-09-01_2026-09-30", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        using var later = await anonymous.GetAsync(url.PathAndQuery.Replace("expires=", "expires=9", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, later.StatusCode);
    }

    [Fact]
    public async Task GetReport_UnknownOrOtherClient_Answers404()
    {
        var id = await CreateClientWithDataAsync("missing");
        var other = await fixture.CreateClientAsync("other");
        await RenderAsync(id);
        using var otherKey = fixture.CreateClient(await fixture.CreateKeyAsync(other, canWrite: false));

        using var unknown = await Admin.GetAsync($"/api/v1/clients/{id}/reports/2025-01-01_2025-01-31");
        using var notAnId = await Admin.GetAsync($"/api/v1/clients/{id}/reports/latest");
        using var foreign = await otherKey.GetAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task RenderReport_BadPeriod_Answers400NamingTheField()
    {
        var id = await CreateClientWithDataAsync("bad");

        using var response = await Admin.PostAsJsonAsync($"/api/v1/clients/{id}/reports", new { from = "2026-10-31", to = "2026-10-01" });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Contains("from", errors.Keys);
    }

    [Fact]
    public async Task RenderReportJob_ScheduledMessageTwice_RendersOnceAndHandsItToDeliveryEachTime()
    {
        var id = await CreateClientWithDataAsync("queued");
        var job = fixture.Server.Services.GetRequiredService<RenderReportJob>();
        var store = fixture.Server.Services.GetRequiredService<ReportStore>();
        var message = QueueMessages.Parse<RenderReportMessage>(
            JsonSerializer.Serialize(new { clientId = id, reportId = "2026-10-01_2026-10-31", from = "2026-10-01", to = "2026-10-31", compare = "previous" }));

        var first = await job.RunAsync(message, CancellationToken.None);
        var rendered = await store.FindAsync(id, "2026-10-01_2026-10-31", CancellationToken.None);
        var again = await job.RunAsync(message, CancellationToken.None); // the queue delivered it again

        Assert.Equal(ReportStatus.Rendered, rendered!.Status);
        Assert.Equal(ReportTrigger.Schedule, rendered.Trigger);
        Assert.Equal(rendered, await store.FindAsync(id, "2026-10-01_2026-10-31", CancellationToken.None)); // not rendered again
        Assert.Equal(new DeliverReportMessage(id, "2026-10-01_2026-10-31"), first);
        Assert.Equal(first, again); // delivery sends once per recipient, so a second message is harmless
    }

    [Fact]
    public async Task RenderReportJob_RenderingFails_MarksFailedAndQueuesNoDelivery()
    {
        // A logo file that does not exist makes every render of this host fail.
        var azurite = await SharedAzurite.GetAsync();
        await using var broken = await KpiFunctionsServer.StartAsync(
            azurite.ConnectionString,
            new Dictionary<string, string?> { ["Reports:LogoPath"] = "/nonexistent/logo.png" });
        using var admin = broken.CreateAdminClient();
        var id = TestIds.New("failing");
        (await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = "Failing", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        var job = broken.Services.GetRequiredService<RenderReportJob>();
        var message = new RenderReportMessage(id, "2026-10-01_2026-10-31", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), "previous");

        await Assert.ThrowsAnyAsync<IOException>(() => job.RunAsync(message, CancellationToken.None));

        var list = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/clients/{id}/reports"))!.AsArray();
        Assert.Equal("failed", (string)list.Single()!["status"]!);
        Assert.Contains("/nonexistent/logo.png", (string)list.Single()!["error"]!, StringComparison.Ordinal);

        // A client key reads that it failed, not the deployment's file paths.
        using var keyResponse = await admin.PostAsJsonAsync($"/api/v1/clients/{id}/keys", new { name = "portal", canWrite = false });
        using var client = broken.CreateClient((string)JsonNode.Parse(await keyResponse.Content.ReadAsStringAsync())!["key"]!);
        var seen = JsonNode.Parse(await client.GetStringAsync($"/api/v1/clients/{id}/reports"))!.AsArray().Single()!;
        Assert.Equal(("failed", "The report could not be rendered; the agency has been told."), ((string)seen["status"]!, (string)seen["error"]!));
        using var clientPdf = await client.GetAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31");
        Assert.DoesNotContain("nonexistent", await clientPdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var pdf = await admin.GetAsync($"/api/v1/clients/{id}/reports/2026-10-01_2026-10-31");
        Assert.Equal(HttpStatusCode.Conflict, pdf.StatusCode);
        var queue = new QueueClient(azurite.ConnectionString, new StorageOptions { Prefix = broken.Prefix }.QueueOrContainerName(Queues.DeliverReport));
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }

    private async Task<string> CreateClientWithDataAsync(string prefix)
    {
        var id = TestIds.New(prefix);
        using var created = await Admin.PostAsJsonAsync("/api/v1/clients", new { id, name = $"Report client {prefix}", timeZone = "Europe/Stockholm", currency = "SEK", locale = "en-GB" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // September: 500 impressions a day; October: 1000 a day, 40 likes, 1000 + day followers.
        var rows = new List<Dictionary<string, object?>>();
        for (var day = new DateOnly(2026, 9, 1); day <= new DateOnly(2026, 10, 31); day = day.AddDays(1))
        {
            var october = day.Month == 10;
            rows.Add(Api.Row($"{day:yyyy-MM-dd}", "fb-main", "facebook",
                ("impressions", october ? 1000 : 500), ("likes", 40), ("followers", 1000 + day.DayNumber % 100)));
        }

        await Admin.PushOkAsync(id, [.. rows]);
        return id;
    }

    private async Task<JsonObject> RenderAsync(string id, string from = "2026-10-01", string to = "2026-10-31")
    {
        using var response = await Admin.PostAsJsonAsync($"/api/v1/clients/{id}/reports", new { from, to });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Api.ReadObjectAsync(response);
    }
}
