using KpiFunctions.App.Storage;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// <c>ScheduleIngestion</c>: once per account and account-local day, after the platform's data of yesterday is ready,
/// enqueues a fetch of every connected account that is not fetched through that day. The day's claim is written on
/// the account first (with its ETag), so two schedulers never enqueue the same day twice; a claimed run that did not
/// finish is enqueued again after <see cref="IngestionOptions.RescheduleAfter"/>. Once a day it prunes old raw responses.
/// </summary>
public sealed class IngestionScheduler(
    AccountStore accounts,
    PlatformConnectors connectors,
    IngestAccountJob job,
    Blobs blobs,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<IngestionScheduler> logger)
{
    /// <summary>Enqueues every due account; answers how many.</summary>
    public async Task<int> EnqueueDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var seen = 0;
        var enqueued = 0;
        await foreach (var account in accounts.ListWithTokensAsync(cancellationToken))
        {
            seen++;
            if (connectors.Find(account.Platform) is not { } connector || !IsDue(account, connector, now, out var day))
            {
                continue;
            }

            var claimed = await accounts.UpdateAsync(
                account.ClientId, account.Id, a => a.Scheduled == account.Scheduled ? a with { Scheduled = (day, now) } : null, cancellationToken);
            if (claimed is not null)
            {
                await job.EnqueueAsync(claimed, null, null, cancellationToken);
                enqueued++;
            }
        }

        Log.IngestionScheduled(logger, seen, enqueued);
        if (now.Hour == 3 && now.Minute < 15)
        {
            await PruneRawAsync(cancellationToken);
        }

        return enqueued;
    }

    /// <summary>Deletes raw responses older than <see cref="IngestionOptions.RawRetentionDays"/>.</summary>
    public async Task<int> PruneRawAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RawRetentionDays;
        var deleted = await RawResponses.PruneAsync(blobs, time.GetUtcNow(), TimeSpan.FromDays(days), cancellationToken);
        Log.RawPruned(logger, deleted, days);
        return deleted;
    }

    private bool IsDue(ConnectedAccount account, IPlatformConnector connector, DateTimeOffset now, out DateOnly day)
    {
        day = IngestAccountJob.LastCompleteDay(account, connector.Options, now);
        if (account.Status == AccountStatus.NeedsReauth || account.SyncedThrough >= day)
        {
            return false;
        }

        // A throttled run re-enqueues itself, and the account is paused until it continues (a daily quota: until the
        // reset); only a run that has not continued long after that is started again. A run claimed for this day, or
        // any run under way (a connection's backfill, a fetch asked for), gets a new chance only once it is overdue.
        var stale = account.Scheduled is not { } scheduled || now - scheduled.At > options.Value.RescheduleAfter;
        var running = account.LastRun is { FinishedAt: null } run && now - run.StartedAt <= options.Value.RescheduleAfter;
        return account.Status == AccountStatus.Throttled
            ? stale && (account.LastRun?.ResumesAt ?? account.LastRun?.StartedAt) < now - options.Value.RescheduleAfter
            : !running && (account.Scheduled?.Day != day || stale);
    }
}
