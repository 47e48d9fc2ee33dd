using System.Net.Http.Json;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Storage;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// ScheduleIngestion on Azurite with a fake clock: once per account and account-local day, after the platform's data
/// of yesterday is ready in the account's own time zone; never twice for the same day, even from two overlapping runs.
/// </summary>
public sealed class IngestionSchedulerTests
{
    [Fact]
    public async Task EnqueueDue_OncePerAccountLocalDay_AfterTheReadyHourInItsZone()
    {
        // 2026-06-10 20:30Z is 05:30 on 11 June in Tokyo (before the 06:00 ready hour) and 22:30 on 10 June in Oslo.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 20, 30, 0, TimeSpan.Zero));
        var azurite = await SharedAzurite.GetAsync();
        await using var server = await KpiFunctionsServer.StartAsync(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(clock));
        using var admin = server.CreateAdminClient();
        var clientId = TestIds.New("sched");
        (await admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "Zones", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        var store = server.Services.GetRequiredService<AccountStore>();
        var protector = server.Services.GetRequiredService<TokenProtector>();
        foreach (var (id, zone) in new[] { ("tokyo", "Asia/Tokyo"), ("oslo", "Europe/Oslo") })
        {
            var account = new ConnectedAccount(clientId, id, "facebook", "1" + id.Length, id, zone);
            await store.PutAsync(account, CancellationToken.None);
            // Both were fetched through 9 June (their local yesterday before today's run).
            await store.UpdateAsync(clientId, id, a => a with
            {
                Tokens = IngestAccountJob.Protect(protector, a, new PlatformTokens("token", null, null)),
                Status = AccountStatus.Connected,
                SyncedThrough = new DateOnly(2026, 6, 9),
            }, CancellationToken.None);
        }

        var scheduler = server.Services.GetRequiredService<IngestionScheduler>();

        // Tokyo is at 05:30 on the 11th: its 10th is not ready yet; Oslo's last complete day is the 9th: fetched.
        Assert.Equal(0, await scheduler.EnqueueDueAsync(CancellationToken.None));

        // 21:30Z: 06:30 in Tokyo, so its 10th is ready; two overlapping runs enqueue it once.
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 10, 21, 30, 0, TimeSpan.Zero));
        var runs = await Task.WhenAll(scheduler.EnqueueDueAsync(CancellationToken.None), scheduler.EnqueueDueAsync(CancellationToken.None));
        Assert.Equal(1, runs.Sum());
        Assert.Equal(["tokyo"], await DrainAsync(server));

        // The next hour finds it claimed for that day: nothing again, though it is not fetched yet.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await scheduler.EnqueueDueAsync(CancellationToken.None));

        // A claimed run that has not finished 6 hours later (its message was lost) is enqueued again.
        clock.Advance(TimeSpan.FromMinutes((5 * 60) + 1));
        Assert.Equal(["tokyo"], await EnqueuedAsync(server, scheduler));
        await store.UpdateAsync(clientId, "tokyo", a => a with { SyncedThrough = new DateOnly(2026, 6, 10) }, CancellationToken.None);

        // 04:30Z on the 11th is 06:30 in Oslo: now its 10th is ready.
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 11, 4, 30, 0, TimeSpan.Zero));
        Assert.Equal(1, await scheduler.EnqueueDueAsync(CancellationToken.None));
        Assert.Equal(["oslo"], await DrainAsync(server));

        // An account that needs a person is never enqueued.
        await store.UpdateAsync(clientId, "tokyo", a => a with { Status = AccountStatus.NeedsReauth, Scheduled = null }, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(["oslo"], await EnqueuedAsync(server, scheduler));
    }

    private static async Task<List<string>> EnqueuedAsync(KpiFunctionsServer server, IngestionScheduler scheduler)
    {
        await scheduler.EnqueueDueAsync(CancellationToken.None);
        return await DrainAsync(server);
    }

    private static async Task<List<string>> DrainAsync(KpiFunctionsServer server)
    {
        var queue = server.Services.GetRequiredService<Queues>().Get(Queues.IngestAccount);
        var accounts = new List<string>();
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                accounts.Add(QueueMessages.Parse<IngestAccountMessage>(message.Body.ToString()).AccountId);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return accounts;
    }
}
