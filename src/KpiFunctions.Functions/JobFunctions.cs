using KpiFunctions.App.Delivery;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;

namespace KpiFunctions.Functions;

/// <summary>The timer and queue functions: each one line over a job of the app.</summary>
public sealed class JobFunctions(
    ReportScheduler scheduler,
    RenderReportJob render,
    DeliverReportJob deliver,
    IngestionScheduler ingestion,
    IngestAccountJob ingest)
{
    /// <summary>Enqueues a fetch of every connected account whose platform data of yesterday is ready.</summary>
    [Function("ScheduleIngestion")]
    public async Task ScheduleIngestion([TimerTrigger("%IngestSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await ingestion.EnqueueDueAsync(cancellationToken);

    /// <summary>Fetches one account from its platform into the metric rows.</summary>
    [Function("IngestAccount")]
    public Task IngestAccount([QueueTrigger(Queues.IngestAccount)] IngestAccountMessage message, CancellationToken cancellationToken) =>
        ingest.RunAsync(message, cancellationToken);

    /// <summary>Enqueues the report periods now due, by each client's cadence and clock.</summary>
    [Function("ScheduleReports")]
    public async Task ScheduleReports([TimerTrigger("%ReportSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await scheduler.EnqueueDueAsync(cancellationToken);

    /// <summary>Renders a report; its answer goes on the delivery queue.</summary>
    [Function("RenderReport")]
    [QueueOutput(Queues.DeliverReport)]
    public Task<DeliverReportMessage?> RenderReport([QueueTrigger(Queues.RenderReport)] RenderReportMessage message, CancellationToken cancellationToken) =>
        render.RunAsync(message, cancellationToken);

    /// <summary>E-mails a rendered report to each recipient of its round, once.</summary>
    [Function("DeliverReport")]
    public Task DeliverReport([QueueTrigger(Queues.DeliverReport)] DeliverReportMessage message, CancellationToken cancellationToken) =>
        deliver.RunAsync(message, cancellationToken);
}
