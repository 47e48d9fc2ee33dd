using KpiFunctions.Kpis.Goals;
using static KpiFunctions.Kpis.Tests.Goals.GoalData;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests.Goals;

/// <summary>
/// Flow goals (impressions, spend): the target is a total over the goal's days; the value is the total so far and
/// the forecast adds the daily rate of the last min(28, elapsed) days for each remaining day.
/// </summary>
public class FlowGoalTests
{
    // March: 800 impressions a day; April 1-10: 1000 a day; today 04-11 has a partial 50 000 that must not count.
    private static readonly DailyRow[] April =
    [
        .. Daily("2026-03-01", "2026-03-31", _ => [("impressions", 800)]),
        .. Daily("2026-04-01", "2026-04-10", _ => [("impressions", 1000)]),
        Row("2026-04-11", "a1", ("impressions", 50_000)),
    ];

    [Fact]
    public void Evaluate_ImpressionsOverApril_MeasuresEveryFieldByHand()
    {
        var progress = Evaluate("impressions", 30_000, "2026-04-01", "2026-04-30", "2026-04-11", April);

        Assert.Equal(D("2026-04-10"), progress.AsOf);
        Assert.Equal(24_000.0, progress.Baseline); // the 30 days before 04-01 = 03-02..03-31: 30 * 800
        Assert.Equal(10_000.0, progress.Value); // 04-01..04-10: 10 * 1000
        Close(33.333333333333, progress.ProgressPercent); // 10 000 / 30 000 * 100
        Close(33.333333333333, progress.ExpectedProgressPercent); // 10 of 30 days
        Close(30_000.0, progress.Forecast); // 10 000 + 10 000 / 10 days * 20 remaining days (04-11..04-30)
        Assert.Equal(GoalStatus.OnTrack, progress.Status); // score 30 000 / 30 000 * 100 = 100 >= 100
    }

    [Fact]
    public void Evaluate_ImpressionsOverQuarter_ForecastUsesLast28DaysOnly()
    {
        // Q2 = 04-01..06-30 = 91 days. 04-01..04-17 (17 days) at 500; 04-18..05-15 (13 + 15 = 28 days) at 1000.
        DailyRow[] rows =
        [
            .. Daily("2026-04-01", "2026-04-17", _ => [("impressions", 500)]),
            .. Daily("2026-04-18", "2026-05-15", _ => [("impressions", 1000)]),
        ];

        var progress = Evaluate("impressions", 100_000, "2026-04-01", "2026-06-30", "2026-05-16", rows);

        Assert.Null(progress.Baseline); // no rows in the 91 days before 04-01: not needed by a flow's progress
        Assert.Equal(36_500.0, progress.Value); // 17 * 500 + 28 * 1000
        Close(36.5, progress.ProgressPercent); // 36 500 / 100 000 * 100
        Close(49.450549450549, progress.ExpectedProgressPercent); // 04-01..05-15 = 30 + 15 = 45 of 91 days
        // n = min(28, 45) = 28 days (04-18..05-15) = 28 000, i.e. 1000 a day; remaining 05-16..06-30 = 16 + 30 = 46 days.
        // (The average over all 45 days, 811 a day, would give 73 811: off track.)
        Close(82_500.0, progress.Forecast); // 36 500 + 28 000 / 28 * 46
        Assert.Equal(GoalStatus.AtRisk, progress.Status); // score 82 500 / 100 000 * 100 = 82.5
    }

    [Theory]
    [InlineData(30_000.0, 100.0, GoalStatus.Achieved)] // 30 * 1000 = 30 000 >= 30 000
    [InlineData(31_000.0, 96.774193548387, GoalStatus.Missed)] // 30 000 / 31 000 * 100
    public void Evaluate_ImpressionsAfterDeadline_AchievedOrMissed(double target, double expectedProgress, GoalStatus expected)
    {
        var rows = Daily("2026-04-01", "2026-05-01", _ => [("impressions", 1000)]);

        var progress = Evaluate("impressions", target, "2026-04-01", "2026-04-30", "2026-05-02", rows);

        Assert.Equal(D("2026-04-30"), progress.AsOf);
        Assert.Equal(30_000.0, progress.Value); // 04-01..04-30; the 05-01 row is after the deadline
        Assert.Equal(30_000.0, progress.Forecast); // nothing left to add at the deadline
        Close(expectedProgress, progress.ProgressPercent);
        Assert.Equal(expected, progress.Status);
    }

    [Fact]
    public void Evaluate_FollowerGrowthFlow_EndMinusStartOfGoalDays()
    {
        // follower_growth is a flow of a level: followers = 1000 + 10 per day after 03-31.
        var rows = Daily("2026-03-01", "2026-04-10", d => [("followers", 1000 + (10 * DaysSince("2026-03-31", d)))]);

        var progress = Evaluate("follower_growth", 500, "2026-04-01", "2026-04-30", "2026-04-11", rows);

        Assert.Equal(300.0, progress.Baseline); // 03-02..03-31: 1000 - 700 (03-01, the latest before 03-02)
        Assert.Equal(100.0, progress.Value); // 1100 (04-10) - 1000 (03-31)
        Close(20.0, progress.ProgressPercent); // 100 / 500 * 100
        Close(300.0, progress.Forecast); // 100 + (1100 - 1000) / 10 days * 20 days
        Assert.Equal(GoalStatus.OffTrack, progress.Status); // 300 / 500 * 100 = 60
    }

    [Fact]
    public void Evaluate_ImpressionsTargetZero_ProgressHundredNotNaN()
    {
        var progress = Evaluate("impressions", 0, "2026-04-01", "2026-04-30", "2026-04-11", April);

        Assert.Equal(100.0, progress.ProgressPercent); // no ratio to a zero total: 10 000 >= 0 meets it
        Assert.Equal(GoalStatus.Achieved, progress.Status);
    }
}
