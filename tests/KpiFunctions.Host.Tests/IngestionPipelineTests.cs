using System.Net.Http.Json;
using KpiFunctions.App.Ingestion;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The ingestion pipeline through the real trigger engine on Azurite: the connection's first fetch goes through the
/// ingest-account queue, and the ScheduleIngestion timer enqueues an account that is behind.
/// </summary>
public sealed class IngestionPipelineTests
{
    [Fact]
    public async Task ConnectThenTimer_RowsArriveThroughTheQueue_AndTheTimerCatchesUpAnAccountThatIsBehind()
    {
        var azurite = await SharedAzurite.GetAsync();
        await using var fake = await FakeMeta.StartAsync();
        var settings = IngestionFixture.Settings(fake.BaseUrl);
        settings["Scheduler:Enabled"] = "true";
        settings["Scheduler:HostId"] = $"ingest-{Guid.NewGuid().ToString("N")[..8]}";
        settings["IngestSchedule"] = "*/2 * * * * *";
        settings["AzureWebJobs:extensions:queues:maxPollingInterval"] = "00:00:00.100";
        await using var server = await KpiFunctionsServer.StartAsync(azurite.ConnectionString, settings);
        using var admin = server.CreateAdminClient();
        var clientId = TestIds.New("pipe");
        (await admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "Pipeline", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/fb", new { platform = "facebook", externalId = "8080" })).EnsureSuccessStatusCode();

        (await admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/fb/credentials", new { accessToken = fake.IssueToken() })).EnsureSuccessStatusCode();

        var last = IngestionFixture.LastCompleteDay;
        await WaitForAsync(admin, clientId, a => a["syncedThrough"]?.ToString() == last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var store = server.Services.GetRequiredService<AccountStore>();
        var firstRun = (await store.FindAsync(clientId, "fb", CancellationToken.None))!.LastRun!.Id;

        // Put it a week behind, as after an outage: the next timer tick enqueues it and the run catches up.
        await store.UpdateAsync(clientId, "fb", a => a with { SyncedThrough = last.AddDays(-7), Scheduled = null }, CancellationToken.None);
        await WaitForAsync(admin, clientId, a =>
            a["syncedThrough"]?.ToString() == last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            && a["lastRun"]?["id"]?.ToString() != firstRun && a["lastRun"]?["outcome"]?.ToString() == "succeeded");

        var account = await admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/fb");
        Assert.Equal(last.AddDays(-9).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string)account["lastRun"]!["from"]!); // 7 days behind + 3 of lookback
        Assert.Equal("connected", (string)account["status"]!);
    }

    private static async Task WaitForAsync(HttpClient admin, string clientId, Func<System.Text.Json.Nodes.JsonObject, bool> done)
    {
        for (var i = 0; i < 300; i++)
        {
            var account = await admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/fb");
            if (done(account))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("The account did not reach the expected state within 60 s.");
    }
}
