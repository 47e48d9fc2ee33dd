using System.Net;
using System.Net.Http.Json;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Storage;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// LinkedIn's daily quota with one fake clock for the host and the fake LinkedIn: a 429 pauses the account until midnight
/// UTC (not 6 hours, not a retry in the call), the schedule leaves it alone meanwhile, and the run continues after the reset.
/// </summary>
public sealed class LinkedInQuotaTests
{
    [Fact]
    public async Task DailyQuotaSpent_AccountPausedUntilMidnightUtc_NotRescheduledMeanwhile_ContinuesAfterTheReset()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 15, 0, 0, TimeSpan.Zero));
        var azurite = await SharedAzurite.GetAsync();
        await using var fake = await FakeMeta.StartAsync(new FakeMetaOptions { TimeProvider = clock });
        var settings = IngestionFixture.Settings(fake.BaseUrl);
        settings["Platforms:LinkedIn:ApiVersion"] = "202605"; // active in June 2026
        await using var server = await KpiFunctionsServer.StartAsync(azurite.ConnectionString, settings, s => s.AddSingleton<TimeProvider>(clock));
        using var admin = server.CreateAdminClient();
        var clientId = TestIds.New("quota");
        (await admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "Quota", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();

        // Tokyo: its next day is due at 21:00 UTC, before LinkedIn's quota resets at midnight UTC.
        (await admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/li", new { platform = "linkedin", externalId = "1337", timeZone = "Asia/Tokyo" })).EnsureSuccessStatusCode();
        var tokens = fake.IssueTokens(FakePlatform.LinkedIn);
        (await admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/li/credentials", new
        {
            accessToken = tokens.AccessToken, refreshToken = tokens.RefreshToken, expiresAt = clock.GetUtcNow() + tokens.AccessLifetime,
        })).EnsureSuccessStatusCode();
        await DrainAsync(server);

        // Six calls are left today: the first 90-day chunk takes four (three statistics, one page of posts), the second
        // chunk is refused on its third.
        fake.SetDailyQuota(FakePlatform.LinkedIn, 6);
        fake.ClearRequests();
        using var fetch = await admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/accounts/li/fetch", new { from = "2026-02-28", to = "2026-06-08" });
        Assert.Equal(HttpStatusCode.Accepted, fetch.StatusCode);
        var runId = (string)(await Api.ReadObjectAsync(fetch))["runId"]!;
        await DrainAsync(server);

        var run = await admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/li/runs/{runId}");
        Assert.Equal("throttled", (string)run["outcome"]!);
        Assert.Contains("midnight UTC", (string)run["error"]!, StringComparison.Ordinal);
        Assert.Contains("Continuing after 2026-06-11 00:00:00 UTC", (string)run["error"]!, StringComparison.Ordinal);
        var account = await admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/li");
        Assert.Equal("throttled", (string)account["status"]!);
        Assert.Equal(90, (int)run["rowsWritten"]!); // the first chunk is kept
        Assert.Equal(6, fake.Requests.Count(r => r.Path.Contains("Statistics", StringComparison.Ordinal))); // the 429 was not retried

        // 22:00 UTC is 07:00 in Tokyo: the account's next day is due, but it is paused until midnight UTC.
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 10, 22, 0, 0, TimeSpan.Zero));
        var scheduler = server.Services.GetRequiredService<IngestionScheduler>();
        Assert.Equal(0, await scheduler.EnqueueDueAsync(CancellationToken.None));

        // After midnight UTC the quota is new: the run continues where it stopped, as the queue hands it over.
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 11, 0, 0, 30, TimeSpan.Zero));
        var job = server.Services.GetRequiredService<IngestAccountJob>();
        await job.RunAsync(new IngestAccountMessage(clientId, "li", runId, new DateOnly(2026, 5, 29), new DateOnly(2026, 6, 8), Attempt: 2), CancellationToken.None);

        var resumed = await admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/li/runs/{runId}");
        Assert.Equal("succeeded", (string)resumed["outcome"]!);
        Assert.Equal(101, (int)resumed["rowsWritten"]!);
        Assert.Null(resumed["error"]);
        Assert.Equal("connected", (string)(await admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/li"))["status"]!);
    }

    private static async Task DrainAsync(KpiFunctionsServer server)
    {
        var queue = server.Services.GetRequiredService<Queues>().Get(Queues.IngestAccount);
        var job = server.Services.GetRequiredService<IngestAccountJob>();
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                await job.RunAsync(QueueMessages.Parse<IngestAccountMessage>(message.Body.ToString()), CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }
}
