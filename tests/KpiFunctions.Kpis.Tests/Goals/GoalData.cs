using KpiFunctions.Kpis.Goals;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests.Goals;

/// <summary>Builders for runs of daily rows and for evaluating a goal, so each test states only its numbers.</summary>
internal static class GoalData
{
    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/>, both inclusive.</summary>
    public static IEnumerable<DateOnly> Days(string from, string to)
    {
        for (var day = D(from); day <= D(to); day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>One row per day of one account, with the metrics <paramref name="values"/> gives for that day.</summary>
    public static IEnumerable<DailyRow> Daily(
        string from,
        string to,
        Func<DateOnly, (string Metric, double Value)[]> values,
        string account = "a1",
        string platform = "facebook") =>
        Days(from, to).Select(day => new DailyRow(
            day, account, platform, values(day).ToDictionary(v => v.Metric, v => v.Value, StringComparer.Ordinal)));

    /// <summary>Days from <paramref name="from"/> to <paramref name="day"/>: 0 on <paramref name="from"/> itself.</summary>
    public static int DaysSince(string from, DateOnly day) => day.DayNumber - D(from).DayNumber;

    public static Goal Goal(string kpi, double target, string start, string deadline, string? platform = null) =>
        new(Kpi(kpi), target, D(start), D(deadline), platform);

    public static GoalProgress Evaluate(
        string kpi, double target, string start, string deadline, string today, IEnumerable<DailyRow> rows, string? platform = null) =>
        GoalEvaluator.Evaluate(Goal(kpi, target, start, deadline, platform), [.. rows], D(today));
}
