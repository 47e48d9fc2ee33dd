using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// ScheduleReports against a real Azurite: two hosts sharing one storage account (same tables and queue), each with
/// its own fake clock set to the same instant. The timer engine itself is tested in <see cref="TriggerEngineTests"/>.
/// </summary>
public sealed class SchedulerTests
{
    // 2026-03-20 00:00Z: the clients get their cadence then, so their first periods are those containing that day.
    private static readonly DateTimeOffset CadenceSet = new(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);

    // 2026-07-10 12:00Z: by then (worked out in DueReports below) 22 reports are due.
    private static readonly DateTimeOffset Later = new(2026, 7, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EnqueueDue_TwoHostsOverlappingRuns_EnqueueEachDueReportExactlyOnce()
    {
        await using var pair = await HostPair.StartAsync(CadenceSet);
        await pair.CreateClientsAsync();
        pair.SetTime(Later);

        // Six runs at once, three per host, as overlapping timer runs or a manual run beside the timer would be.
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            pair.Hosts[i % 2].Services.GetRequiredService<ReportScheduler>().EnqueueDueAsync(CancellationToken.None)));

        Assert.Equal(22, pair.DueReports.Count); // 16 weeks + 4 months + 2 quarters
        Assert.Equal(pair.DueReports.Count, runs.Sum());
        var messages = await pair.DrainQueueAsync();
        Assert.Equal(pair.DueReports.Order(), messages.Select(m => $"{m.ClientId}/{m.ReportId}").Order());

        // A minute later nothing new is due and nothing is enqueued again.
        pair.SetTime(Later.AddMinutes(1));
        Assert.Equal(0, await pair.Hosts[0].Services.GetRequiredService<ReportScheduler>().EnqueueDueAsync(CancellationToken.None));
        Assert.Equal(0, await pair.Hosts[1].Services.GetRequiredService<ReportScheduler>().EnqueueDueAsync(CancellationToken.None));
        Assert.Empty(await pair.DrainQueueAsync());
    }

    [Fact]
    public async Task EnqueueDue_RenderMessage_CarriesPeriodAndComparison()
    {
        await using var pair = await HostPair.StartAsync(CadenceSet);
        await pair.CreateClientsAsync();
        pair.SetTime(Later);

        await pair.Hosts[0].Services.GetRequiredService<ReportScheduler>().EnqueueDueAsync(CancellationToken.None);

        var messages = await pair.DrainQueueAsync();
        var q2 = Assert.Single(messages, m => m.ReportId == "2026-04-01_2026-06-30");
        Assert.Equal((pair.Quarterly, new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30), "year"), (q2.ClientId, q2.From, q2.To, q2.Compare));
    }

    private static Dictionary<string, string?> SchedulerSettings(string prefix) => new()
    {
        ["Storage:Prefix"] = prefix,
        ["Scheduler:Enabled"] = "false",
    };

    /// <summary>Two hosts on one storage account and host id, each with a fake clock kept at the same instant.</summary>
    private sealed class HostPair : IAsyncDisposable
    {
        private readonly FakeTimeProvider[] _clocks;
        private readonly string _connectionString;
        private readonly string _prefix;

        private HostPair(KpiFunctionsServer[] hosts, FakeTimeProvider[] clocks, string connectionString, string prefix)
        {
            Hosts = hosts;
            _clocks = clocks;
            _connectionString = connectionString;
            _prefix = prefix;
        }

        public KpiFunctionsServer[] Hosts { get; }

        public string Weekly { get; } = TestIds.New("weekly");

        public string Monthly { get; } = TestIds.New("monthly");

        public string Quarterly { get; } = TestIds.New("quarterly");

        /// <summary>
        /// Worked out by hand. Cadences set on 2026-03-20 (CadenceSet); due at 2026-07-10 12:00Z (Later):
        /// - weekly, Europe/Stockholm, Monday 09:00 local after a 1-day delay: the weeks from Mon 16 March (the week
        ///   of 20 March) to Sun 5 July, whose report goes out Tue 7 July 09:00 CEST = 07:00Z; the week of 6 July has
        ///   not ended. 16 weeks.
        /// - monthly, Pacific/Auckland, 3 days' delay, 09:00: March (out 4 April), April, May, June (out 4 July 09:00
        ///   NZST = 3 July 21:00Z). 4 months.
        /// - quarterly, America/Sao_Paulo (UTC-3), no delay, 10:00: Q1 (out 1 April 13:00Z) and Q2 (out 1 July
        ///   13:00Z). 2 quarters.
        /// </summary>
        public List<string> DueReports { get; } = [];

        public static async Task<HostPair> StartAsync(DateTimeOffset now)
        {
            var azurite = await SharedAzurite.GetAsync();
            var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
            var clocks = new[] { new FakeTimeProvider(now), new FakeTimeProvider(now) };
            var hosts = new KpiFunctionsServer[2];
            for (var i = 0; i < 2; i++)
            {
                var clock = clocks[i];
                hosts[i] = await KpiFunctionsServer.StartAsync(
                    azurite.ConnectionString, SchedulerSettings(prefix), s => s.AddSingleton<TimeProvider>(clock));
            }

            return new HostPair(hosts, clocks, azurite.ConnectionString, prefix);
        }

        public void SetTime(DateTimeOffset now)
        {
            foreach (var clock in _clocks)
            {
                clock.SetUtcNow(now);
            }
        }

        /// <summary>Creates the three clients with their cadences at the fake "now", and fills <see cref="DueReports"/>.</summary>
        public async Task CreateClientsAsync()
        {
            using var admin = Hosts[0].CreateAdminClient();
            await CreateAsync(admin, Weekly, "Europe/Stockholm", new { frequency = "weekly", sendTime = "09:00", delayDays = 1, compare = "previous" });
            await CreateAsync(admin, Monthly, "Pacific/Auckland", new { frequency = "monthly", sendTime = "09:00", delayDays = 3, compare = "previous" });
            await CreateAsync(admin, Quarterly, "America/Sao_Paulo", new { frequency = "quarterly", sendTime = "10:00", delayDays = 0, compare = "year" });

            {
                for (var monday = new DateOnly(2026, 3, 16); monday <= new DateOnly(2026, 6, 29); monday = monday.AddDays(7))
                {
                    DueReports.Add($"{Weekly}/{monday:yyyy-MM-dd}_{monday.AddDays(6):yyyy-MM-dd}");
                }

                DueReports.AddRange(
                [
                    $"{Monthly}/2026-03-01_2026-03-31", $"{Monthly}/2026-04-01_2026-04-30",
                    $"{Monthly}/2026-05-01_2026-05-31", $"{Monthly}/2026-06-01_2026-06-30",
                    $"{Quarterly}/2026-01-01_2026-03-31", $"{Quarterly}/2026-04-01_2026-06-30",
                ]);
            }
        }

        public async Task<List<RenderReportMessage>> DrainQueueAsync()
        {
            var queue = new QueueClient(
                _connectionString, new StorageOptions { Prefix = _prefix }.QueueOrContainerName(Queues.RenderReport), Queues.ClientOptions());
            var messages = new List<RenderReportMessage>();
            while (true)
            {
                var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(5))).Value;
                if (batch.Length == 0)
                {
                    return messages;
                }

                foreach (var message in batch)
                {
                    messages.Add(QueueMessages.Parse<RenderReportMessage>(message.Body.ToString()));
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var host in Hosts)
            {
                await host.DisposeAsync();
            }
        }

        private static async Task CreateAsync(HttpClient admin, string id, string zone, object cadence)
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = id, timeZone = zone, currency = "EUR", locale = "en-GB" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var patched = await admin.PatchAsJsonAsync($"/api/v1/clients/{id}", new { cadence });
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }
    }
}
