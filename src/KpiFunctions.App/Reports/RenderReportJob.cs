using KpiFunctions.App.Clients;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Reports;

/// <summary>
/// The <c>RenderReport</c> job (queue <c>render-report</c>): renders a report unless it is rendered, and for a scheduled
/// one answers the message that hands it to delivery, which the host puts on the <c>deliver-report</c> queue.
/// Idempotent: a message delivered again for a rendered report renders nothing and answers the delivery message again,
/// which delivery, sending at most once per recipient, makes harmless; so a crash between rendering and enqueuing loses
/// no e-mail. A render asked for over the API has a message of its own, delayed by
/// <see cref="ReportOptions.RenderRecoveryDelay"/>, that finishes it here if its process died.
/// </summary>
public sealed class RenderReportJob(
    ClientStore clients, ReportStore reports, ReportRenderer renderer, IOptions<ReportOptions> options, TimeProvider time)
{
    /// <summary>Renders the message's report unless it is rendered; null when there is nothing to deliver.</summary>
    public async Task<DeliverReportMessage?> RunAsync(RenderReportMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await clients.FindAsync(message.ClientId, cancellationToken) is not { } client)
        {
            return null; // the client was deleted meanwhile: nothing to render
        }

        var record = await reports.FindAsync(message.ClientId, message.ReportId, cancellationToken)
            ?? new ReportRecord(
                message.ClientId, message.ReportId, message.From, message.To,
                Enum.Parse<CompareMode>(message.Compare.Replace("_", "", StringComparison.Ordinal), ignoreCase: true), ReportStatus.Queued, ReportTrigger.Schedule);
        if (record is { Status: ReportStatus.Rendering, RenderingSince: { } since } && time.GetUtcNow() - since < options.Value.RenderRecoveryDelay)
        {
            // Another worker may be rendering it right now: the message comes back after the queue's backoff.
            throw new InvalidOperationException($"Report {record.ReportId} of client {record.ClientId} is being rendered since {since:o}.");
        }

        if (!record.Status.HasFiles())
        {
            record = await renderer.RenderAsync(client, record, cancellationToken);
        }

        // Asked-for reports are e-mailed only when resent; reviewed ones when approved (the approval sends them).
        return record.Trigger == ReportTrigger.Schedule && record.Status != ReportStatus.AwaitingReview && !record.NeedsApproval(client)
            ? new DeliverReportMessage(record.ClientId, record.ReportId)
            : null;
    }
}
