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

    internal static string Check(string platform) => platform is Facebook or Instagram or MetaAds
        ? platform
        : throw new ArgumentException($"Unknown platform '{platform}': use facebook, instagram or meta_ads.", nameof(platform));

    /// <summary>Ad account ids are kept without their <c>act_</c> prefix, so both spellings name the same account.</summary>
    internal static string Id(string platform, string externalId) =>
        platform == MetaAds && externalId.StartsWith("act_", StringComparison.Ordinal) ? externalId[4..] : externalId;
}
