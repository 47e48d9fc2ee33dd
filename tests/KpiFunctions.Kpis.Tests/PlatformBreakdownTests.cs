using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests;

/// <summary>The breakdown by platform applies the same formulas to the accounts of each platform.</summary>
public class PlatformBreakdownTests
{
    private static readonly DateRange Period = Range("2026-04-01", "2026-04-02");

    // Comparison (previous) = 2026-03-30..2026-03-31. Rows deliberately not in platform order.
    private static readonly DailyRow[] Rows =
    [
        Row("2026-04-01", "tt1", "tiktok", ("impressions", 1000), ("likes", 20)),
        Row("2026-04-01", "ig1", "instagram", ("followers", 1000), ("impressions", 400), ("likes", 20)),
        Row("2026-03-15", "ig2", "instagram", ("followers", 2000)),
        Row("2026-04-02", "ig2", "instagram", ("impressions", 600), ("likes", 40)),
        Row("2026-03-31", "fb1", "facebook", ("impressions", 500), ("likes", 5)), // only in the comparison period
        Row("2026-03-01", "yt1", "youtube", ("followers", 300)), // only before both periods
        Row("2026-04-05", "li1", "linkedin", ("impressions", 50)), // only after the period
    ];

    private static KpiReport Compute(CompareMode compare) =>
        KpiCalculator.Compute(Rows, Period, compare, KpiCatalog.All, byPlatform: true);

    [Fact]
    public void Compute_ByPlatform_ListsPlatformsWithRowsInPeriodOrComparisonInPlatformsAllOrder()
    {
        var report = Compute(CompareMode.Previous);

        // facebook (comparison only), instagram, tiktok; youtube and linkedin have no row in either period.
        Assert.Equal(["facebook", "instagram", "tiktok"], report.Platforms!.Select(p => p.Platform));
    }

    [Fact]
    public void Compute_ByPlatformWithoutComparison_PlatformWithRowsOnlyBeforePeriodIsAbsent()
    {
        var report = Compute(CompareMode.None);

        Assert.Equal(["instagram", "tiktok"], report.Platforms!.Select(p => p.Platform));
    }

    [Fact]
    public void Compute_ByPlatform_AppliesFormulasToThatPlatformsAccounts()
    {
        var report = Compute(CompareMode.Previous);
        var instagram = Assert.Single(report.Platforms!, p => p.Platform == "instagram").Kpis;
        var tiktok = Assert.Single(report.Platforms!, p => p.Platform == "tiktok").Kpis;
        var facebook = Assert.Single(report.Platforms!, p => p.Platform == "facebook").Kpis;

        Assert.Equal(1000.0, Result(instagram, "impressions").Value); // ig1 400 + ig2 600
        Close(6.0, Result(instagram, "engagement_rate").Value); // (20 + 40) / 1000 * 100
        Assert.Equal(3000.0, Result(instagram, "followers").Value); // ig1 1000 + ig2 2000 (03-15, before the period)
        Assert.Null(Result(instagram, "impressions").Previous); // no instagram flow on 03-30..03-31
        Assert.Equal(2000.0, Result(instagram, "followers").Previous); // ig2 only: ig1 has no level up to 03-31

        Assert.Equal(1000.0, Result(tiktok, "impressions").Value);
        Close(2.0, Result(tiktok, "engagement_rate").Value); // 20 / 1000 * 100
        Assert.Null(Result(tiktok, "followers").Value); // no tiktok level

        Assert.Null(Result(facebook, "impressions").Value);
        Assert.Equal(500.0, Result(facebook, "impressions").Previous); // 03-31
        Close(1.0, Result(facebook, "engagement_rate").Previous); // 5 / 500 * 100
    }

    [Fact]
    public void Compute_ByPlatform_TotalsStillCoverAllAccounts()
    {
        var report = Compute(CompareMode.Previous);

        Assert.Equal(2000.0, Result(report.Kpis, "impressions").Value); // 1000 + 400 + 600
        Assert.Equal(500.0, Result(report.Kpis, "impressions").Previous); // fb1 on 03-31
        Close(4.0, Result(report.Kpis, "engagement_rate").Value); // (20 + 20 + 40) / 2000 * 100
        Assert.Equal(3300.0, Result(report.Kpis, "followers").Value); // ig1 1000 + ig2 2000 + yt1 300
        Assert.Equal(2300.0, Result(report.Kpis, "followers").Previous); // ig2 2000 + yt1 300 as of 03-31
    }

    [Fact]
    public void Compute_NotByPlatform_PlatformsIsNull()
    {
        Assert.Null(KpiCalculator.Compute(Rows, Period, CompareMode.Previous, KpiCatalog.All, byPlatform: false).Platforms);
    }

    [Fact]
    public void Compute_EveryPlatformPresent_OrderedAsPlatformsAll()
    {
        var rows = Platforms.All.Reverse().Select(p => Row("2026-04-01", "acc-" + p, p, ("impressions", 1))).ToArray();

        var report = KpiCalculator.Compute(rows, Period, CompareMode.None, [Kpi("impressions")], byPlatform: true);

        Assert.Equal(Platforms.All, report.Platforms!.Select(p => p.Platform));
        Assert.All(report.Platforms!, p => Assert.Equal(1.0, Assert.Single(p.Kpis).Value));
    }
}
