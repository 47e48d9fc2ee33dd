using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// A host process killed in the middle of a render asked for over the API: after a restart the report completes by
/// itself (the delayed render-report message behind every render), no person needed.
/// </summary>
public sealed class RenderRecoveryTests
{
    [Fact]
    public async Task CreateReport_HostKilledMidRender_TheRestartedHostCompletesTheReport()
    {
        var azurite = await SharedAzurite.GetAsync();
        var adminKey = "admin-" + Guid.NewGuid().ToString("N");
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage:Prefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
            ["Auth:AdminKey"] = adminKey,
            ["Reports:LinkSecret"] = "links-" + Guid.NewGuid().ToString("N"),
            ["Tokens:Keys:k1"] = "tokens-" + Guid.NewGuid().ToString("N"),
            ["Reports:RenderRecoveryDelay"] = "00:00:03",
            ["Scheduler:HostId"] = "recover-" + Guid.NewGuid().ToString("N")[..8],
            ["AzureWebJobs:extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["AzureWebJobs:extensions:queues:visibilityTimeout"] = "00:00:01",
        };

        // A logo that is a named pipe nobody writes to: reading it blocks, so the render stops half-way, as rendering.
        var fifo = Path.Combine(Path.GetTempPath(), $"kpifunctions-logo-{Guid.NewGuid():N}");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var id = TestIds.New("crash");
        try
        {
            await using (var first = await HostProcess.StartAsync(new Dictionary<string, string?>(settings) { ["Reports:LogoPath"] = fifo }))
            {
                using var admin = first.CreateClient(adminKey);
                (await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = "Crash", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
                await admin.PushOkAsync(id, Api.Row("2026-03-01", "fb", "facebook", ("impressions", 100)));
                var render = admin.PostAsJsonAsync($"/api/v1/clients/{id}/reports", new { from = "2026-03-01", to = "2026-03-31" });
                await WaitUntilAsync(async () => await StatusAsync(admin, id) == "rendering", first.Log);

                await first.KillAsync();
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => render);
            }

            await using var second = await HostProcess.StartAsync(settings);
            using var again = second.CreateClient(adminKey);
            await WaitUntilAsync(async () => await StatusAsync(again, id) == "rendered", second.Log);

            using var pdf = await again.GetAsync($"/api/v1/clients/{id}/reports/2026-03-01_2026-03-31");
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..5], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    private static async Task<string?> StatusAsync(HttpClient admin, string clientId)
    {
        var reports = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/clients/{clientId}/reports"))!.AsArray();
        return reports.Count == 0 ? null : (string?)reports[0]!["status"];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string log)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"Gave up after 60 s; the host's log: {log}");
            await Task.Delay(100);
        }
    }
}
