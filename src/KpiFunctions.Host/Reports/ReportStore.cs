using System.Globalization;
using Azure;
using Azure.Data.Tables;
using KpiFunctions.Host.Storage;
using KpiFunctions.Kpis.Reporting;
using CompareMode = KpiFunctions.Kpis.CompareMode;

namespace KpiFunctions.Host.Reports;

/// <summary>Where a report period stands.</summary>
public enum ReportStatus
{
    /// <summary>A scheduler run claimed the period and is about to enqueue it.</summary>
    Claimed,

    /// <summary>The render message is on the <c>render-report</c> queue.</summary>
    Queued,
}

/// <summary>The scheduling record of one report period.</summary>
public sealed record ReportState(string PeriodKey, ReportStatus Status, DateTimeOffset ClaimedAt, ETag ETag);

/// <summary>
/// Report periods in the <c>Reports</c> table: partition the client id, row key the period key
/// (<c>yyyy-MM-dd_yyyy-MM-dd</c>, so keys sort by date). Inserting the row is the claim that makes a period
/// enqueued once, however many scheduler runs or hosts race for it.
/// </summary>
public sealed class ReportStore(Tables tables)
{
    /// <summary>A claim older than this whose message was never confirmed is taken over by the next run.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The states of the client's periods with keys from <paramref name="fromKey"/> on.</summary>
    public async Task<Dictionary<string, ReportState>> ListFromAsync(string clientId, string fromKey, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, ReportState>(StringComparer.Ordinal);
        var query = tables.Reports.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {clientId} and RowKey ge {fromKey}"),
            select: ["RowKey", "Status", "ClaimedAt"],
            cancellationToken: cancellationToken);
        await foreach (var e in query)
        {
            states[e.RowKey] = new ReportState(
                e.RowKey,
                Enum.Parse<ReportStatus>(e.GetString("Status")),
                e.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue,
                e.ETag);
        }

        return states;
    }

    /// <summary>
    /// Claims a period: inserts its row, or takes over a timed-out claim only if nobody changed it since
    /// <paramref name="stale"/> was read. False when another run holds it.
    /// </summary>
    public async Task<bool> TryClaimAsync(
        string clientId,
        ScheduledReport report,
        CompareMode compare,
        ReportState? stale,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var entity = new TableEntity(clientId, report.PeriodKey)
        {
            ["From"] = report.Period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["To"] = report.Period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Compare"] = compare.ToString(),
            ["SendAt"] = report.SendUtc,
            ["Status"] = nameof(ReportStatus.Claimed),
            ["ClaimedAt"] = now,
        };
        try
        {
            if (stale is null)
            {
                await tables.Reports.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await tables.Reports.UpdateEntityAsync(entity, stale.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed)
        {
            return false;
        }
    }

    public Task MarkQueuedAsync(string clientId, string periodKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        tables.Reports.UpdateEntityAsync(
            new TableEntity(clientId, periodKey) { ["Status"] = nameof(ReportStatus.Queued), ["QueuedAt"] = now },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);
}
