using KpiFunctions.App.Clients;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis.Reporting;

namespace KpiFunctions.App.Reports;

/// <summary>
/// The work of the <c>ScheduleReports</c> function: for every client, the report periods due by the client's own
/// clock and cadence that were never enqueued get one <c>render-report</c> message each.
/// </summary>
public sealed class ReportScheduler(
    ClientStore clients,
    ReportStore reports,
    Queues queues,
    TimeProvider time,
    ILogger<ReportScheduler> logger)
{
    /// <summary>How many clients are looked at at once: their storage round trips overlap; claims keep it exactly-once.</summary>
    private const int ClientsAtOnce = 16;

    /// <summary>Enqueues every due period not enqueued yet; returns how many this run enqueued.</summary>
    public async Task<int> EnqueueDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var enqueued = 0;
        var all = await clients.ListAsync(cancellationToken);
        await Parallel.ForEachAsync(
            all,
            new ParallelOptions { MaxDegreeOfParallelism = ClientsAtOnce, CancellationToken = cancellationToken },
            async (client, ct) => Interlocked.Add(ref enqueued, await EnqueueDueAsync(client, now, ct)));
        Log.ReportsScheduled(logger, all.Count, enqueued);
        return enqueued;
    }

    private async Task<int> EnqueueDueAsync(Client client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (client.Cadence is not { } cadence)
        {
            return 0;
        }

        IReadOnlyList<ScheduledReport> due;
        try
        {
            due = ReportSchedule.Due(cadence.ToSchedule(), client.Zone, cadence.Since, now);
        }
        catch (TimeZoneNotFoundException)
        {
            // One client whose zone this machine does not know must not hold up everyone else's reports.
            Log.UnknownTimeZone(logger, client.Id, client.TimeZone);
            return 0;
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var enqueued = 0;
        var states = await reports.ListFromAsync(client.Id, due[0].PeriodKey, cancellationToken);
        foreach (var report in due)
        {
            var state = states.GetValueOrDefault(report.PeriodKey);
            var stale = state is { Status: ReportStatus.Claimed } && now - state.ClaimedAt > ReportStore.ClaimTimeout;
            if (state is not null && !stale)
            {
                continue;
            }

            // Whoever inserts (or takes over) the row enqueues; every other run or host skips the period.
            if (!await reports.TryClaimAsync(client.Id, report, cadence.Compare, state, now, cancellationToken))
            {
                continue;
            }

            var message = new RenderReportMessage(
                client.Id, report.PeriodKey, report.Period.From, report.Period.To, cadence.Compare.ToString().ToLowerInvariant());
            await queues.SendAsync(Queues.RenderReport, message, delay: null, cancellationToken);
            await reports.MarkQueuedAsync(client.Id, report.PeriodKey, time.GetUtcNow(), cancellationToken);
            Log.ReportEnqueued(logger, report.PeriodKey, client.Id, report.SendUtc);
            enqueued++;
        }

        return enqueued;
    }
}
