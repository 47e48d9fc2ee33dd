using System.Globalization;
using Azure;
using Azure.Data.Tables;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis.Reporting;
using CompareMode = KpiFunctions.Kpis.CompareMode;

namespace KpiFunctions.App.Reports;

/// <summary>Where a report stands.</summary>
public enum ReportStatus
{
    /// <summary>A scheduler run claimed the period and is about to enqueue it.</summary>
    Claimed,

    /// <summary>The render message is on the <c>render-report</c> queue.</summary>
    Queued,

    /// <summary>Being rendered.</summary>
    Rendering,

    /// <summary>The PDF and its JSON snapshot are in Blob Storage.</summary>
    Rendered,

    /// <summary>Rendering failed: nothing is sent and nothing shows as delivered.</summary>
    Failed,

    /// <summary>Rendered for a client whose reports are reviewed before sending: nothing is sent until it is approved.</summary>
    AwaitingReview,

    /// <summary>Rendered and e-mailed to every recipient.</summary>
    Delivered,

    /// <summary>Rendered and e-mailed to some recipients; the others failed or wait for a retry (see its deliveries).</summary>
    PartiallyDelivered,
}

/// <summary>What the report statuses mean for its files and its delivery.</summary>
public static class ReportStatuses
{
    /// <summary>True when the PDF and the snapshot are in Blob Storage and match the record.</summary>
    public static bool HasFiles(this ReportStatus status) =>
        status is ReportStatus.Rendered or ReportStatus.AwaitingReview or ReportStatus.Delivered or ReportStatus.PartiallyDelivered;
}

/// <summary>What started a report: the client's cadence or a request.</summary>
public enum ReportTrigger
{
    /// <summary>ScheduleReports, by the client's cadence; delivered when rendered.</summary>
    Schedule,

    /// <summary><c>POST .../reports</c>; delivered only when asked (resend).</summary>
    Manual,
}

/// <summary>The scheduling record of one report period.</summary>
public sealed record ReportState(string ReportId, ReportStatus Status, DateTimeOffset ClaimedAt, ETag ETag);

/// <summary>One report of a client: its period, its state, and the files it rendered to.</summary>
/// <param name="ClientId">The client.</param>
/// <param name="ReportId">The period key, <c>yyyy-MM-dd_yyyy-MM-dd</c>: one report per period.</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
/// <param name="Compare">The comparison the report shows.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Trigger">What started it.</param>
public sealed record ReportRecord(
    string ClientId,
    string ReportId,
    DateOnly From,
    DateOnly To,
    CompareMode Compare,
    ReportStatus Status,
    ReportTrigger Trigger)
{
    public DateTimeOffset? RenderedAt { get; init; }

    /// <summary>When the current render started, while <see cref="ReportStatus.Rendering"/>: a render older than
    /// <see cref="ReportOptions.RenderRecoveryDelay"/> died with its process and is done again.</summary>
    public DateTimeOffset? RenderingSince { get; init; }

    /// <summary>SHA-256 (hex) of the PDF blob.</summary>
    public string? PdfSha256 { get; init; }

    /// <summary>SHA-256 (hex) of the JSON snapshot blob.</summary>
    public string? DataSha256 { get; init; }

    public long? PdfBytes { get; init; }

    public int? Pages { get; init; }

    /// <summary>Why rendering failed, for <see cref="ReportStatus.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The render's number: 1 for the first, one more each time a render changed the PDF (earlier ones are kept).</summary>
    public int Version { get; init; }

    /// <summary>When the agency approved this render for sending; null until then. A new render needs a new approval.</summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>True when the client's reports are reviewed before sending and this render is not approved yet.</summary>
    public bool NeedsApproval(Client client) => client.ReviewBeforeSending && ApprovedAt is null;
}

/// <summary>
/// Report periods in the <c>Reports</c> table: partition the client id, row key the period key
/// (<c>yyyy-MM-dd_yyyy-MM-dd</c>, so keys sort by date). Inserting the row is the claim that makes a period
/// enqueued once, however many scheduler runs or hosts race for it.
/// </summary>
public sealed class ReportStore(Tables tables)
{
    /// <summary>A claim older than this whose message was never confirmed is taken over by the next run.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The states of the client's periods with report ids from <paramref name="fromReportId"/> on (ids sort by date).</summary>
    public async Task<Dictionary<string, ReportState>> ListFromAsync(string clientId, string fromReportId, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, ReportState>(StringComparer.Ordinal);
        var query = tables.Reports.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {clientId} and RowKey ge {fromReportId}"),
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

    /// <summary>The report; null when there is none, also for an id that is not a report id (never sent to storage).</summary>
    public async Task<ReportRecord?> FindAsync(string clientId, string reportId, CancellationToken cancellationToken)
    {
        if (!ClientRules.IsValidReportId(reportId))
        {
            return null;
        }

        var response = await tables.Reports.GetEntityIfExistsAsync<TableEntity>(clientId, reportId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>Every report of the client, newest period first.</summary>
    public async Task<List<ReportRecord>> ListAsync(string clientId, CancellationToken cancellationToken)
    {
        var records = new List<ReportRecord>();
        var query = tables.Reports.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {clientId}"), cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            records.Add(FromEntity(entity));
        }

        records.Reverse();
        return records;
    }

    /// <summary>Writes the whole record (insert or replace).</summary>
    public Task SaveAsync(ReportRecord record, CancellationToken cancellationToken) =>
        tables.Reports.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// Sets the status that delivery reached, unless the report was rendered again or awaits review (then the next
    /// delivery run sets it).
    /// </summary>
    public Task TrySetDeliveryStatusAsync(ReportRecord seen, ReportStatus status, CancellationToken cancellationToken) =>
        TryUpdateAsync(seen, current =>
            current.PdfSha256 == seen.PdfSha256 && current.Status != status && current.Status.HasFiles() && current.Status != ReportStatus.AwaitingReview
                ? current with { Status = status }
                : null,
            cancellationToken);

    /// <summary>Replaces the record with <paramref name="updated"/> if it is still as <paramref name="seen"/> was read; false otherwise.</summary>
    public Task<bool> TryReplaceAsync(ReportRecord seen, ReportRecord updated, CancellationToken cancellationToken) =>
        TryUpdateAsync(seen, current => current == seen ? updated : null, cancellationToken);

    /// <summary>Writes what <paramref name="change"/> makes of the stored record, conditional on its ETag; false when it made nothing or lost a race.</summary>
    private async Task<bool> TryUpdateAsync(ReportRecord seen, Func<ReportRecord, ReportRecord?> change, CancellationToken cancellationToken)
    {
        var response = await tables.Reports.GetEntityIfExistsAsync<TableEntity>(seen.ClientId, seen.ReportId, cancellationToken: cancellationToken);
        if (!response.HasValue || change(FromEntity(response.Value!)) is not { } updated)
        {
            return false;
        }

        try
        {
            await tables.Reports.UpdateEntityAsync(ToEntity(updated), response.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status412PreconditionFailed)
        {
            return false;
        }
    }

    public Task MarkQueuedAsync(string clientId, string reportId, DateTimeOffset now, CancellationToken cancellationToken) =>
        tables.Reports.UpdateEntityAsync(
            new TableEntity(clientId, reportId) { ["Status"] = nameof(ReportStatus.Queued), ["QueuedAt"] = now },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);

    private static TableEntity ToEntity(ReportRecord r) => new(r.ClientId, r.ReportId)
    {
        ["From"] = r.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["To"] = r.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Compare"] = r.Compare.ToString(),
        ["Status"] = r.Status.ToString(),
        ["Trigger"] = r.Trigger.ToString(),
        ["RenderedAt"] = r.RenderedAt,
        ["RenderingSince"] = r.RenderingSince,
        ["PdfSha256"] = r.PdfSha256,
        ["DataSha256"] = r.DataSha256,
        ["PdfBytes"] = r.PdfBytes,
        ["Pages"] = r.Pages,
        ["Error"] = r.Error,
        ["Version"] = r.Version,
        ["ApprovedAt"] = r.ApprovedAt,
    };

    private static ReportRecord FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.RowKey,
        DateOnly.ParseExact(e.GetString("From"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly.ParseExact(e.GetString("To"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum.Parse<CompareMode>(e.GetString("Compare")),
        Enum.Parse<ReportStatus>(e.GetString("Status")),
        e.GetString("Trigger") is { } trigger ? Enum.Parse<ReportTrigger>(trigger) : ReportTrigger.Schedule)
    {
        RenderedAt = e.GetDateTimeOffset("RenderedAt"),
        RenderingSince = e.GetDateTimeOffset("RenderingSince"),
        PdfSha256 = e.GetString("PdfSha256"),
        DataSha256 = e.GetString("DataSha256"),
        PdfBytes = e.GetInt64("PdfBytes"),
        Pages = e.GetInt32("Pages"),
        Error = e.GetString("Error"),
        Version = e.GetInt32("Version") ?? (e.GetString("PdfSha256") is null ? 0 : 1),
        ApprovedAt = e.GetDateTimeOffset("ApprovedAt"),
    };
}
