using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests;

/// <summary>Ratios are ratios of period sums across all accounts and days, never averages of ratios.</summary>
public class RatioOfSumsTests
{
    private static readonly DateRange Period = Range("2026-04-01", "2026-04-02");

    // Daily engagement rates: a1 10 % then 1 %, a2 10 % then 1 %; their average would be 5.5 %.
    // Per-account rates: a1 11 / 200 = 5.5 %, a2 189 / 10800 = 1.75 %; their average would be 3.625 %.
    private static readonly DailyRow[] Rows =
    [
        Row("2026-04-01", "a1", ("followers", 1000), ("likes", 10), ("impressions", 100), ("posts", 1), ("spend", 10), ("paid_clicks", 10)),
        Row("2026-04-02", "a1", ("followers", 1000), ("likes", 1), ("impressions", 100), ("posts", 1)),
        Row("2026-04-01", "a2", ("followers", 3000), ("likes", 90), ("impressions", 900), ("posts", 1), ("spend", 90), ("paid_clicks", 30)),
        Row("2026-04-02", "a2", ("followers", 3000), ("likes", 99), ("impressions", 9900), ("posts", 1)),
    ];

    [Fact]
    public void Evaluate_EngagementRateOverAccountsAndDays_IsRatioOfSums()
    {
        Close(1.818181818181818, Evaluate(Rows, Period, "engagement_rate")); // (10 + 1 + 90 + 99) / (100 + 100 + 900 + 9900) * 100 = 200 / 11000 * 100
    }

    [Fact]
    public void Evaluate_CpcOverAccounts_IsRatioOfSums()
    {
        Close(2.5, Evaluate(Rows, Period, "cpc")); // (10 + 90) / (10 + 30), not the average of 1 and 3
    }

    [Fact]
    public void Evaluate_ApplauseRateOverAccounts_UsesSummedLevelAtEnd()
    {
        Close(1.25, Evaluate(Rows, Period, "applause_rate")); // 200 / (1 + 1 + 1 + 1) / (1000 + 3000) * 100
    }
}
