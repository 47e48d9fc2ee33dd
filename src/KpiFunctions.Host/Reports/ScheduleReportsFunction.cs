using KpiFunctions.Host.Scheduling;

namespace KpiFunctions.Host.Reports;

/// <summary>The <c>ScheduleReports</c> timer function (app setting <c>ReportSchedule</c>).</summary>
internal sealed class ScheduleReportsFunction(ReportScheduler scheduler) : ITimerFunction
{
    public string Name => "ScheduleReports";

    public string ScheduleSetting => "ReportSchedule";

    public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken) => scheduler.EnqueueDueAsync(cancellationToken);
}
