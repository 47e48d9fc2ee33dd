using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests;

/// <summary>The worked example at the end of KPIS.md: one account, two days, period = both days.</summary>
public class WorkedExampleTests
{
    // d1 = 2026-03-02, d2 = 2026-03-03; "the day before d1 at 990 followers" is a row carrying only followers.
    private static readonly DailyRow[] Rows =
    [
        Row("2026-03-01", "a1", ("followers", 990)),
        Row("2026-03-02", "a1",
            ("followers", 1000), ("impressions", 2000), ("likes", 50), ("comments", 10), ("shares", 5),
            ("link_clicks", 40), ("posts", 1), ("spend", 20), ("paid_clicks", 16)),
        Row("2026-03-03", "a1",
            ("followers", 1010), ("impressions", 3000), ("likes", 70), ("comments", 20), ("shares", 15),
            ("link_clicks", 60), ("posts", 2), ("spend", 30), ("paid_clicks", 24)),
    ];

    private static readonly DateRange Period = Range("2026-03-02", "2026-03-03");

    [Theory]
    [InlineData("followers", 1010.0)] // followers on d2, the period's last day
    [InlineData("follower_growth", 20.0)] // 1010 - 990
    [InlineData("follower_growth_rate", 2.020202020202020)] // 20 / 990 * 100
    [InlineData("engagements", 170.0)] // (50 + 70) + (10 + 20) + (5 + 15) + saves missing as 0
    [InlineData("engagement_rate", 3.4)] // 170 / (2000 + 3000) * 100
    [InlineData("ctr", 2.0)] // (40 + 60) / 5000 * 100
    [InlineData("applause_rate", 3.960396039603960)] // (50 + 70) / (1 + 2) / 1010 * 100 = 120 / 3 / 1010 * 100
    [InlineData("cpc", 1.25)] // (20 + 30) / (16 + 24) = 50 / 40
    [InlineData("posting_frequency", 10.5)] // (1 + 2) / 2 days * 7
    public void Compute_WorkedExample_MatchesSpec(string id, double expected)
    {
        var report = KpiCalculator.Compute(Rows, Period, CompareMode.None, KpiCatalog.All, byPlatform: false);

        Close(expected, Result(report.Kpis, id).Value);
    }

    [Fact]
    public void Compute_WorkedExampleEngagementRate_IsRatioOfSumsNotAverageOfDailyRates()
    {
        var daily = KpiCalculator.Series(Rows, Kpi("engagement_rate"), Period, Granularity.Day);
        var report = KpiCalculator.Compute(Rows, Period, CompareMode.None, [Kpi("engagement_rate")], byPlatform: false);

        Assert.Equal(2, daily.Count);
        Close(3.25, daily[0].Value); // (50 + 10 + 5) / 2000 * 100 = 65 / 2000 * 100
        Close(3.5, daily[1].Value); // (70 + 20 + 15) / 3000 * 100 = 105 / 3000 * 100
        var averageOfDailyRates = (daily[0].Value.GetValueOrDefault() + daily[1].Value.GetValueOrDefault()) / 2;
        Assert.Equal(3.375, averageOfDailyRates, 1e-9); // (3.25 + 3.5) / 2: the wrong way
        var value = Assert.Single(report.Kpis).Value;
        Close(3.4, value); // 170 / 5000 * 100
        Assert.NotEqual(3.375, value.GetValueOrDefault(), 1e-6);
    }
}
