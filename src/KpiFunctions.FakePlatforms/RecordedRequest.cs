namespace KpiFunctions.FakePlatforms;

/// <summary>One Graph request the fake received (control calls under <c>/_fake</c> are not recorded).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, e.g. <c>/v25.0/123/insights</c>.</param>
/// <param name="Query">The raw query string with its leading <c>?</c>, or empty.</param>
/// <param name="Version">The API version segment, e.g. <c>v25.0</c>, or null when the path has none.</param>
/// <param name="Time">When it arrived, by the fake's clock.</param>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Version, DateTimeOffset Time);

/// <summary>The platform ids the fake serves.</summary>
public static class FakePlatform
{
    /// <summary>Facebook Pages (Page insights, page node, posts).</summary>
    public const string Facebook = "facebook";

    /// <summary>Instagram professional accounts (account insights, node, media).</summary>
    public const string Instagram = "instagram";

    /// <summary>Meta Marketing API ad accounts (<c>act_{id}/insights</c>, sync and async).</summary>
    public const string MetaAds = "meta_ads";

    /// <summary>LinkedIn organization pages (Community Management API, under <c>/linkedin</c>).</summary>
    public const string LinkedIn = "linkedin";

    /// <summary>X API v2 (under <c>/x</c>).</summary>
    public const string X = "x";

    /// <summary>YouTube Analytics v2 and Data v3, Google OAuth (under <c>/youtube</c>).</summary>
    public const string YouTube = "youtube";

    /// <summary>TikTok Business API v1.3 (under <c>/tiktok</c>).</summary>
    public const string TikTok = "tiktok";

    /// <summary>Pinterest API v5 (under <c>/pinterest</c>).</summary>
    public const string Pinterest = "pinterest";

    /// <summary>The platforms that are not Meta's: each is served under <c>/{platform}</c> on the same port.</summary>
    public static IReadOnlyList<string> Others { get; } = [LinkedIn, X, YouTube, TikTok, Pinterest];

    internal static string Check(string platform) => platform is Facebook or Instagram or MetaAds || Others.Contains(platform)
        ? platform
        : throw new ArgumentException($"Unknown platform '{platform}': use facebook, instagram, meta_ads, {string.Join(", ", Others)}.", nameof(platform));

    /// <summary>Ad account ids are kept without their <c>act_</c> prefix, so both spellings name the same account.</summary>
    internal static string Id(string platform, string externalId) =>
        platform == MetaAds && externalId.StartsWith("act_", StringComparison.Ordinal) ? externalId[4..] : externalId;
}
