using KpiFunctions.Kpis.Goals;
using static KpiFunctions.Kpis.Tests.Goals.GoalData;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests.Goals;

/// <summary>
/// Level goals (followers): baseline at the end of the day before the start, value at the end of AsOf, forecast by
/// the least-squares line through the last 28 daily values. The goal runs 2026-03-01..03-31 (31 days).
/// </summary>
public class LevelGoalTests
{
    // followers = 1000 + 10 per day after 02-28: 02-28 → 1000, 03-10 → 1100, 03-31 → 1310.
    private static IEnumerable<DailyRow> Rising(string to) =>
        Daily("2026-02-01", to, d => [("followers", 1000 + (10 * DaysSince("2026-02-28", d)))]);

    // Today (03-11) is not over: its row is partial and must not count.
    private static readonly DailyRow[] RisingUntilToday =
        [.. Rising("2026-03-10"), Row("2026-03-11", "a1", ("followers", 99_999))];

    [Fact]
    public void Evaluate_FollowersRisingTenPerDay_MeasuresEveryFieldByHand()
    {
        var progress = Evaluate("followers", 1300, "2026-03-01", "2026-03-31", "2026-03-11", RisingUntilToday);

        Assert.Equal(D("2026-03-10"), progress.AsOf); // today - 1
        Assert.Equal(1000.0, progress.Baseline); // end of 02-28
        Assert.Equal(1100.0, progress.Value); // end of 03-10 = 1000 + 10 * 10; the 99 999 of today is ignored
        Close(33.333333333333, progress.ProgressPercent); // (1100 - 1000) / (1300 - 1000) * 100 = 100 / 300 * 100
        Close(32.258064516129, progress.ExpectedProgressPercent); // elapsed 03-01..03-10 = 10 of 31 days: 10 / 31 * 100
        Close(1310.0, progress.Forecast); // the 28 points 02-11..03-10 lie on 1000 + 10·(d - 02-28); at 03-31: 1000 + 10 * 31
        Assert.Equal(GoalStatus.OnTrack, progress.Status); // score (1310 - 1000) / 300 * 100 = 103.3 >= 100
    }

    [Theory]
    [InlineData(1050.0, 200.0, GoalStatus.Achieved)] // 1100 >= 1050; progress 100 / 50 * 100
    [InlineData(1300.0, 33.333333333333, GoalStatus.OnTrack)] // score 310 / 300 * 100 = 103.3
    [InlineData(1350.0, 28.571428571429, GoalStatus.AtRisk)] // 100 / 350 * 100; score 310 / 350 * 100 = 88.6
    [InlineData(1500.0, 20.0, GoalStatus.OffTrack)] // 100 / 500 * 100; score 310 / 500 * 100 = 62
    public void Evaluate_FollowersBeforeDeadline_StatusFromValueThenForecast(double target, double expectedProgress, GoalStatus expected)
    {
        var progress = Evaluate("followers", target, "2026-03-01", "2026-03-31", "2026-03-11", RisingUntilToday);

        Close(expectedProgress, progress.ProgressPercent);
        Assert.Equal(expected, progress.Status);
    }

    [Fact]
    public void Evaluate_FollowersAfterDeadlineBelowTarget_Missed()
    {
        var progress = Evaluate("followers", 1500, "2026-03-01", "2026-03-31", "2026-04-02", Rising("2026-04-01"));

        Assert.Equal(D("2026-03-31"), progress.AsOf); // the deadline, not today - 1 (04-01)
        Assert.Equal(1310.0, progress.Value); // end of 03-31; the 04-01 row (1320) is after the deadline
        Close(62.0, progress.ProgressPercent); // (1310 - 1000) / (1500 - 1000) * 100
        Assert.Equal(100.0, progress.ExpectedProgressPercent); // 31 of 31 days
        Close(1310.0, progress.Forecast); // the line 1000 + 10·(d - 02-28) at 03-31
        Assert.Equal(GoalStatus.Missed, progress.Status);
    }

    [Fact]
    public void Evaluate_FollowersAfterDeadlineMeetingTarget_Achieved()
    {
        var progress = Evaluate("followers", 1300, "2026-03-01", "2026-03-31", "2026-04-05", Rising("2026-04-04"));

        Assert.Equal(1310.0, progress.Value); // end of 03-31
        Close(103.333333333333, progress.ProgressPercent); // (1310 - 1000) / (1300 - 1000) * 100
        Assert.Equal(GoalStatus.Achieved, progress.Status);
    }

    [Fact]
    public void Evaluate_TargetEqualsBaselineAndValueAbove_ProgressHundredAchieved()
    {
        var progress = Evaluate("followers", 1000, "2026-03-01", "2026-03-31", "2026-03-11", RisingUntilToday);

        Assert.Equal(1000.0, progress.Baseline);
        Assert.Equal(100.0, progress.ProgressPercent); // no distance to cover and 1100 >= 1000
        Assert.Equal(GoalStatus.Achieved, progress.Status);
    }

    [Fact]
    public void Evaluate_TargetEqualsBaselineAndValueBelow_ProgressZeroOffTrack()
    {
        // followers = 1000 - 5 per day after 02-28: 03-10 → 950.
        var falling = Daily("2026-02-01", "2026-03-10", d => [("followers", 1000 - (5 * DaysSince("2026-02-28", d)))]);

        var progress = Evaluate("followers", 1000, "2026-03-01", "2026-03-31", "2026-03-11", falling);

        Assert.Equal(1000.0, progress.Baseline);
        Assert.Equal(950.0, progress.Value); // 1000 - 5 * 10
        Assert.Equal(0.0, progress.ProgressPercent); // no distance to cover and 950 < 1000
        Close(845.0, progress.Forecast); // 1000 - 5 * 31
        Assert.Equal(GoalStatus.OffTrack, progress.Status); // 845 does not meet 1000: score 0
    }

    [Fact]
    public void Evaluate_EmailSubscribersSeveralAccounts_SumsLatestLevelPerAccount()
    {
        // a1 reports every day (500 + 2/day after 02-28); a2 only twice. Levels carry forward per account.
        DailyRow[] rows =
        [
            .. Daily("2026-02-01", "2026-03-10", d => [("email_subscribers", 500 + (2 * DaysSince("2026-02-28", d)))]),
            Row("2026-02-20", "a2", ("email_subscribers", 300)),
            Row("2026-03-05", "a2", ("email_subscribers", 320)),
        ];

        var progress = Evaluate("email_subscribers", 900, "2026-03-01", "2026-03-31", "2026-03-11", rows);

        Assert.Equal(800.0, progress.Baseline); // 500 (a1 on 02-28) + 300 (a2 from 02-20)
        Assert.Equal(840.0, progress.Value); // 520 (a1 on 03-10) + 320 (a2 from 03-05)
        Close(40.0, progress.ProgressPercent); // (840 - 800) / (900 - 800) * 100
    }
}
