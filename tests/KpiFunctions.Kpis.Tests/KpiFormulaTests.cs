using static KpiFunctions.Kpis.Tests.TestData;

namespace KpiFunctions.Kpis.Tests;

/// <summary>Every formula of KPIS.md at least once, with small numbers over one account and a few days.</summary>
public class KpiFormulaTests
{
    private static readonly DateRange TwoDays = Range("2026-04-01", "2026-04-02");

    // Four days, so posting_frequency divides by 4; one day of the period (04-02) has no row at all.
    private static readonly DateRange FourDays = Range("2026-04-01", "2026-04-04");

    private static readonly DailyRow[] ReachRows =
    [
        Row("2026-03-31", "a1", ("followers", 400), ("impressions", 99_999)),
        Row("2026-04-01", "a1",
            ("followers", 410), ("impressions", 1000), ("reach", 600), ("profile_visits", 30), ("video_views", 200),
            ("mentions", 6), ("competitor_mentions", 14), ("posts", 1), ("social_sessions", 40),
            ("total_sessions", 400), ("new_backlinks", 2)),
        Row("2026-04-03", "a1",
            ("followers", 450), ("impressions", 3000), ("reach", 1400), ("profile_visits", 10), ("video_views", 300),
            ("mentions", 4), ("competitor_mentions", 6), ("posts", 2), ("social_sessions", 60),
            ("total_sessions", 600), ("new_backlinks", 3)),
    ];

    [Theory]
    [InlineData("followers", 450.0)] // latest level on or before 04-04: 04-03's 450
    [InlineData("follower_growth", 50.0)] // 450 - 400 (03-31, the latest before from)
    [InlineData("follower_growth_rate", 12.5)] // 50 / 400 * 100
    [InlineData("impressions", 4000.0)] // 1000 + 3000 (03-31 is outside)
    [InlineData("reach", 2000.0)] // 600 + 1400
    [InlineData("profile_visits", 40.0)] // 30 + 10
    [InlineData("video_views", 500.0)] // 200 + 300
    [InlineData("mentions", 10.0)] // 6 + 4
    [InlineData("share_of_voice", 33.33333333333333)] // 10 / (10 + (14 + 6)) * 100 = 10 / 30 * 100
    [InlineData("posts", 3.0)] // 1 + 2
    [InlineData("posting_frequency", 5.25)] // 3 / 4 days * 7
    [InlineData("social_traffic_share", 10.0)] // (40 + 60) / (400 + 600) * 100
    [InlineData("backlinks_gained", 5.0)] // 2 + 3
    public void Evaluate_ReachKpi_MatchesFormula(string id, double expected)
    {
        Close(expected, Evaluate(ReachRows, FourDays, id));
    }

    private static readonly DailyRow[] EngagementRows =
    [
        Row("2026-04-01", "a1",
            ("followers", 990), ("likes", 30), ("comments", 8), ("shares", 4), ("saves", 3), ("impressions", 1500),
            ("reach", 800), ("clicks", 25), ("link_clicks", 12), ("posts", 1)),
        Row("2026-04-02", "a1",
            ("followers", 1000), ("likes", 50), ("comments", 12), ("shares", 6), ("saves", 7), ("impressions", 2500),
            ("reach", 1200), ("clicks", 35), ("link_clicks", 28), ("posts", 3)),
    ];

    [Theory]
    [InlineData("likes", 80.0)] // 30 + 50
    [InlineData("comments", 20.0)] // 8 + 12
    [InlineData("shares", 10.0)] // 4 + 6
    [InlineData("saves", 10.0)] // 3 + 7
    [InlineData("engagements", 120.0)] // 80 + 20 + 10 + 10
    [InlineData("engagement_rate", 3.0)] // 120 / (1500 + 2500) * 100
    [InlineData("engagement_rate_by_reach", 6.0)] // 120 / (800 + 1200) * 100
    [InlineData("applause_rate", 2.0)] // 80 / (1 + 3) / 1000 * 100
    [InlineData("conversation_rate", 0.5)] // 20 / 4 / 1000 * 100
    [InlineData("amplification_rate", 0.25)] // 10 / 4 / 1000 * 100
    [InlineData("clicks", 60.0)] // 25 + 35
    [InlineData("link_clicks", 40.0)] // 12 + 28
    [InlineData("ctr", 1.0)] // 40 / 4000 * 100
    public void Evaluate_EngagementKpi_MatchesFormula(string id, double expected)
    {
        Close(expected, Evaluate(EngagementRows, TwoDays, id));
    }

    private static readonly DailyRow[] ConversionRows =
    [
        Row("2026-04-01", "a1",
            ("conversions", 3), ("link_clicks", 100), ("leads", 10), ("customers", 2), ("revenue", 250.5),
            ("social_sessions", 200), ("social_bounces", 50)),
        Row("2026-04-02", "a1",
            ("conversions", 5), ("link_clicks", 60), ("leads", 30), ("customers", 4), ("revenue", 149.5),
            ("social_sessions", 300), ("social_bounces", 100)),
    ];

    [Theory]
    [InlineData("conversions", 8.0)] // 3 + 5
    [InlineData("conversion_rate", 5.0)] // 8 / (100 + 60) * 100
    [InlineData("leads", 40.0)] // 10 + 30
    [InlineData("customers", 6.0)] // 2 + 4
    [InlineData("lead_conversion_rate", 15.0)] // 6 / 40 * 100
    [InlineData("revenue", 400.0)] // 250.5 + 149.5
    [InlineData("social_bounce_rate", 30.0)] // (50 + 100) / (200 + 300) * 100
    public void Evaluate_ConversionKpi_MatchesFormula(string id, double expected)
    {
        Close(expected, Evaluate(ConversionRows, TwoDays, id));
    }

    private static readonly DailyRow[] CostRows =
    [
        Row("2026-04-01", "a1",
            ("spend", 100), ("budget", 400), ("paid_clicks", 40), ("paid_impressions", 20_000), ("conversions", 4),
            ("leads", 10), ("revenue", 300)),
        Row("2026-04-02", "a1",
            ("spend", 150), ("budget", 600), ("paid_clicks", 60), ("paid_impressions", 30_000), ("conversions", 6),
            ("leads", 15), ("revenue", 450)),
    ];

    [Theory]
    [InlineData("spend", 250.0)] // 100 + 150
    [InlineData("budget_utilization", 25.0)] // 250 / (400 + 600) * 100
    [InlineData("cpc", 2.5)] // 250 / (40 + 60)
    [InlineData("cpm", 5.0)] // 250 / (20000 + 30000) * 1000
    [InlineData("cpa", 25.0)] // 250 / (4 + 6)
    [InlineData("cpl", 10.0)] // 250 / (10 + 15)
    [InlineData("roi", 200.0)] // ((300 + 450) - 250) / 250 * 100 = 500 / 250 * 100
    [InlineData("roas", 3.0)] // 750 / 250
    public void Evaluate_CostKpi_MatchesFormula(string id, double expected)
    {
        Close(expected, Evaluate(CostRows, TwoDays, id));
    }

    private static readonly DailyRow[] CareRows =
    [
        Row("2026-04-01", "a1",
            ("responses", 10), ("response_minutes", 200), ("responses_within_1h", 6), ("issues_opened", 8),
            ("issues_resolved", 5), ("positive_mentions", 30), ("neutral_mentions", 10), ("negative_mentions", 5)),
        Row("2026-04-02", "a1",
            ("responses", 30), ("response_minutes", 400), ("responses_within_1h", 24), ("issues_opened", 12),
            ("issues_resolved", 10), ("positive_mentions", 20), ("neutral_mentions", 30), ("negative_mentions", 5)),
    ];

    [Theory]
    [InlineData("response_time", 15.0)] // (200 + 400) / (10 + 30)
    [InlineData("response_within_1h_rate", 75.0)] // (6 + 24) / 40 * 100
    [InlineData("issues_resolved", 15.0)] // 5 + 10
    [InlineData("issue_resolution_rate", 75.0)] // 15 / (8 + 12) * 100
    [InlineData("positive_sentiment_share", 50.0)] // (30 + 20) / (50 + (10 + 30) + (5 + 5)) * 100 = 50 / 100 * 100
    [InlineData("net_sentiment", 40.0)] // (50 - 10) / 100 * 100
    public void Evaluate_CustomerCareKpi_MatchesFormula(string id, double expected)
    {
        Close(expected, Evaluate(CareRows, TwoDays, id));
    }

    private static readonly DailyRow[] OwnedRows =
    [
        Row("2026-03-31", "a1", ("email_subscribers", 2000)),
        Row("2026-04-01", "a1",
            ("email_subscribers", 2020), ("email_unsubscribes", 10), ("reviews", 2), ("review_rating_sum", 9)),
        Row("2026-04-02", "a1",
            ("email_subscribers", 2050), ("email_unsubscribes", 20), ("reviews", 3), ("review_rating_sum", 11)),
    ];

    [Theory]
    [InlineData("email_subscribers", 2050.0)] // level on 04-02
    [InlineData("email_subscriber_growth", 50.0)] // 2050 - 2000 (03-31)
    [InlineData("opt_out_rate", 1.5)] // (10 + 20) / 2000 * 100
    [InlineData("reviews", 5.0)] // 2 + 3
    [InlineData("average_rating", 4.0)] // (9 + 11) / 5
    public void Evaluate_OwnedChannelKpi_MatchesFormula(string id, double expected)
    {
        Close(expected, Evaluate(OwnedRows, TwoDays, id));
    }

    private static readonly DailyRow[] AdvocacyRows =
    [
        Row("2026-04-01", "a1",
            ("employee_shares", 3), ("employee_clicks", 20), ("employee_engagements", 40), ("employee_reach", 500),
            ("influencer_reach", 10_000), ("influencer_engagements", 700)),
        Row("2026-04-02", "a1",
            ("employee_shares", 4), ("employee_clicks", 25), ("employee_engagements", 60), ("employee_reach", 700),
            ("influencer_reach", 5000), ("influencer_engagements", 300)),
    ];

    [Theory]
    [InlineData("employee_shares", 7.0)] // 3 + 4
    [InlineData("employee_clicks", 45.0)] // 20 + 25
    [InlineData("employee_engagements", 100.0)] // 40 + 60
    [InlineData("employee_reach", 1200.0)] // 500 + 700
    [InlineData("influencer_reach", 15000.0)] // 10000 + 5000
    [InlineData("influencer_engagements", 1000.0)] // 700 + 300
    public void Evaluate_AdvocacyKpi_MatchesFormula(string id, double expected)
    {
        Close(expected, Evaluate(AdvocacyRows, TwoDays, id));
    }

    [Fact]
    public void Evaluate_NegativeReturn_RoiIsNegativePercent()
    {
        DailyRow[] rows = [Row("2026-04-01", "a1", ("spend", 200), ("revenue", 50))];

        Close(-75.0, Evaluate(rows, TwoDays, "roi")); // (50 - 200) / 200 * 100
        Close(0.25, Evaluate(rows, TwoDays, "roas")); // 50 / 200
    }

    [Fact]
    public void Evaluate_MoreNegativeThanPositiveMentions_NetSentimentIsNegative()
    {
        DailyRow[] rows =
        [
            Row("2026-04-01", "a1", ("positive_mentions", 1), ("neutral_mentions", 1), ("negative_mentions", 3)),
        ];

        Close(-40.0, Evaluate(rows, TwoDays, "net_sentiment")); // (1 - 3) / (1 + 1 + 3) * 100
    }
}
