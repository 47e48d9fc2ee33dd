using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using KpiFunctions.App.Reports;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// Storage goes away for 60 seconds while the host serves queries and a report falls due, then comes back: the same
/// host process answers 503 with Retry-After meanwhile (never 500), serves again within seconds, and its trigger engine
/// comes back by itself to render the report and e-mail it once to each recipient.
/// </summary>
public sealed class OutageTests
{
    [Fact]
    public async Task StorageDownFor60Seconds_UnderQueriesAndADueReport_TheSameHostRecoversAndMailsOnce()
    {
        await using var storage = await Azurite.StartAsync(persistent: true);
        await using var mail = await MailDev.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero));
        await using var server = await KpiFunctionsServer.StartAsync(
            storage.ConnectionString, PipelineSetup.Settings(mail, "outage"), s => s.AddSingleton<TimeProvider>(clock));
        using var admin = server.CreateAdminClient();
        var id = TestIds.New("outage");
        var recipients = await PipelineSetup.CreateMonthlyClientAsync(admin, id);
        await admin.PushOkAsync(id, [.. Enumerable.Range(1, 19).Select(d => Api.Row($"2026-03-{d:00}", "fb", "facebook", ("impressions", 1000)))]);
        var query = $"/api/v1/clients/{id}/kpis?from=2026-03-01&to=2026-03-19&kpi=impressions&compare=none";

        // Queries all along; March falls due while storage is down.
        var answers = new ConcurrentQueue<(HttpStatusCode Status, bool RetryAfter)>();
        using var stopQueries = new CancellationTokenSource();
        var queries = Task.Run(async () =>
        {
            while (!stopQueries.IsCancellationRequested)
            {
                using var response = await admin.GetAsync(query, CancellationToken.None);
                answers.Enqueue((response.StatusCode, response.Headers.RetryAfter is not null));
                await Task.Delay(250, CancellationToken.None);
            }
        });

        await storage.StopAsync();
        clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 6, 5, 0, TimeSpan.Zero));
        await Task.Delay(TimeSpan.FromSeconds(60));
        await storage.RestartAsync();
        var back = System.Diagnostics.Stopwatch.StartNew();
        while ((await admin.GetAsync(query)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(30), "The host did not serve again within 30 s of storage coming back.");
            await Task.Delay(200);
        }

        var servedAgainAfter = back.Elapsed;
        await stopQueries.CancelAsync();
        await queries;

        // Every answer meanwhile was a 200 or a 503 with Retry-After; some were 503.
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK || (a.Status == HttpStatusCode.ServiceUnavailable && a.RetryAfter), $"{a.Status}"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.True(servedAgainAfter < TimeSpan.FromSeconds(10), $"Served again after {servedAgainAfter}.");

        // The engine comes back, renders March and e-mails it, once to each recipient.
        await mail.WaitForAsync(m => recipients.All(r => m.Any(x => x.EnvelopeTo.Contains(r, StringComparer.OrdinalIgnoreCase))), TimeSpan.FromSeconds(120));
        await Task.Delay(2000); // room for a wrong second e-mail
        var inbox = await mail.ListAsync();
        Assert.All(recipients, r => Assert.Single(inbox, m => m.EnvelopeTo.Contains(r, StringComparer.OrdinalIgnoreCase)));
        var report = await server.Services.GetRequiredService<ReportStore>().FindAsync(id, "2026-03-01_2026-03-31", CancellationToken.None);
        Assert.Equal(ReportStatus.Delivered, report!.Status);
    }

    [Fact]
    public async Task HostStartedWhileStorageIsDown_Answers503NamingStorage_ThenServesOnceItIsBack()
    {
        await using var storage = await Azurite.StartAsync(persistent: true);
        await storage.StopAsync();
        await using var server = await KpiFunctionsServer.StartAsync(storage.ConnectionString, waitForStorage: false);
        using var admin = server.CreateAdminClient();

        using var health = await admin.GetAsync("/api/health");
        using var api = await admin.GetAsync("/api/v1/clients");
        var problem = await Api.AssertProblemAsync(health, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("storage", (string)problem["dependency"]!);
        await Api.AssertProblemAsync(api, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(10), api.Headers.RetryAfter!.Delta);

        await storage.RestartAsync();
        var back = System.Diagnostics.Stopwatch.StartNew();
        while ((await admin.GetAsync("/api/v1/clients")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(45), "Not ready 45 s after storage came back.");
            await Task.Delay(200);
        }

        (await admin.PostAsJsonAsync("/api/v1/clients", new { id = TestIds.New("late"), name = "Late", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
    }
}
