using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using KpiFunctions.Host.Jobs;
using KpiFunctions.Testing;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The standalone host's trigger engine (the WebJobs SDK) against a real Azurite, with test functions of its own:
/// timer singletons by blob lease, one past-due run after downtime (the blob schedule monitor), the queue settings of
/// host.json, parallel batches and poison messages.
/// </summary>
public sealed class TriggerEngineTests
{
    [Fact]
    public async Task Timer_TwoHostsSameHostId_OnlyTheLeaseHolderFires()
    {
        var fired = new ConcurrentQueue<(string Host, DateTime At)>();
        var hostId = "lease-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await StartAsync(hostId, fired, "first", typeof(EverySecondTimer));
        await using var second = await StartAsync(hostId, fired, "second", typeof(EverySecondTimer));

        await WaitUntilAsync(() => fired.Count >= 4, TimeSpan.FromSeconds(30));

        // One host holds the lease and fires every occurrence; the other never fires one.
        Assert.Single(fired.Select(r => r.Host).Distinct());
    }

    [Fact]
    public async Task Timer_StatusShowsAMissedOccurrence_RunsOnceWithIsPastDue()
    {
        var fired = new ConcurrentQueue<(string Host, DateTime At)>();
        var pastDue = new ConcurrentQueue<bool>();
        var hostId = "downtime-" + Guid.NewGuid().ToString("N")[..8];

        // The status a host wrote before it went down: the daily run of yesterday midnight (UTC) never happened.
        var today = DateTime.UtcNow.Date;
        var status = $$"""{"Last":"{{today.AddDays(-2):o}}","Next":"{{today.AddDays(-1):o}}","LastUpdated":"{{today.AddDays(-2):o}}"}""";
        var azurite = await SharedAzurite.GetAsync();
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("azure-webjobs-hosts");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"timers/{hostId}/{typeof(DailyTimer).FullName}.Run/status").UploadAsync(BinaryData.FromString(status), overwrite: true);

        await using var host = await StartAsync(hostId, fired, "host", typeof(DailyTimer), s => s.AddSingleton(pastDue));
        await WaitUntilAsync(() => !pastDue.IsEmpty, TimeSpan.FromSeconds(30));
        await Task.Delay(1000); // room for a wrong second run

        Assert.Equal([true], pastDue.ToArray());
    }

    [Fact]
    public async Task QueueTrigger_HostJsonSettings_ConfigureTheQueuesAndRunABatchInParallel()
    {
        var probe = new ParallelProbe();
        var queueName = "probe-" + Guid.NewGuid().ToString("N")[..12];
        await using var host = await StartAsync(
            "batch-" + Guid.NewGuid().ToString("N")[..8], new ConcurrentQueue<(string, DateTime)>(), "host", typeof(ProbeQueueFunction),
            s => s.AddSingleton(probe), new() { ["ProbeQueue"] = queueName });

        var engine = host.Services.GetRequiredService<TriggerEngine>();
        await WaitUntilAsync(() => engine.Services is not null, TimeSpan.FromSeconds(30));
        var options = engine.Services!.GetRequiredService<IOptions<QueuesOptions>>().Value;
        Assert.Equal((16, 8, 5, TimeSpan.FromSeconds(10)), (options.BatchSize, options.NewBatchThreshold, options.MaxDequeueCount, options.VisibilityTimeout));

        var queue = new QueueClient((await SharedAzurite.GetAsync()).ConnectionString, queueName, App.Storage.Queues.ClientOptions());
        await queue.CreateIfNotExistsAsync();
        for (var i = 0; i < 16; i++)
        {
            await queue.SendMessageAsync($"message {i}");
        }

        await WaitUntilAsync(() => probe.Done == 16, TimeSpan.FromSeconds(30));
        Assert.True(probe.MostAtOnce >= 8, $"At most {probe.MostAtOnce} messages ran at once.");
    }

    [Fact]
    public async Task QueueTrigger_MessageThatAlwaysFails_MovesToPoisonAfterMaxDequeueCount()
    {
        var probe = new ParallelProbe();
        var queueName = "failing-" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["ProbeQueue"] = queueName,
            ["AzureWebJobs:extensions:queues:visibilityTimeout"] = "00:00:00",
        };
        await using var host = await StartAsync(
            "poison-" + Guid.NewGuid().ToString("N")[..8], new ConcurrentQueue<(string, DateTime)>(), "host", typeof(FailingQueueFunction),
            s => s.AddSingleton(probe), settings);
        var connection = (await SharedAzurite.GetAsync()).ConnectionString;
        var queue = new QueueClient(connection, queueName, App.Storage.Queues.ClientOptions());
        var poison = new QueueClient(connection, queueName + "-poison", App.Storage.Queues.ClientOptions());
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("cannot be handled");
        await WaitUntilAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length == 1, TimeSpan.FromSeconds(60));

        Assert.Equal(5, probe.Done); // maxDequeueCount in host.json
        Assert.Equal("cannot be handled", (await poison.PeekMessagesAsync()).Value.Single().Body.ToString());
    }

    private static async Task<KpiFunctionsServer> StartAsync(
        string hostId,
        ConcurrentQueue<(string Host, DateTime At)> fired,
        string name,
        Type functions,
        Action<IServiceCollection>? services = null,
        Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? [])
        {
            ["Scheduler:Enabled"] = "true",
            ["Scheduler:HostId"] = hostId,
            ["AzureWebJobs:extensions:queues:maxPollingInterval"] = "00:00:00.100",
        };
        var azurite = await SharedAzurite.GetAsync();
        return await KpiFunctionsServer.StartAsync(azurite.ConnectionString, all, s =>
        {
            s.AddSingleton<ITypeLocator>(new FunctionTypes(functions));
            s.AddSingleton(new TimerRecorder(name, fired));
            services?.Invoke(s);
        });
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            await Task.Delay(50, limit.Token);
        }
    }
}

/// <summary>Records which host fired a test timer, and when.</summary>
public sealed record TimerRecorder(string Host, ConcurrentQueue<(string Host, DateTime At)> Fired)
{
    public void Record() => Fired.Enqueue((Host, DateTime.UtcNow));
}

/// <summary>Counts the messages a test queue function handled, and how many ran at once.</summary>
public sealed class ParallelProbe
{
    private int _running;
    private int _mostAtOnce;
    private int _done;

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public int Done => Volatile.Read(ref _done);

    public async Task RunAsync(TimeSpan duration)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostAtOnce, running);
        try
        {
            await Task.Delay(duration);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            Interlocked.Increment(ref _done);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}

public sealed class EverySecondTimer(TimerRecorder recorder)
{
    [FunctionName("EverySecondTimer")]
    public void Run([TimerTrigger("* * * * * *")] TimerInfo timer) => recorder.Record();
}

public sealed class DailyTimer(TimerRecorder recorder, ConcurrentQueue<bool> pastDue)
{
    [FunctionName("DailyTimer")]
    public void Run([TimerTrigger("0 0 0 * * *")] TimerInfo timer)
    {
        recorder.Record();
        pastDue.Enqueue(timer.IsPastDue);
    }
}

public sealed class ProbeQueueFunction(ParallelProbe probe)
{
    [FunctionName("ProbeQueue")]
    public Task Run([QueueTrigger("%ProbeQueue%")] string message) => probe.RunAsync(TimeSpan.FromMilliseconds(500));
}

public sealed class FailingQueueFunction(ParallelProbe probe)
{
    [FunctionName("FailingQueue")]
    public async Task Run([QueueTrigger("%ProbeQueue%")] string message)
    {
        await probe.RunAsync(TimeSpan.Zero);
        throw new InvalidOperationException($"Test: '{message}' always fails.");
    }
}
