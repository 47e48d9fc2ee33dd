using System.Text.Json;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;

namespace KpiFunctions.App.Ingestion;

/// <summary>One platform's API: how to connect an account (OAuth, token check) and fetch its days.</summary>
public interface IPlatformConnector
{
    /// <summary>The platform id, as metric rows name it.</summary>
    string Platform { get; }

    /// <summary>The platform's name for people.</summary>
    string DisplayName { get; }

    /// <summary>This platform's settings (<c>Platforms:{Name}</c>).</summary>
    PlatformOptions Options { get; }

    /// <summary>The largest range <see cref="FetchAsync"/> takes at once; longer ones are fetched in chunks of this size, oldest first.</summary>
    int ChunkDays { get; }

    /// <summary>The consent page's address for <paramref name="state"/>, with a PKCE challenge where the platform takes one.</summary>
    Uri AuthorizeUrl(string state, string redirectUri, string codeChallenge);

    /// <summary>Exchanges an OAuth code for tokens; throws <see cref="TokenRejectedException"/> when the platform refuses.</summary>
    Task<PlatformTokens> ExchangeCodeAsync(string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken);

    /// <summary>New tokens for <paramref name="tokens"/> before they expire; null when the platform gave none.</summary>
    Task<PlatformTokens?> RefreshAsync(PlatformTokens tokens, CancellationToken cancellationToken);

    /// <summary>One cheap call with <paramref name="accessToken"/>; throws <see cref="TokenRejectedException"/> when it is refused.</summary>
    Task CheckTokenAsync(string accessToken, string externalId, CancellationToken cancellationToken);

    /// <summary>The days of <paramref name="range"/> (at most <see cref="ChunkDays"/>) and the posts published in it.</summary>
    Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken);
}

/// <summary>What a fetch needs: the account, its access token, where raw responses go and where warnings go.</summary>
/// <param name="Account">The account.</param>
/// <param name="AccessToken">Its access token, in clear text, in memory only.</param>
/// <param name="Raw">Keeps every raw response of the run.</param>
/// <param name="LastCompleteDay">The account's last day whose data the platform has complete (account-local yesterday, once ready).</param>
public sealed record FetchContext(ConnectedAccount Account, string AccessToken, RawResponses Raw, DateOnly LastCompleteDay)
{
    /// <summary>Warnings for the run (a metric skipped), each once.</summary>
    public ISet<string> Warnings { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Metrics the platform rejected during this run: not asked for again in it.</summary>
    public ISet<string> RejectedMetrics { get; } = new HashSet<string>(StringComparer.Ordinal);

    public override string ToString() => $"FetchContext {{ Account = {Account.ClientId}/{Account.Id} }}";
}

/// <summary>A chunk's daily metrics (input metric names of KPIS.md; a metric not returned is absent) and posts.</summary>
public sealed class FetchedData
{
    public SortedDictionary<DateOnly, Dictionary<string, double>> Days { get; } = [];

    /// <summary>
    /// The first day the platform says is not final yet (Pinterest's <c>data_status</c> other than READY): its rows are
    /// stored, but <c>syncedThrough</c> stays before it, so the next run fetches it again. Null: every day is final.
    /// </summary>
    public DateOnly? OpenFrom { get; set; }

    public List<PlatformPost> Posts { get; } = [];

    /// <summary>Sets <paramref name="metric"/> on <paramref name="day"/> (adds to it when <paramref name="add"/>).</summary>
    public void Set(DateOnly day, string metric, double value, bool add = false)
    {
        if (!Days.TryGetValue(day, out var values))
        {
            Days[day] = values = new Dictionary<string, double>(StringComparer.Ordinal);
        }

        values[metric] = add && values.TryGetValue(metric, out var old) ? old + value : value;
    }

    /// <summary>
    /// Keeps the posts of <paramref name="range"/> (by the account-local day they were published) and counts them as
    /// <c>posts</c> on every day of it: a day without a post has 0 posts, not a missing value.
    /// </summary>
    public void AddPosts(ConnectedAccount account, DateRange range, IEnumerable<PlatformPost> posts)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(posts);
        for (var day = range.From; day <= range.To; day = day.AddDays(1))
        {
            Set(day, "posts", 0);
        }

        foreach (var post in posts)
        {
            var day = account.LocalDate(post.PublishedAt);
            if (day >= range.From && day <= range.To)
            {
                Posts.Add(post);
                Set(day, "posts", 1, add: true);
            }
        }
    }
}

/// <summary>The platform rejected the token (expired, revoked, missing permission): the account needs a person.</summary>
public sealed class TokenRejectedException(string reason) : Exception(reason);

/// <summary>The platform asked us to wait: the run continues after <see cref="Wait"/>.</summary>
/// <param name="reason">What the platform said.</param>
/// <param name="wait">How long to wait.</param>
/// <param name="dailyQuota">
/// The platform's quota for the day is spent (LinkedIn's, reset at midnight UTC): the account pauses until the reset,
/// however many hours away, instead of the capped backoff of a short throttle.
/// </param>
public sealed class PlatformThrottledException(string reason, TimeSpan wait, bool dailyQuota = false) : Exception(reason)
{
    public TimeSpan Wait { get; } = wait;

    public bool DailyQuota { get; } = dailyQuota;
}

/// <summary>The platform answered with an error that is neither the token's nor a throttle (a bad request, a failed job).</summary>
public sealed class PlatformException(string message) : Exception(message);

/// <summary>A platform's settings: <c>Platforms:Facebook</c>, <c>Platforms:Instagram</c>, <c>Platforms:MetaAds</c>, <c>Platforms:TikTok</c>, <c>Platforms:LinkedIn</c>, <c>Platforms:X</c>, <c>Platforms:YouTube</c>, <c>Platforms:Pinterest</c>.</summary>
public sealed class PlatformOptions
{
    /// <summary>The API's base address: the real one by default, the fake one in tests and the demo.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>Where the OAuth consent page is (for Meta, www.facebook.com).</summary>
    public string AuthorizeBaseUrl { get; set; } = string.Empty;

    /// <summary>The OAuth token endpoint when it is on another host than <see cref="BaseUrl"/> (Google: oauth2.googleapis.com/token).</summary>
    public string TokenUrl { get; set; } = string.Empty;

    /// <summary>A second API's base address when the platform splits its data over two (YouTube: the Data API beside Analytics).</summary>
    public string DataBaseUrl { get; set; } = string.Empty;

        /// <summary>The API version every request carries, e.g. <c>v25.0</c> (Meta), <c>202606</c> (LinkedIn), <c>v5</c> (Pinterest).</summary>
    public string ApiVersion { get; set; } = string.Empty;

    /// <summary>The app id for OAuth.</summary>
    public string? AppId { get; set; }

    /// <summary>The app secret for OAuth (a secret: Key Vault on Azure).</summary>
    public string? AppSecret { get; set; }

    /// <summary>The OAuth scopes asked for.</summary>
    public string Scopes { get; set; } = string.Empty;

    /// <summary>Days before <c>syncedThrough</c> fetched again, for data the platform revises late.</summary>
    public int LookbackDays { get; set; }

    /// <summary>How far back a new connection is filled (13 months by default, so year-over-year works at once).</summary>
    public int BackfillDays { get; set; } = 396;

    /// <summary>The account-local hour after which the platform's data of yesterday is complete.</summary>
    public int ReadyHour { get; set; } = 6;

    /// <summary>Days more the platform's data takes to settle (LinkedIn: 1, so the last day fetched is two days ago).</summary>
    public int DelayDays { get; set; }

    /// <summary>Warn this long before a refresh token expires (the agency must reconnect before then).</summary>
    public TimeSpan RefreshExpiryWarning { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Meta Ads: the one action type counted as a conversion (Meta repeats each purchase under several types).</summary>
    public string ConversionAction { get; set; } = "purchase";

    /// <summary>Meta's usage headers at or above this percentage make the run wait before the next call.</summary>
    public int UsageLimitPercent { get; set; } = 90;

    /// <summary>Meta Ads: ranges longer than this go through an async report job.</summary>
    public int SyncMaxDays { get; set; } = 31;

    /// <summary>Meta Ads: how long an async report job may run before its range is split.</summary>
    public TimeSpan AsyncJobTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Meta Ads: how often an async report job is polled.</summary>
    public TimeSpan AsyncPollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>JSON helpers for platform answers.</summary>
internal static class PlatformJson
{
    public static string? Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A number given as a JSON number or, as Meta Ads gives them, a string.</summary>
    public static double? Number(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Number(value) : null;

    public static double? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];
}
