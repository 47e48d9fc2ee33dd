using KpiFunctions.App.Clients;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis;

namespace KpiFunctions.App.Reports;

/// <summary>
/// The <c>RenderReport</c> job (queue <c>render-report</c>): renders a scheduled report and answers the message that
/// hands it to delivery, which the host puts on the <c>deliver-report</c> queue. Idempotent: a message delivered again
/// for a rendered report renders nothing and answers the delivery message again, which delivery, sending at most once
/// per recipient, makes harmless; so a crash between rendering and enqueuing loses no e-mail.
/// </summary>
public sealed class RenderReportJob(ClientStore clients, ReportStore reports, ReportRenderer renderer)
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
                Enum.Parse<CompareMode>(message.Compare, ignoreCase: true), ReportStatus.Queued, ReportTrigger.Schedule);
        if (record.Status != ReportStatus.Rendered)
        {
            record = await renderer.RenderAsync(client, record, cancellationToken);
        }

        return new DeliverReportMessage(record.ClientId, record.ReportId);
    }
}
