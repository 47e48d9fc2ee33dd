using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests;

/// <summary>Series: each bucket is a period of its own: flows summed in it, levels at its ends.</summary>
public class SeriesTests
{
    // Weekly buckets: B1 = 04-08 (Wed)..04-12, B2 = 04-13..04-19, B3 = 04-20..04-23 (Thu).
    private static readonly DateRange Period = Range("2026-04-08", "2026-04-23");

    private static readonly DateRange[] Weeks =
    [
        Range("2026-04-08", "2026-04-12"),
        Range("2026-04-13", "2026-04-19"),
        Range("2026-04-20", "2026-04-23"),
    ];

    private static IReadOnlyList<SeriesPoint> Weekly(IEnumerable<DailyRow> rows, string id) =>
        KpiCalculator.Series(rows, Kpi(id), Period, Granularity.Week);

    [Fact]
    public void Series_FlowWeekly_SumsEachBucketOnly()
    {
        DailyRow[] rows =
        [
            Row("2026-04-07", "a1", ("impressions", 55_555)), // before the period
            Row("2026-04-08", "a1", ("impressions", 10)),
            Row("2026-04-12", "a1", ("impressions", 20)),
            Row("2026-04-13", "a1", ("impressions", 100)),
            Row("2026-04-19", "a2", ("impressions", 200)),
            Row("2026-04-20", "a1", ("impressions", 1000)),
            Row("2026-04-23", "a2", ("impressions", 2000)),
            Row("2026-04-24", "a1", ("impressions", 99_999)), // after the period
        ];

        var series = Weekly(rows, "impressions");

        Assert.Equal(Weeks, series.Select(p => p.Period));
        Assert.Equal([30.0, 300.0, 3000.0], series.Select(p => p.Value)); // 10 + 20; 100 + 200; 1000 + 2000
    }

    [Fact]
    public void Series_BucketWithoutTheFlow_IsNull()
    {
        DailyRow[] rows =
        [
            Row("2026-04-09", "a1", ("likes", 4)),
            Row("2026-04-15", "a1", ("impressions", 10)),
            Row("2026-04-22", "a1", ("likes", 0)),
        ];

        Assert.Equal([4.0, null, 0.0], Weekly(rows, "likes").Select(p => p.Value)); // missing in B2, present as 0 in B3
    }

    [Fact]
    public void Series_PostingFrequencyInClippedWeek_DividesByBucketDays()
    {
        DailyRow[] rows =
        [
            Row("2026-04-08", "a1", ("posts", 1)),
            Row("2026-04-12", "a1", ("posts", 1)),
            Row("2026-04-13", "a1", ("posts", 7)),
            Row("2026-04-21", "a1", ("posts", 2)),
        ];

        var series = Weekly(rows, "posting_frequency");

        Close(2.8, series[0].Value); // (1 + 1) / 5 days * 7
        Close(7.0, series[1].Value); // 7 / 7 * 7
        Close(3.5, series[2].Value); // 2 / 4 days * 7
    }

    // a1 has history before the period; a2 starts inside B1 and has no row in B3; a3 has a single row before the period.
    private static readonly DailyRow[] LevelRows =
    [
        Row("2026-03-20", "a3", ("followers", 50)),
        Row("2026-04-01", "a1", ("followers", 100)),
        Row("2026-04-09", "a2", ("followers", 500)),
        Row("2026-04-10", "a1", ("followers", 110)),
        Row("2026-04-15", "a2", ("followers", 520)),
        Row("2026-04-21", "a1", ("followers", 130)),
        Row("2026-04-25", "a1", ("followers", 999)), // after the period
    ];

    [Fact]
    public void Series_FollowersWeekly_LevelAtEachBucketEndWithCarryOver()
    {
        var series = Weekly(LevelRows, "followers");

        Assert.Equal(Weeks, series.Select(p => p.Period));
        Assert.Equal(660.0, series[0].Value); // a1 110 (04-10) + a2 500 (04-09) + a3 50 (03-20)
        Assert.Equal(680.0, series[1].Value); // a1 110 (carried, no row in B2) + a2 520 (04-15) + a3 50
        Assert.Equal(700.0, series[2].Value); // a1 130 (04-21) + a2 520 (carried) + a3 50; 04-25 is after the period
    }

    [Fact]
    public void Series_FollowerGrowthWeekly_StartsFromPreviousBucketEnd()
    {
        var series = Weekly(LevelRows, "follower_growth");

        Assert.Equal(10.0, series[0].Value); // 660 - (a1 100 (04-01) + a2 500 (earliest inside B1) + a3 50) = 660 - 650
        Assert.Equal(20.0, series[1].Value); // 680 - 660
        Assert.Equal(20.0, series[2].Value); // 700 - 680
    }

    [Fact]
    public void Series_FollowerGrowthRateWeekly_DividesByPreviousBucketEnd()
    {
        var series = Weekly(LevelRows, "follower_growth_rate");

        Close(1.538461538461538, series[0].Value); // 10 / 650 * 100
        Close(3.030303030303030, series[1].Value); // 20 / 660 * 100
        Close(2.941176470588235, series[2].Value); // 20 / 680 * 100
    }

    [Fact]
    public void Series_FollowerGrowthBuckets_AddUpToThePeriodsGrowth()
    {
        var report = KpiCalculator.Compute(LevelRows, Period, CompareMode.None, [Kpi("follower_growth")], byPlatform: false);

        Assert.Equal(50.0, Assert.Single(report.Kpis).Value); // 700 - 650 = 10 + 20 + 20
    }

    [Fact]
    public void Series_LevelAppearingMidPeriod_NullBeforeThenEarliestValueAsStart()
    {
        DailyRow[] rows =
        [
            Row("2026-04-15", "a1", ("followers", 100)),
            Row("2026-04-21", "a1", ("followers", 120)),
        ];

        Assert.Equal([null, 100.0, 120.0], Weekly(rows, "followers").Select(p => p.Value));
        Assert.Equal([null, 0.0, 20.0], Weekly(rows, "follower_growth").Select(p => p.Value)); // B2: 100 - 100 (earliest inside); B3: 120 - 100
    }

    [Fact]
    public void Series_EngagementRateMonthly_IsRatioOfEachMonthsSums()
    {
        DailyRow[] rows =
        [
            Row("2026-01-10", "a1", ("likes", 1000), ("impressions", 1000)), // before the period
            Row("2026-01-20", "a1", ("likes", 10), ("impressions", 1000)),
            Row("2026-01-31", "a2", ("likes", 30), ("impressions", 1000)),
            Row("2026-02-01", "a1", ("likes", 50), ("impressions", 500)),
            Row("2026-03-05", "a1", ("likes", 3), ("impressions", 100)),
            Row("2026-03-15", "a1", ("likes", 999), ("impressions", 1)), // after the period
        ];

        var series = KpiCalculator.Series(rows, Kpi("engagement_rate"), Range("2026-01-15", "2026-03-10"), Granularity.Month);

        Assert.Equal(
            [Range("2026-01-15", "2026-01-31"), Range("2026-02-01", "2026-02-28"), Range("2026-03-01", "2026-03-10")],
            series.Select(p => p.Period));
        Close(2.0, series[0].Value); // (10 + 30) / (1000 + 1000) * 100
        Close(10.0, series[1].Value); // 50 / 500 * 100
        Close(3.0, series[2].Value); // 3 / 100 * 100
    }
}
