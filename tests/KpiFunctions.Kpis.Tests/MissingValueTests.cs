using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests;

/// <summary>Missing is not 0: absent inputs give null, zero inputs give 0, zero denominators give null.</summary>
public class MissingValueTests
{
    private static readonly DateRange Period = Range("2026-04-01", "2026-04-02");

    [Fact]
    public void Evaluate_FlowAbsentFromAllRows_IsNull()
    {
        DailyRow[] rows =
        [
            Row("2026-04-01", "a1", ("impressions", 100)),
            Row("2026-04-02", "a2", ("impressions", 200)),
        ];

        Assert.Null(Evaluate(rows, Period, "likes"));
        Assert.Null(Evaluate(rows, Period, "spend"));
    }

    [Fact]
    public void Evaluate_FlowPresentAsZero_IsZero()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("likes", 0))];

        Assert.Equal(0.0, Evaluate(rows, Period, "likes")); // Σ likes = 0, present
    }

    [Fact]
    public void Evaluate_FlowOnlyOutsidePeriod_IsNull()
    {
        DailyRow[] rows =
        [
            Row("2026-03-31", "a1", ("likes", 5)),
            Row("2026-04-03", "a1", ("likes", 7)),
            Row("2026-04-01", "a1", ("impressions", 100)),
        ];

        Assert.Null(Evaluate(rows, Period, "likes"));
    }

    [Fact]
    public void Evaluate_NoRowsAtAll_EveryKpiIsNull()
    {
        var totals = new PeriodTotals([], Period);

        Assert.All(KpiCatalog.All, k => Assert.Null(k.Evaluate(totals)));
    }

    [Theory]
    [InlineData("engagement_rate", "impressions")] // (5 + 0 + 0 + 0) / 0
    [InlineData("engagement_rate_by_reach", "reach")]
    [InlineData("ctr", "impressions")]
    [InlineData("social_traffic_share", "total_sessions")]
    [InlineData("conversion_rate", "link_clicks")]
    [InlineData("lead_conversion_rate", "leads")]
    [InlineData("social_bounce_rate", "social_sessions")]
    [InlineData("budget_utilization", "budget")]
    [InlineData("cpc", "paid_clicks")]
    [InlineData("cpm", "paid_impressions")]
    [InlineData("cpa", "conversions")]
    [InlineData("cpl", "leads")]
    [InlineData("roi", "spend")] // (Σ revenue - 0) / 0
    [InlineData("roas", "spend")]
    [InlineData("response_time", "responses")]
    [InlineData("response_within_1h_rate", "responses")]
    [InlineData("issue_resolution_rate", "issues_opened")]
    [InlineData("average_rating", "reviews")]
    [InlineData("applause_rate", "posts")] // Σ likes / 0 / followers_end
    [InlineData("conversation_rate", "posts")]
    [InlineData("amplification_rate", "posts")]
    public void Evaluate_FlowDenominatorZero_IsNull(string id, string denominator)
    {
        // Every input is 5 (or a level of 100), except the denominator, which is present as 0.
        var values = MetricCatalog.All
            .Select(m => (m.Name, m.Kind == MetricKind.Level ? 100.0 : 5.0))
            .Select(v => v.Name == denominator ? (v.Name, 0.0) : v)
            .ToArray();
        DailyRow[] rows = [Row("2026-04-01", "a1", values)];

        Assert.Null(Evaluate(rows, Period, id));
    }

    [Fact]
    public void Evaluate_FollowersStartZero_FollowerGrowthRateIsNull()
    {
        DailyRow[] rows =
        [
            Row("2026-03-31", "a1", ("followers", 0)),
            Row("2026-04-02", "a1", ("followers", 150)),
        ];

        Assert.Equal(150.0, Evaluate(rows, Period, "follower_growth")); // 150 - 0
        Assert.Null(Evaluate(rows, Period, "follower_growth_rate")); // 150 / 0 * 100
    }

    [Theory]
    [InlineData("applause_rate")] // 5 / 5 / 0 * 100
    [InlineData("conversation_rate")]
    [InlineData("amplification_rate")]
    public void Evaluate_FollowersEndZero_PerFollowerRateIsNull(string id)
    {
        DailyRow[] rows =
        [
            Row("2026-04-01", "a1", ("followers", 0), ("likes", 5), ("comments", 5), ("shares", 5), ("posts", 5)),
        ];

        Assert.Null(Evaluate(rows, Period, id));
    }

    [Fact]
    public void Evaluate_EmailSubscribersStartZero_OptOutRateIsNull()
    {
        DailyRow[] rows =
        [
            Row("2026-03-31", "a1", ("email_subscribers", 0)),
            Row("2026-04-01", "a1", ("email_subscribers", 50), ("email_unsubscribes", 2)),
        ];

        Assert.Null(Evaluate(rows, Period, "opt_out_rate")); // 2 / 0 * 100
        Assert.Equal(50.0, Evaluate(rows, Period, "email_subscriber_growth")); // 50 - 0
    }

    [Theory]
    [InlineData("share_of_voice")] // 0 / (0 + 0)
    [InlineData("positive_sentiment_share")] // 0 / (0 + 0 + 0)
    [InlineData("net_sentiment")] // (0 - 0) / (0 + 0 + 0)
    public void Evaluate_SumDenominatorZero_IsNull(string id)
    {
        DailyRow[] rows =
        [
            Row("2026-04-01", "a1",
                ("mentions", 0), ("competitor_mentions", 0),
                ("positive_mentions", 0), ("neutral_mentions", 0), ("negative_mentions", 0)),
        ];

        Assert.Null(Evaluate(rows, Period, id));
    }

    [Fact]
    public void Evaluate_ZeroNumeratorNonZeroDenominator_IsZeroNotNull()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("link_clicks", 0), ("impressions", 100), ("mentions", 0), ("competitor_mentions", 4))];

        Assert.Equal(0.0, Evaluate(rows, Period, "ctr")); // 0 / 100 * 100
        Assert.Equal(0.0, Evaluate(rows, Period, "share_of_voice")); // 0 / (0 + 4) * 100
    }

    [Fact]
    public void Evaluate_PostsPresentAsZero_PostingFrequencyIsZero()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("posts", 0))];

        Assert.Equal(0.0, Evaluate(rows, Period, "posting_frequency")); // 0 / 2 * 7
        Assert.Null(Evaluate([Row("2026-04-01", "a1", ("likes", 1))], Period, "posting_frequency")); // posts missing
    }

    [Fact]
    public void Evaluate_RatioWithMissingNumerator_IsNull()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("impressions", 100), ("spend", 10), ("paid_clicks", 5))];

        Assert.Null(Evaluate(rows, Period, "ctr")); // link_clicks missing
        Assert.Null(Evaluate(rows, Period, "roi")); // revenue missing: not (0 - 10) / 10
        Assert.Null(Evaluate(rows, Period, "roas"));
    }

    [Fact]
    public void Evaluate_RatioWithMissingDenominator_IsNull()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("link_clicks", 7), ("likes", 3))];

        Assert.Null(Evaluate(rows, Period, "ctr")); // impressions missing
        Assert.Null(Evaluate(rows, Period, "engagement_rate"));
        Assert.Null(Evaluate(rows, Period, "applause_rate")); // posts and followers missing
    }

    [Fact]
    public void Evaluate_EngagementsWithSomePartsMissing_CountsThemAsZero()
    {
        DailyRow[] rows =
        [
            Row("2026-04-01", "a1", ("likes", 5), ("impressions", 200)),
            Row("2026-04-02", "a2", ("saves", 3)),
        ];

        Assert.Equal(8.0, Evaluate(rows, Period, "engagements")); // 5 + 0 + 0 + 3
        Close(4.0, Evaluate(rows, Period, "engagement_rate")); // 8 / 200 * 100
    }

    [Fact]
    public void Evaluate_EngagementsWithOnlyCommentsPresent_IsComments()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("comments", 10), ("reach", 40))];

        Assert.Equal(10.0, Evaluate(rows, Period, "engagements")); // 0 + 10 + 0 + 0
        Close(25.0, Evaluate(rows, Period, "engagement_rate_by_reach")); // 10 / 40 * 100
    }

    [Fact]
    public void Evaluate_EngagementsWithAllFourPartsMissing_IsNull()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("impressions", 200), ("clicks", 9))];

        Assert.Null(Evaluate(rows, Period, "engagements"));
        Assert.Null(Evaluate(rows, Period, "engagement_rate"));
    }

    [Fact]
    public void Evaluate_EngagementsWithAllFourPartsZero_IsZero()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("likes", 0), ("comments", 0), ("shares", 0), ("saves", 0))];

        Assert.Equal(0.0, Evaluate(rows, Period, "engagements")); // 0 + 0 + 0 + 0
    }

    [Fact]
    public void Evaluate_FollowersMissing_LevelKpisAreNull()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("followers_gained", 10), ("likes", 5), ("posts", 1))];

        Assert.Null(Evaluate(rows, Period, "followers"));
        Assert.Null(Evaluate(rows, Period, "follower_growth"));
        Assert.Null(Evaluate(rows, Period, "follower_growth_rate"));
        Assert.Null(Evaluate(rows, Period, "applause_rate"));
    }

    [Fact]
    public void Compute_ZeroDenominators_NeverReturnNaNOrInfinity()
    {
        // Every input present as 0 (followers 0 the day before too): every KPI is 0 or null, never NaN or Infinity.
        var zeros = MetricCatalog.All.Select(m => (m.Name, 0.0)).ToArray();
        DailyRow[] rows = [Row("2026-03-31", "a1", ("followers", 0)), Row("2026-04-01", "a1", zeros)];

        var report = KpiCalculator.Compute(rows, Period, CompareMode.Previous, KpiCatalog.All, byPlatform: true);

        var all = report.Kpis.Concat(report.Platforms!.SelectMany(p => p.Kpis)).ToList();
        Assert.All(all, r => Assert.True(r.Value is null or 0.0, $"{r.Kpi.Id} = {r.Value}"));
        Assert.All(all, r => Assert.True(r.Previous is null or 0.0, $"{r.Kpi.Id} previous = {r.Previous}"));
        Assert.All(all, r => Assert.True(r.Change is null or 0.0, $"{r.Kpi.Id} change = {r.Change}"));
        Assert.All(all, r => Assert.Null(r.ChangePercent)); // previous is null or 0 everywhere
    }
}
