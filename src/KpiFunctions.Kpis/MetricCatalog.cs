using System.Collections.Frozen;

namespace KpiFunctions.Kpis;

/// <summary>How an input metric behaves over time.</summary>
public enum MetricKind
{
    /// <summary>A value at the end of the day (followers); never summed over time.</summary>
    Level,

    /// <summary>A count for that day (impressions); summed over days and accounts.</summary>
    Flow,
}

/// <summary>One input metric of a daily row, as named in KPIS.md.</summary>
/// <param name="Name">The metric's name in JSON, CSV and storage.</param>
/// <param name="Kind">Level or flow.</param>
/// <param name="AllowsFraction">
/// True for money and durations; counts must be whole numbers, so "12.5 likes" is rejected at the door.
/// </param>
public sealed record MetricDefinition(string Name, MetricKind Kind, bool AllowsFraction = false)
{
    /// <summary>
    /// The largest value a day may carry (10^15): far above any real daily figure, and low enough that sums
    /// over millions of rows stay exact.
    /// </summary>
    public const double MaxValue = 1e15;
}

/// <summary>The input metrics that daily rows may carry.</summary>
public static class MetricCatalog
{
    /// <summary>Every input metric, in catalog order.</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        new("followers", MetricKind.Level),
        new("email_subscribers", MetricKind.Level),
        .. Flows(
            "followers_gained", "followers_lost", "impressions", "reach", "likes", "comments", "shares", "saves",
            "clicks", "link_clicks", "profile_visits", "video_views", "posts",
            "mentions", "competitor_mentions", "positive_mentions", "neutral_mentions", "negative_mentions"),
        new("spend", MetricKind.Flow, AllowsFraction: true),
        new("budget", MetricKind.Flow, AllowsFraction: true),
        .. Flows("paid_impressions", "paid_clicks", "conversions", "leads", "customers"),
        new("revenue", MetricKind.Flow, AllowsFraction: true),
        .. Flows("social_sessions", "social_bounces", "total_sessions", "responses"),
        new("response_minutes", MetricKind.Flow, AllowsFraction: true),
        .. Flows("responses_within_1h", "issues_opened", "issues_resolved", "email_unsubscribes", "new_backlinks", "reviews"),
        new("review_rating_sum", MetricKind.Flow, AllowsFraction: true),
        .. Flows(
            "employee_shares", "employee_clicks", "employee_engagements", "employee_reach",
            "influencer_reach", "influencer_engagements"),
    ];

    private static readonly FrozenDictionary<string, MetricDefinition> ByName =
        All.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>Finds a metric by its exact (case-sensitive) name.</summary>
    public static bool TryGet(string name, out MetricDefinition metric) =>
        ByName.TryGetValue(name, out metric!);

    private static IEnumerable<MetricDefinition> Flows(params string[] names) =>
        names.Select(n => new MetricDefinition(n, MetricKind.Flow));
}
