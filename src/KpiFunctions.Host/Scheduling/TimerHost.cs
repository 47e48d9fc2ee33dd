using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using KpiFunctions.Host.Hosting;
using KpiFunctions.Host.Storage;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Scheduling;

/// <summary>
/// Fires the timer functions in standalone mode the way the Functions timer trigger does: one blob lease per
/// timer (<c>azure-webjobs-hosts/locks/{hostId}/{function}.Listener</c>) so only one of several hosts fires it,
/// the last and next occurrence in <c>timers/{hostId}/{function}/status</c>, and after downtime one run with
/// <c>IsPastDue</c> instead of a replay of every missed occurrence.
/// </summary>
/// <remarks>
/// Schedules follow the injected <see cref="TimeProvider"/> (tests use a fake clock). Lease renewal follows
/// the real clock on purpose: the storage service expires leases by its own wall clock.
/// </remarks>
public sealed class TimerHost(
    IEnumerable<ITimerFunction> functions,
    BlobServiceClient blobs,
    IConfiguration configuration,
    IOptions<SchedulerOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<TimerHost> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private readonly SchedulerOptions _options = options.Value;
    private readonly string _hostId = options.Value.HostId ?? configuration["AzureFunctionsWebHost:hostid"] ?? "kpifunctions";

    /// <summary>The container Functions keeps its host state in (prefixed like every container of the app).</summary>
    public static string ContainerName(StorageOptions storage) =>
        storage.QueueOrContainerName("azure-webjobs-hosts");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _options.Enabled ? Task.WhenAll(functions.Select(f => RunAsync(f, stoppingToken))) : Task.CompletedTask;

    private async Task RunAsync(ITimerFunction function, CancellationToken stoppingToken)
    {
        var expression = configuration[function.ScheduleSetting];
        var schedule = string.IsNullOrWhiteSpace(expression) ? null : TimerSchedule.TryParse(expression);
        if (schedule is null)
        {
            Log.TimerDisabled(logger, function.Name, function.ScheduleSetting);
            return;
        }

        var container = blobs.GetBlobContainerClient(ContainerName(storage.Value));
        await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var lockBlob = container.GetBlobClient($"locks/{_hostId}/{function.Name}.Listener");
        var statusBlob = container.GetBlobClient($"timers/{_hostId}/{function.Name}/status");
        await CreateIfMissingAsync(lockBlob, stoppingToken);
        var lease = lockBlob.GetBlobLeaseClient();

        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await TryAcquireAsync(lease, stoppingToken))
            {
                await Task.Delay(_options.LeaseRetry, stoppingToken);
                continue;
            }

            using var holding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewing = RenewAsync(lease, holding);
            try
            {
                await ListenAsync(function, schedule, statusBlob, holding.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                Log.TimerLeaseLost(logger, function.Name);
            }
            finally
            {
                await holding.CancelAsync();
                await renewing;
                await ReleaseAsync(lease);
            }
        }
    }

    private async Task ListenAsync(ITimerFunction function, TimerSchedule schedule, BlobClient statusBlob, CancellationToken cancellationToken)
    {
        var status = await ReadStatusAsync(statusBlob, cancellationToken);
        var now = time.GetUtcNow();
        if (status is null)
        {
            // The first start ever records the schedule and waits for its first occurrence.
            status = new ScheduleStatus(null, schedule.Next(now), now);
            await WriteStatusAsync(statusBlob, status, cancellationToken);
        }
        else if (now > status.Next)
        {
            // Missed occurrences (downtime) make one run, marked past due, not one run each.
            await InvokeAsync(function, new TimerInfo(status, IsPastDue: true), cancellationToken);
            status = new ScheduleStatus(now, schedule.Next(now), time.GetUtcNow());
            await WriteStatusAsync(statusBlob, status, cancellationToken);
        }

        Log.TimerListening(logger, function.Name, schedule.Expression, status.Next);
        while (true)
        {
            for (var wait = status.Next - time.GetUtcNow(); wait > TimeSpan.Zero; wait = status.Next - time.GetUtcNow())
            {
                // Task.Delay takes at most ~49 days at a time.
                await Task.Delay(wait < TimeSpan.FromDays(1) ? wait : TimeSpan.FromDays(1), time, cancellationToken);
            }

            var occurrence = status.Next;
            await InvokeAsync(function, new TimerInfo(status, IsPastDue: false), cancellationToken);
            status = new ScheduleStatus(occurrence, schedule.Next(occurrence), time.GetUtcNow());
            await WriteStatusAsync(statusBlob, status, cancellationToken);
        }
    }

    private async Task InvokeAsync(ITimerFunction function, TimerInfo timer, CancellationToken cancellationToken)
    {
        Log.TimerFired(logger, function.Name, timer.IsPastDue);
        try
        {
            await function.RunAsync(timer, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // As on Functions, a failed timer run is not retried: the next occurrence runs as usual.
            Log.TimerFailed(logger, e, function.Name);
        }
    }

    private async Task RenewAsync(BlobLeaseClient lease, CancellationTokenSource holding)
    {
        try
        {
            while (!holding.IsCancellationRequested)
            {
                await Task.Delay(_options.LeaseDuration / 3, holding.Token);
                await lease.RenewAsync(cancellationToken: holding.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RequestFailedException)
        {
            await holding.CancelAsync(); // lost: stop firing; another host takes over
        }
    }

    private async Task<bool> TryAcquireAsync(BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        try
        {
            await lease.AcquireAsync(_options.LeaseDuration, cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            return false;
        }
    }

    private static async Task ReleaseAsync(BlobLeaseClient lease)
    {
        try
        {
            await lease.ReleaseAsync();
        }
        catch (RequestFailedException)
        {
            // Expired or taken already: nothing to give back.
        }
    }

    private static async Task CreateIfMissingAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed)
        {
            // Another host created it first.
        }
    }

    private static async Task<ScheduleStatus?> ReadStatusAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ScheduleStatus>(Json);
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    private static Task WriteStatusAsync(BlobClient blob, ScheduleStatus status, CancellationToken cancellationToken) =>
        blob.UploadAsync(BinaryData.FromObjectAsJson(status, Json), overwrite: true, cancellationToken);
}
