using System.Collections.Frozen;

namespace KpiFunctions.Kpis;

/// <summary>Every KPI of KPIS.md, with its exact formula.</summary>
public static class KpiCatalog
{
    /// <summary>Every KPI, in catalog order.</summary>
    public static IReadOnlyList<KpiDefinition> All { get; } = Build();

    private static readonly FrozenDictionary<string, KpiDefinition> ById =
        All.ToFrozenDictionary(k => k.Id, StringComparer.Ordinal);

    /// <summary>Finds a KPI by its exact id.</summary>
    public static bool TryGet(string id, out KpiDefinition kpi) => ById.TryGetValue(id, out kpi!);

    private static List<KpiDefinition> Build()
    {
        const KpiUnit Count = KpiUnit.Count;
        const KpiUnit Pct = KpiUnit.Percent;
        const KpiUnit Money = KpiUnit.Currency;
        const Better Up = Better.Higher;
        const Better Down = Better.Lower;
        const Better Neither = Better.None;

        var list = new List<KpiDefinition>();
        // Levels and flows are named here; every other KPI is a rate.
        HashSet<string> levels = ["followers", "email_subscribers"];
        HashSet<string> flows = ["follower_growth", "backlinks_gained", "engagements", "email_subscriber_growth"];
        void Add(string id, string name, KpiCategory category, KpiUnit unit, Better better, Func<PeriodTotals, double?> f) =>
            list.Add(new KpiDefinition(id, name, category, unit, better, f)
            {
                Aggregation = levels.Contains(id) ? KpiAggregation.Level
                    : flows.Contains(id) ? KpiAggregation.Flow
                    : KpiAggregation.Rate,
            });
        void AddSum(string id, string name, KpiCategory category, Better better = Better.Higher, KpiUnit unit = KpiUnit.Count) =>
            list.Add(new KpiDefinition(id, name, category, unit, better, t => t.Sum(id)) { Aggregation = KpiAggregation.Flow });

        var c = KpiCategory.Reach;
        Add("followers", "Followers", c, Count, Up, t => t.End("followers"));
        Add("follower_growth", "Follower growth", c, Count, Up, FollowerGrowth);
        Add("follower_growth_rate", "Follower growth rate", c, Pct, Up,
            t => Percent(FollowerGrowth(t), t.Start("followers")));
        AddSum("impressions", "Impressions", c);
        AddSum("reach", "Reach", c);
        AddSum("profile_visits", "Profile visits", c);
        AddSum("video_views", "Video views", c);
        AddSum("mentions", "Mentions", c);
        Add("share_of_voice", "Share of voice", c, Pct, Up,
            t => Percent(t.Sum("mentions"), t.Sum("mentions") + t.Sum("competitor_mentions")));
        AddSum("posts", "Posts", c, Neither);
        Add("posting_frequency", "Posting frequency", c, KpiUnit.PerWeek, Neither, t => t.Sum("posts") / t.Days * 7);
        Add("social_traffic_share", "Social traffic share", c, Pct, Up,
            t => Percent(t.Sum("social_sessions"), t.Sum("total_sessions")));
        Add("backlinks_gained", "Backlinks gained", c, Count, Up, t => t.Sum("new_backlinks"));

        c = KpiCategory.Engagement;
        AddSum("likes", "Likes", c);
        AddSum("comments", "Comments", c);
        AddSum("shares", "Shares", c);
        AddSum("saves", "Saves", c);
        Add("engagements", "Engagements", c, Count, Up, Engagements);
        Add("engagement_rate", "Engagement rate", c, Pct, Up, t => Percent(Engagements(t), t.Sum("impressions")));
        Add("engagement_rate_by_reach", "Engagement rate by reach", c, Pct, Up,
            t => Percent(Engagements(t), t.Sum("reach")));
        Add("applause_rate", "Applause rate", c, Pct, Up, t => PerPostPerFollower(t, "likes"));
        Add("conversation_rate", "Conversation rate", c, Pct, Up, t => PerPostPerFollower(t, "comments"));
        Add("amplification_rate", "Amplification rate", c, Pct, Up, t => PerPostPerFollower(t, "shares"));
        AddSum("clicks", "Clicks", c);
        AddSum("link_clicks", "Link clicks", c);
        Add("ctr", "Click-through rate", c, Pct, Up, t => Percent(t.Sum("link_clicks"), t.Sum("impressions")));

        c = KpiCategory.Conversion;
        AddSum("conversions", "Conversions", c);
        Add("conversion_rate", "Conversion rate", c, Pct, Up, t => Percent(t.Sum("conversions"), t.Sum("link_clicks")));
        AddSum("leads", "Leads", c);
        AddSum("customers", "Customers", c);
        Add("lead_conversion_rate", "Lead conversion rate", c, Pct, Up, t => Percent(t.Sum("customers"), t.Sum("leads")));
        AddSum("revenue", "Revenue", c, Up, Money);
        Add("social_bounce_rate", "Social bounce rate", c, Pct, Down,
            t => Percent(t.Sum("social_bounces"), t.Sum("social_sessions")));

        c = KpiCategory.Cost;
        AddSum("spend", "Spend", c, Neither, Money);
        Add("budget_utilization", "Budget utilization", c, Pct, Neither, t => Percent(t.Sum("spend"), t.Sum("budget")));
        Add("cpc", "Cost per click", c, Money, Down, t => Ratio(t.Sum("spend"), t.Sum("paid_clicks")));
        Add("cpm", "Cost per mille", c, Money, Down, t => Ratio(t.Sum("spend"), t.Sum("paid_impressions")) * 1000);
        Add("cpa", "Cost per acquisition", c, Money, Down, t => Ratio(t.Sum("spend"), t.Sum("conversions")));
        Add("cpl", "Cost per lead", c, Money, Down, t => Ratio(t.Sum("spend"), t.Sum("leads")));
        Add("roi", "Return on investment", c, Pct, Up, t => Percent(t.Sum("revenue") - t.Sum("spend"), t.Sum("spend")));
        Add("roas", "Return on ad spend", c, KpiUnit.Ratio, Up, t => Ratio(t.Sum("revenue"), t.Sum("spend")));

        c = KpiCategory.CustomerCare;
        Add("response_time", "Average response time", c, KpiUnit.Minutes, Down,
            t => Ratio(t.Sum("response_minutes"), t.Sum("responses")));
        Add("response_within_1h_rate", "Responses within 1 hour", c, Pct, Up,
            t => Percent(t.Sum("responses_within_1h"), t.Sum("responses")));
        AddSum("issues_resolved", "Issues resolved", c);
        Add("issue_resolution_rate", "Issue resolution rate", c, Pct, Up,
            t => Percent(t.Sum("issues_resolved"), t.Sum("issues_opened")));
        Add("positive_sentiment_share", "Positive sentiment share", c, Pct, Up,
            t => Percent(t.Sum("positive_mentions"), SentimentTotal(t)));
        Add("net_sentiment", "Net sentiment", c, Pct, Up,
            t => Percent(t.Sum("positive_mentions") - t.Sum("negative_mentions"), SentimentTotal(t)));

        c = KpiCategory.OwnedChannels;
        Add("email_subscribers", "Email subscribers", c, Count, Up, t => t.End("email_subscribers"));
        Add("email_subscriber_growth", "Email subscriber growth", c, Count, Up,
            t => t.End("email_subscribers") - t.Start("email_subscribers"));
        Add("opt_out_rate", "Opt-out rate", c, Pct, Down,
            t => Percent(t.Sum("email_unsubscribes"), t.Start("email_subscribers")));
        AddSum("reviews", "Reviews", c);
        Add("average_rating", "Average rating", c, KpiUnit.Rating, Up, t => Ratio(t.Sum("review_rating_sum"), t.Sum("reviews")));

        c = KpiCategory.Advocacy;
        AddSum("employee_shares", "Employee shares", c);
        AddSum("employee_clicks", "Employee clicks", c);
        AddSum("employee_engagements", "Employee engagements", c);
        AddSum("employee_reach", "Employee reach", c);
        AddSum("influencer_reach", "Influencer reach", c);
        AddSum("influencer_engagements", "Influencer engagements", c);
        return list;
    }

    private static double? FollowerGrowth(PeriodTotals t) => t.End("followers") - t.Start("followers");

    // Missing parts count as 0; null only when all four are missing.
    private static double? Engagements(PeriodTotals t)
    {
        double?[] parts = [t.Sum("likes"), t.Sum("comments"), t.Sum("shares"), t.Sum("saves")];
        return parts.All(p => p is null) ? null : parts.Sum(p => p ?? 0);
    }

    private static double? PerPostPerFollower(PeriodTotals t, string flow) =>
        Percent(Ratio(t.Sum(flow), t.Sum("posts")), t.End("followers"));

    private static double? SentimentTotal(PeriodTotals t) =>
        t.Sum("positive_mentions") + t.Sum("neutral_mentions") + t.Sum("negative_mentions");

    private static double? Ratio(double? numerator, double? denominator) =>
        numerator is { } n && denominator is { } d && d != 0 ? n / d : null;

    private static double? Percent(double? numerator, double? denominator) => Ratio(numerator, denominator) * 100;
}
