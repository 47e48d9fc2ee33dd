using KpiFunctions.Kpis.Goals;
using static KpiFunctions.Kpis.Tests.Goals.GoalData;
using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests.Goals;

/// <summary>Validation, direction for Better.None, platforms, goals not started yet and goals without data.</summary>
public class GoalRuleTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Goal_TargetNotFinite_Throws(double target) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Goal("followers", target, "2026-03-01", "2026-03-31"));

    [Fact]
    public void Goal_DeadlineBeforeStart_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Goal("followers", 1000, "2026-03-01", "2026-02-28"));

    [Fact]
    public void Goal_DeadlineOnStart_IsOneDay() =>
        Assert.Equal(1, Goal("followers", 1000, "2026-03-01", "2026-03-01").Days);

    [Fact]
    public void Goal_NullKpi_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new Goal(null!, 1, D("2026-03-01"), D("2026-03-31"), null));

    // budget_utilization (a rate, Better.None): budget 100 a day; spend 80 a day in March (80 %), 60 a day from April.
    private static readonly DailyRow[] Budget =
    [
        .. Daily("2026-03-01", "2026-03-31", _ => [("spend", 80), ("budget", 100)]),
        .. Daily("2026-04-01", "2026-06-05", _ => [("spend", 60), ("budget", 100)]),
    ];

    [Fact]
    public void Evaluate_BetterNoneTargetBelowBaseline_GoesDownAndMeets()
    {
        var progress = Evaluate("budget_utilization", 70, "2026-04-01", "2026-06-30", "2026-06-06", Budget);

        Close(80.0, progress.Baseline); // 03-04..03-31: 28 * 80 / (28 * 100) * 100
        Close(60.0, progress.Value); // 05-09..06-05: 60 %
        Close(200.0, progress.ProgressPercent); // 70 < 80 so down: (60 - 80) / (70 - 80) * 100
        Assert.Equal(GoalStatus.Achieved, progress.Status); // 60 <= 70
    }

    [Fact]
    public void Evaluate_BetterNoneTargetAboveBaseline_GoesUpAndFallsShort()
    {
        var progress = Evaluate("budget_utilization", 95, "2026-04-01", "2026-06-30", "2026-06-06", Budget);

        Close(-133.333333333333, progress.ProgressPercent); // 95 >= 80 so up: (60 - 80) / (95 - 80) * 100
        Close(60.0, progress.Forecast); // every bucket of 04-11..06-05 is 60 %: a flat line
        Assert.Equal(GoalStatus.OffTrack, progress.Status); // score (60 - 80) / 15 * 100 = -133
    }

    [Fact]
    public void Evaluate_BetterNoneTargetEqualsBaseline_GoesUpProgressZero()
    {
        var progress = Evaluate("budget_utilization", 80, "2026-04-01", "2026-06-30", "2026-06-06", Budget);

        Assert.Equal(0.0, progress.ProgressPercent); // 80 >= 80 so up; no distance to cover and 60 < 80
        Assert.Equal(GoalStatus.OffTrack, progress.Status); // forecast 60 does not meet 80: score 0
    }

    // spend (a flow, Better.None): 150 a day in March, so the 30 days before April (03-02..03-31) total 4500.
    private static IEnumerable<DailyRow> Spend(double aprilPerDay, string aprilTo) =>
    [
        .. Daily("2026-03-01", "2026-03-31", _ => [("spend", 150)]),
        .. Daily("2026-04-01", aprilTo, _ => [("spend", aprilPerDay)]),
    ];

    [Theory]
    [InlineData(100.0, 3000.0, GoalStatus.OnTrack)] // 1000 + 100 * 20 = 3000 <= 3000: keeps the cap
    [InlineData(110.0, 3300.0, GoalStatus.AtRisk)] // 1100 + 110 * 20 = 3300; score 3000 / 3300 * 100 = 90.9
    [InlineData(150.0, 4500.0, GoalStatus.OffTrack)] // 1500 + 150 * 20 = 4500; score 3000 / 4500 * 100 = 66.7
    public void Evaluate_SpendCapBelowBaseline_NotAchievedBeforeWindowEnds(double perDay, double forecast, GoalStatus expected)
    {
        var progress = Evaluate("spend", 3000, "2026-04-01", "2026-04-30", "2026-04-11", Spend(perDay, "2026-04-10"));

        Assert.Equal(4500.0, progress.Baseline); // 3000 < 4500: a cap, going down
        Close(perDay * 10 / 3000 * 100, progress.ProgressPercent); // share of the cap used: 10 days * perDay / 3000 * 100
        Close(forecast, progress.Forecast);
        Assert.Equal(expected, progress.Status); // 10 * perDay <= 3000, but April is not over
    }

    [Theory]
    [InlineData(100.0, GoalStatus.Achieved)] // 30 * 100 = 3000 <= 3000
    [InlineData(110.0, GoalStatus.Missed)] // 30 * 110 = 3300 > 3000
    public void Evaluate_SpendCapAfterDeadline_AchievedOrMissed(double perDay, GoalStatus expected)
    {
        var progress = Evaluate("spend", 3000, "2026-04-01", "2026-04-30", "2026-05-01", Spend(perDay, "2026-04-30"));

        Assert.Equal(expected, progress.Status);
    }

    [Fact]
    public void Evaluate_SpendTargetAboveBaseline_AchievedEarly()
    {
        var progress = Evaluate("spend", 6000, "2026-04-01", "2026-04-30", "2026-04-11", Spend(700, "2026-04-10"));

        Assert.Equal(7000.0, progress.Value); // 6000 >= 4500: going up; 10 * 700 = 7000 >= 6000
        Assert.Equal(GoalStatus.Achieved, progress.Status);
    }

    [Fact]
    public void Evaluate_GoalOnOnePlatform_IgnoresOtherPlatformsRows()
    {
        // facebook: 700 a day in March, 1000 a day in April. instagram: 400 a day in March, 500 a day in April.
        DailyRow[] rows =
        [
            .. Daily("2026-03-01", "2026-03-31", _ => [("impressions", 700)], "fb1", "facebook"),
            .. Daily("2026-04-01", "2026-04-10", _ => [("impressions", 1000)], "fb1", "facebook"),
            .. Daily("2026-03-01", "2026-03-31", _ => [("impressions", 400)], "ig1", "instagram"),
            .. Daily("2026-04-01", "2026-04-10", _ => [("impressions", 500)], "ig1", "instagram"),
        ];

        var instagram = Evaluate("impressions", 30_000, "2026-04-01", "2026-04-30", "2026-04-11", rows, "instagram");
        var all = Evaluate("impressions", 30_000, "2026-04-01", "2026-04-30", "2026-04-11", rows);

        Assert.Equal(12_000.0, instagram.Baseline); // 03-02..03-31: 30 * 400
        Assert.Equal(5_000.0, instagram.Value); // 10 * 500
        Close(16.666666666667, instagram.ProgressPercent); // 5000 / 30 000 * 100
        Close(15_000.0, instagram.Forecast); // 5000 + 5000 / 10 * 20
        Assert.Equal(GoalStatus.OffTrack, instagram.Status); // score 15 000 / 30 000 * 100 = 50
        Assert.Equal(15_000.0, all.Value); // both: 10 * (1000 + 500)
        Assert.Equal(GoalStatus.OnTrack, all.Status); // 15 000 + 1500 * 20 = 45 000: score 150
    }

    private static readonly DailyRow[] Followers =
        [.. Daily("2026-02-01", "2026-03-10", d => [("followers", 1000 + (10 * DaysSince("2026-02-28", d)))])];

    [Fact]
    public void Evaluate_StartsToday_BaselineOnlyOnTrack()
    {
        var progress = Evaluate("followers", 1300, "2026-03-01", "2026-03-31", "2026-03-01", Followers);

        Assert.Equal(D("2026-02-28"), progress.AsOf);
        Assert.Equal(1000.0, progress.Baseline); // the day before the start is complete
        Assert.Null(progress.Value);
        Assert.Null(progress.ProgressPercent);
        Assert.Equal(0.0, progress.ExpectedProgressPercent);
        Assert.Null(progress.Forecast);
        Assert.Equal(GoalStatus.OnTrack, progress.Status);
    }

    [Fact]
    public void Evaluate_StartsLater_NoBaselineYetOnTrack()
    {
        var progress = Evaluate("followers", 1300, "2026-03-01", "2026-03-31", "2026-02-20", Followers);

        Assert.Equal(D("2026-02-19"), progress.AsOf);
        Assert.Null(progress.Baseline); // 02-28 is not over yet
        Assert.Null(progress.Value);
        Assert.Equal(0.0, progress.ExpectedProgressPercent);
        Assert.Equal(GoalStatus.OnTrack, progress.Status);
    }

    [Theory]
    [InlineData("followers")]
    [InlineData("impressions")]
    [InlineData("engagement_rate")]
    public void Evaluate_NoData_NullsAndOffTrack(string kpi)
    {
        // Rows of another platform and of unrelated metrics only.
        DailyRow[] rows =
        [
            Row("2026-03-05", "ig1", "instagram", ("followers", 500), ("impressions", 900), ("likes", 9)),
            Row("2026-03-05", "fb1", "facebook", ("posts", 1)),
        ];

        var progress = Evaluate(kpi, 1300, "2026-03-01", "2026-03-31", "2026-03-11", rows, "facebook");

        Assert.Null(progress.Baseline);
        Assert.Null(progress.Value);
        Assert.Null(progress.ProgressPercent);
        Assert.Null(progress.Forecast);
        Close(32.258064516129, progress.ExpectedProgressPercent); // 10 of 31 days
        Assert.Equal(GoalStatus.OffTrack, progress.Status);
    }

    [Fact]
    public void Evaluate_NoDataAfterDeadline_Missed()
    {
        var progress = Evaluate("followers", 1300, "2026-03-01", "2026-03-31", "2026-04-15", []);

        Assert.Null(progress.Value);
        Assert.Equal(GoalStatus.Missed, progress.Status);
    }

    [Fact]
    public void Evaluate_SingleDayOfData_ForecastNullOffTrack()
    {
        // The only level value is on AsOf itself: one point, and a line needs two.
        var progress = Evaluate("followers", 1300, "2026-03-01", "2026-03-31", "2026-03-11", [Row("2026-03-10", "a1", ("followers", 1100))]);

        Assert.Equal(1100.0, progress.Value);
        Assert.Null(progress.Baseline); // nothing on or before 02-28
        Assert.Null(progress.ProgressPercent);
        Assert.Null(progress.Forecast);
        Assert.Equal(GoalStatus.OffTrack, progress.Status);
    }

    [Theory]
    [InlineData(1300.0, GoalStatus.OnTrack)] // forecast 1310 >= 1300
    [InlineData(1350.0, GoalStatus.OffTrack)] // 1310 < 1350: no baseline to measure "80 % of the way" from
    public void Evaluate_NoBaseline_StatusFromForecastMeetingTarget(double target, GoalStatus expected)
    {
        // followers from 03-01 only (1010, 1020, ..., 1100 on 03-10): no level on or before 02-28.
        var rows = Daily("2026-03-01", "2026-03-10", d => [("followers", 1000 + (10 * DaysSince("2026-02-28", d)))]);

        var progress = Evaluate("followers", target, "2026-03-01", "2026-03-31", "2026-03-11", rows);

        Assert.Null(progress.Baseline);
        Assert.Null(progress.ProgressPercent);
        Close(1310.0, progress.Forecast); // the 10 points 03-01..03-10 lie on 1000 + 10·(d - 02-28); at 03-31: 1310
        Assert.Equal(expected, progress.Status);
    }
}
