using NCrontab;

namespace KpiFunctions.Host.Scheduling;

/// <summary>
/// An NCRONTAB schedule as the Functions timer trigger reads it: six fields
/// (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>) or five without seconds, in UTC.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule _schedule;

    private TimerSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    public string Expression { get; }

    /// <summary>Parses <paramref name="expression"/>; null when it is not a valid NCRONTAB expression.</summary>
    public static TimerSchedule? TryParse(string expression)
    {
        var withSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = withSeconds });
        return schedule is null ? null : new TimerSchedule(expression, schedule);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));

    public override string ToString() => Expression;
}

/// <summary>The last and next occurrence of a timer, as the Functions schedule monitor records them.</summary>
public sealed record ScheduleStatus(DateTimeOffset? Last, DateTimeOffset Next, DateTimeOffset LastUpdated);

/// <summary>What a timer function receives: the Functions TimerInfo shape.</summary>
public sealed record TimerInfo(ScheduleStatus? ScheduleStatus, bool IsPastDue);

/// <summary>A function fired by a timer: in standalone mode by <see cref="TimerHost"/>, on Azure by the Functions host.</summary>
public interface ITimerFunction
{
    /// <summary>The function's name: its folder under <c>functions/</c> and its custom-handler route.</summary>
    string Name { get; }

    /// <summary>The app setting that holds its NCRONTAB schedule (<c>%ReportSchedule%</c> in function.json).</summary>
    string ScheduleSetting { get; }

    Task RunAsync(TimerInfo timer, CancellationToken cancellationToken);
}
