using System.Text.Json;
using KpiFunctions.Host.Clients;
using KpiFunctions.Host.Scheduling;
using KpiFunctions.Kpis;

namespace KpiFunctions.Host.Reports;

/// <summary>
/// The <c>RenderReport</c> function (queue <c>render-report</c>): renders a scheduled report and hands it to
/// delivery. Idempotent: a message delivered again for a rendered report only makes sure delivery was queued.
/// </summary>
internal sealed class RenderReportFunction(ClientStore clients, ReportStore reports, ReportRenderer renderer) : IQueueFunction
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "RenderReport";

    public string QueueName => Storage.Queues.RenderReport;

    public async Task RunAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<RenderReportMessage>(message, Json)
            ?? throw new JsonException("Empty render-report message.");
        if (await clients.FindAsync(request.ClientId, cancellationToken) is not { } client)
        {
            return; // the client was deleted meanwhile: nothing to render
        }

        var record = await reports.FindAsync(request.ClientId, request.PeriodKey, cancellationToken)
            ?? new ReportRecord(
                request.ClientId, request.PeriodKey, request.From, request.To,
                Enum.Parse<CompareMode>(request.Compare, ignoreCase: true), ReportStatus.Queued, ReportTrigger.Schedule);
        if (record.Status != ReportStatus.Rendered)
        {
            record = await renderer.RenderAsync(client, record, cancellationToken);
        }

        await renderer.EnqueueDeliveryAsync(record, cancellationToken);
    }
}
