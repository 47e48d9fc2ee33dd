namespace KpiFunctions.FakePlatforms;

/// <summary>A metric a platform's insights endpoint knows, and the sample metric it is generated from.</summary>
internal sealed record InsightsMetric(string Name, string Title, string Description, bool TotalValueOnly = false);

/// <summary>
/// The fake's vocabulary: which platform value comes from which <c>SampleMetrics</c> value, and which names the insights
/// endpoints accept. Keys that are not insights metrics (posts, comments, shares, conversions, ...) feed posts, media and
/// ad rows and can be overridden with <c>SetDay</c> too.
/// </summary>
internal static class MetaMetrics
{
    public const string Reactions = "page_actions_post_reactions_total";
    public const string FollowsAndUnfollows = "follows_and_unfollows";
    public const string Follower = "follows_and_unfollows:FOLLOWER";
    public const string NonFollower = "follows_and_unfollows:NON_FOLLOWER";

    /// <summary>Platform key → sample metric name, per platform.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Key, string Sample)>> Sources { get; } =
        new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal)
        {
            [FakePlatform.Facebook] =
            [
                ("page_media_view", "impressions"),
                ("page_total_media_view_unique", "reach"),
                ("page_daily_follows_unique", "followers_gained"),
                ("page_daily_unfollows_unique", "followers_lost"),
                ("page_views_total", "profile_visits"),
                ("page_video_views", "video_views"),
                ("page_total_actions", "clicks"),
                ("page_follows", "followers"),
                (Reactions, "likes"),
                ("posts", "posts"),
                ("comments", "comments"),
                ("shares", "shares"),
            ],
            [FakePlatform.Instagram] =
            [
                ("reach", "reach"),
                ("views", "impressions"),
                ("likes", "likes"),
                ("comments", "comments"),
                ("shares", "shares"),
                ("saves", "saves"),
                ("profile_views", "profile_visits"),
                ("website_clicks", "clicks"),
                (Follower, "followers_gained"),
                (NonFollower, "followers_lost"),
                ("followers_count", "followers"),
                ("posts", "posts"),
            ],
            [FakePlatform.MetaAds] =
            [
                ("spend", "spend"),
                ("impressions", "paid_impressions"),
                ("clicks", "paid_clicks"),
                ("inline_link_clicks", "link_clicks"),
                ("conversions", "conversions"),
                ("revenue", "revenue"),
            ],

            // The other platforms, in their own API's names (their routes decide the shapes).
            [FakePlatform.LinkedIn] =
            [
                ("impressionCount", "impressions"),
                ("uniqueImpressionsCount", "reach"),
                ("clickCount", "clicks"),
                ("likeCount", "likes"),
                ("commentCount", "comments"),
                ("shareCount", "shares"),
                ("organicFollowerGain", "followers_gained"),
                ("firstDegreeSize", "followers"),
                ("allPageViews", "profile_visits"),
                ("posts", "posts"),
            ],
            [FakePlatform.X] =
            [
                ("impression_count", "impressions"),
                ("like_count", "likes"),
                ("reply_count", "comments"),
                ("retweet_count", "shares"),
                ("bookmark_count", "saves"),
                ("url_link_clicks", "link_clicks"),
                ("user_profile_clicks", "profile_visits"),
                ("followers_count", "followers"),
                ("posts", "posts"),
            ],
            [FakePlatform.YouTube] =
            [
                ("views", "video_views"),
                ("likes", "likes"),
                ("comments", "comments"),
                ("shares", "shares"),
                ("subscribersGained", "followers_gained"),
                ("subscribersLost", "followers_lost"),
                ("subscriberCount", "followers"),
                ("posts", "posts"),
            ],
            [FakePlatform.TikTok] =
            [
                ("video_views", "video_views"),
                ("profile_views", "profile_visits"),
                ("likes", "likes"),
                ("comments", "comments"),
                ("shares", "shares"),
                ("bio_link_clicks", "clicks"),
                ("followers_count", "followers"),
                ("daily_new_followers", "followers_gained"),
                ("daily_lost_followers", "followers_lost"),
                ("posts", "posts"),
            ],
            [FakePlatform.Pinterest] =
            [
                ("IMPRESSION", "impressions"),
                ("TOTAL_AUDIENCE", "reach"),
                ("SAVE", "saves"),
                ("PIN_CLICK", "clicks"),
                ("OUTBOUND_CLICK", "link_clicks"),
                ("VIDEO_START", "video_views"),
                ("PROFILE_VISIT", "profile_visits"),
                ("follower_count", "followers"),
                ("posts", "posts"),
            ],
        };

    public static IReadOnlyDictionary<string, InsightsMetric> Facebook { get; } = Index(
    [
        new("page_media_view", "Daily Views", "Daily: The number of times your Page's content was played or displayed."),
        new("page_total_media_view_unique", "Daily Viewers", "Daily: The number of people who saw any content of your Page at least once. (Unique Users)"),
        new("page_daily_follows_unique", "Daily New Follows", "Daily: The number of new follows of your Page. (Unique Users)"),
        new("page_daily_unfollows_unique", "Daily Unfollows", "Daily: The number of unfollows of your Page. (Unique Users)"),
        new("page_views_total", "Daily Total views count per Page", "Daily: The number of times a Page's profile has been viewed."),
        new("page_video_views", "Daily Total Video Views", "Daily: The number of times your Page's videos played for at least 3 seconds."),
        new("page_total_actions", "Daily Total Action Count Per Page", "Daily: The number of clicks on your Page's contact info and call-to-action button."),
        new("page_follows", "Lifetime Page Follows", "Lifetime: The total number of people who follow your Page."),
        new(Reactions, "Daily total post reactions by type.", "Daily: Total post reactions by type."),
    ]);

    public static IReadOnlyDictionary<string, InsightsMetric> Instagram { get; } = Index(
    [
        new("reach", "Accounts reached", "The number of unique accounts that have seen your content, at least once."),
        new("views", "Views", "The number of times your content was played or displayed.", TotalValueOnly: true),
        new("likes", "Likes", "The number of likes on your posts, reels and videos.", TotalValueOnly: true),
        new("comments", "Comments", "The number of comments on your posts, reels, videos and live videos.", TotalValueOnly: true),
        new("shares", "Shares", "The number of shares of your posts, stories, reels, videos and live videos.", TotalValueOnly: true),
        new("saves", "Saves", "The number of saves of your posts, reels and videos.", TotalValueOnly: true),
        new("profile_views", "Profile visits", "The number of times that your profile was visited.", TotalValueOnly: true),
        new("website_clicks", "Website taps", "The number of times that the link to your website was tapped.", TotalValueOnly: true),
        new(FollowsAndUnfollows, "Follows and unfollows", "The number of accounts that followed you and the number that unfollowed you or left Instagram.", TotalValueOnly: true),
    ]);

    /// <summary>The fields an Ads insights request may ask for.</summary>
    public static IReadOnlySet<string> AdsFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "account_id", "account_name", "account_currency", "date_start", "date_stop", "spend", "impressions", "clicks",
        "inline_link_clicks", "actions", "action_values", "cpc", "cpm", "ctr",
    };

    /// <summary>The action types of a conversion: Meta reports the same purchases under several names.</summary>
    public static IReadOnlyList<string> PurchaseTypes { get; } = ["purchase", "omni_purchase", "offsite_conversion.fb_pixel_purchase"];

    public static IReadOnlyDictionary<string, InsightsMetric>? For(string platform) => platform switch
    {
        FakePlatform.Facebook => Facebook,
        FakePlatform.Instagram => Instagram,
        _ => null,
    };

    private static Dictionary<string, InsightsMetric> Index(InsightsMetric[] metrics) =>
        metrics.ToDictionary(m => m.Name, StringComparer.Ordinal);
}
