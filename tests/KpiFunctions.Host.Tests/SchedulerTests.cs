using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using KpiFunctions.Host.Reports;
using KpiFunctions.Host.Scheduling;
using KpiFunctions.Host.Storage;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// ScheduleReports and the standalone timer host against a real Azurite: two hosts sharing one storage account
/// (same tables, queue and host id), each with its own fake clock set to the same instant.
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
        Assert.Equal(pair.DueReports.Order(), messages.Select(m => $"{m.ClientId}/{m.PeriodKey}").Order());

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
        var q2 = Assert.Single(messages, m => m.PeriodKey == "2026-04-01_2026-06-30");
        Assert.Equal((pair.Quarterly, new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30), "year"), (q2.ClientId, q2.From, q2.To, q2.Compare));
    }

    [Fact]
    public async Task TimerHost_TwoHostsSameHostId_OnlyTheLeaseHolderFiresEachOccurrence()
    {
        var fired = new List<TimerInfo>();
        await using var pair = await HostPair.StartAsync(
            Later,
            schedulerEnabled: true,
            services => services.AddSingleton<ITimerFunction>(new RecordingTimer(fired)));

        // Wait until one host holds the lease and has recorded the first occurrence (the next 5-minute mark).
        var status = await pair.WaitForStatusAsync(RecordingTimer.FunctionName, s => s is not null);
        Assert.Equal(Later.AddMinutes(5), status!.Next);

        pair.SetTime(Later.AddMinutes(5));
        await pair.WaitForStatusAsync(RecordingTimer.FunctionName, s => s?.Last == Later.AddMinutes(5));
        pair.SetTime(Later.AddMinutes(10));
        await pair.WaitForStatusAsync(RecordingTimer.FunctionName, s => s?.Last == Later.AddMinutes(10));
        await Task.Delay(500); // room for a wrong second firing to show up

        lock (fired)
        {
            Assert.Equal(2, fired.Count);
            Assert.All(fired, t => Assert.False(t.IsPastDue));
        }
    }

    [Fact]
    public async Task TimerHost_AfterDowntime_RunsOnceWithIsPastDue()
    {
        var fired = new List<TimerInfo>();
        var hostId = "downtime-" + Guid.NewGuid().ToString("N")[..8];
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var azurite = await SharedAzurite.GetAsync();

        // The status a host wrote before going down 3 hours ago: its next occurrence has long passed.
        var missed = Later.AddHours(-3);
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(
            TimerHost.ContainerName(new StorageOptions { Prefix = prefix }));
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"timers/{hostId}/{RecordingTimer.FunctionName}/status").UploadAsync(
            BinaryData.FromString($$"""{"Last":"{{missed.AddMinutes(-5):o}}","Next":"{{missed:o}}","LastUpdated":"{{missed.AddMinutes(-5):o}}"}"""));

        var clock = new FakeTimeProvider(Later);
        await using var server = await KpiFunctionsServer.StartAsync(
            azurite.ConnectionString,
            SchedulerSettings(prefix, hostId, enabled: true),
            services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<ITimerFunction>(new RecordingTimer(fired));
            });

        var status = await WaitForStatusAsync(container, hostId, RecordingTimer.FunctionName, s => s?.Last == Later);
        lock (fired)
        {
            var run = Assert.Single(fired);
            Assert.True(run.IsPastDue);
            Assert.Equal(missed, run.ScheduleStatus!.Next);
        }

        Assert.Equal(Later.AddMinutes(5), status!.Next);
    }

    [Fact]
    public async Task CustomHandlerInvocation_FunctionsTimerPayload_RunsScheduleReportsAndAnswersOutputs()
    {
        await using var pair = await HostPair.StartAsync(CadenceSet, underFunctions: true);
        await pair.CreateClientsAsync();
        pair.SetTime(Later);

        // The Functions host may send a binding value JSON-encoded a second time, as a string.
        var timer = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-07-10T11:55:00Z","Next":"2026-07-10T12:00:00Z","LastUpdated":"2026-07-10T11:55:00Z"},"IsPastDue":false}""";
        var invocation = JsonSerializer.Serialize(new { Data = new { timer }, Metadata = new { } });
        using var http = pair.Hosts[0].CreateClient(null);
        using var response = await http.PostAsync("/ScheduleReports", new StringContent(invocation, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, answer.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(pair.DueReports.Count, (await pair.DrainQueueAsync()).Count);
    }

    private static Dictionary<string, string?> SchedulerSettings(string prefix, string hostId, bool enabled) => new()
    {
        ["Storage:Prefix"] = prefix,
        ["Scheduler:HostId"] = hostId,
        ["Scheduler:Enabled"] = enabled ? "true" : "false",
        ["Scheduler:LeaseDuration"] = "00:00:15",
        ["Scheduler:LeaseRetry"] = "00:00:00.200",
        ["TestSchedule"] = "0 */5 * * * *",
    };

    private static async Task<ScheduleStatus?> WaitForStatusAsync(
        BlobContainerClient container, string hostId, string function, Func<ScheduleStatus?, bool> done)
    {
        var blob = container.GetBlobClient($"timers/{hostId}/{function}/status");
        for (var attempt = 0; attempt < 200; attempt++)
        {
            ScheduleStatus? status = null;
            if (await blob.ExistsAsync())
            {
                status = (await blob.DownloadContentAsync()).Value.Content.ToObjectFromJson<ScheduleStatus>();
            }

            if (done(status))
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The status of {function} never reached the expected state.");
    }

    /// <summary>A timer function that records its invocations.</summary>
    private sealed class RecordingTimer(List<TimerInfo> fired) : ITimerFunction
    {
        public const string FunctionName = "RecordingTimer";

        public string Name => FunctionName;

        public string ScheduleSetting => "TestSchedule";

        public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
        {
            lock (fired)
            {
                fired.Add(timer);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Two hosts on one storage account and host id, each with a fake clock kept at the same instant.</summary>
    private sealed class HostPair : IAsyncDisposable
    {
        private readonly FakeTimeProvider[] _clocks;
        private readonly string _connectionString;
        private readonly string _prefix;
        private readonly string _hostId;

        private HostPair(KpiFunctionsServer[] hosts, FakeTimeProvider[] clocks, string connectionString, string prefix, string hostId)
        {
            Hosts = hosts;
            _clocks = clocks;
            _connectionString = connectionString;
            _prefix = prefix;
            _hostId = hostId;
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

        public static async Task<HostPair> StartAsync(
            DateTimeOffset now,
            bool schedulerEnabled = false,
            Action<IServiceCollection>? services = null,
            bool underFunctions = false)
        {
            var azurite = await SharedAzurite.GetAsync();
            var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
            var hostId = "pair-" + Guid.NewGuid().ToString("N")[..8];
            var clocks = new[] { new FakeTimeProvider(now), new FakeTimeProvider(now) };
            var hosts = new KpiFunctionsServer[2];
            for (var i = 0; i < 2; i++)
            {
                var settings = SchedulerSettings(prefix, hostId, schedulerEnabled);
                if (underFunctions)
                {
                    settings["FUNCTIONS_CUSTOMHANDLER_PORT"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var clock = clocks[i];
                hosts[i] = await KpiFunctionsServer.StartAsync(azurite.ConnectionString, settings, s =>
                {
                    s.AddSingleton<TimeProvider>(clock);
                    services?.Invoke(s);
                });
            }

            return new HostPair(hosts, clocks, azurite.ConnectionString, prefix, hostId);
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
                _connectionString,
                new StorageOptions { Prefix = _prefix }.QueueOrContainerName(Queues.RenderReport),
                new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
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
                    messages.Add(message.Body.ToObjectFromJson<RenderReportMessage>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }

        public Task<ScheduleStatus?> WaitForStatusAsync(string function, Func<ScheduleStatus?, bool> done) =>
            SchedulerTests.WaitForStatusAsync(
                new BlobServiceClient(_connectionString).GetBlobContainerClient(TimerHost.ContainerName(new StorageOptions { Prefix = _prefix })),
                _hostId,
                function,
                done);

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
