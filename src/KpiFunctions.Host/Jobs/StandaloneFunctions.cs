using KpiFunctions.App.Delivery;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using Microsoft.Azure.WebJobs;

namespace KpiFunctions.Host.Jobs;

/// <summary>
/// The timer and queue functions of the standalone host, run by the WebJobs SDK (the engine the Functions host runs
/// triggers on): the same names, schedule setting and queues as the Functions app, over the same jobs of the app.
/// Queue names are written <c>%render-report%</c> so that <see cref="QueueNameResolver"/> adds the storage prefix.
/// </summary>
public sealed class StandaloneFunctions(
    ReportScheduler scheduler,
    RenderReportJob render,
    DeliverReportJob deliver,
    IngestionScheduler ingestion,
    IngestAccountJob ingest)
{
    [FunctionName("ScheduleIngestion")]
    public Task ScheduleIngestionAsync([TimerTrigger("%IngestSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        ingestion.EnqueueDueAsync(cancellationToken);

    [FunctionName("IngestAccount")]
    public Task IngestAccountAsync([QueueTrigger("%" + Queues.IngestAccount + "%")] string message, CancellationToken cancellationToken) =>
        ingest.RunAsync(QueueMessages.Parse<IngestAccountMessage>(message), cancellationToken);

    [FunctionName("ScheduleReports")]
    public Task ScheduleReportsAsync([TimerTrigger("%ReportSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        scheduler.EnqueueDueAsync(cancellationToken);

    [FunctionName("RenderReport")]
    public async Task RenderReportAsync(
        [QueueTrigger("%" + Queues.RenderReport + "%")] string message,
        [Queue("%" + Queues.DeliverReport + "%")] IAsyncCollector<string> delivery,
        CancellationToken cancellationToken)
    {
        if (await render.RunAsync(QueueMessages.Parse<RenderReportMessage>(message), cancellationToken) is { } next)
        {
            await delivery.AddAsync(QueueMessages.Serialize(next), cancellationToken);
        }
    }

    [FunctionName("DeliverReport")]
    public Task DeliverReportAsync([QueueTrigger("%" + Queues.DeliverReport + "%")] string message, CancellationToken cancellationToken) =>
        deliver.RunAsync(QueueMessages.Parse<DeliverReportMessage>(message), cancellationToken);
}
