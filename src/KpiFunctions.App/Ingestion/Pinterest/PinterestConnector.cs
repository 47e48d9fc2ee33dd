using System.Globalization;
using System.Text.Json;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Ingestion.Pinterest;

/// <summary>
/// Pinterest through API v5: the account's daily analytics (<c>user_account/analytics</c>, at most 90 days back, asked
/// for 30 days at a time), its follower total and its pins. A day whose <c>data_status</c> is not <c>READY</c> is stored
/// but stays open, so the next run fetches it again. The app's credentials go as Basic auth to <c>/v5/oauth/token</c>,
/// and every refresh rotates the refresh token. A 429 waits for the <c>X-RateLimit-Reset</c> the answer names.
/// </summary>
public sealed class PinterestConnector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time)
    : OAuth2Connector(clients, options, time)
{
    /// <summary>Analytics metric type → input metric (KPIS.md).</summary>
    public static IReadOnlyDictionary<string, string> Metrics { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["IMPRESSION"] = "impressions",
        ["TOTAL_AUDIENCE"] = "reach",
        ["SAVE"] = "saves",
        ["PIN_CLICK"] = "clicks",
        ["OUTBOUND_CLICK"] = "link_clicks",
        ["VIDEO_START"] = "video_views",
        ["PROFILE_VISIT"] = "profile_visits",
    };

    /// <summary>How far back the analytics go: Pinterest takes a <c>start_date</c> at most 90 days before today (one day's margin).</summary>
    public const int MaxDaysBack = 89;

    private const int PinsPageSize = 100;
    private const int MaxPages = 10_000;

    public override string Platform => "pinterest";

    public override string DisplayName => "Pinterest";

    public override int ChunkDays => 30;

    protected override string AuthorizePath => "oauth/";

    protected override string TokenPath => $"{Options.ApiVersion}/oauth/token";

    protected override bool BasicAuth => true;

    // Continuous refresh: the answer carries a new refresh token (and its expiry) every time.
    protected override IReadOnlyDictionary<string, string?> RefreshExtras => new Dictionary<string, string?> { ["refresh_on"] = "true" };

    public override async Task CheckTokenAsync(string accessToken, string externalId, CancellationToken cancellationToken) =>
        await UserAccountAsync(accessToken, externalId, null, cancellationToken);

    public override async Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new FetchedData();

        // The analytics are the token's own account's: the token must still be the account's.
        var account = await UserAccountAsync(context.AccessToken, context.Account.ExternalId, context.Raw, cancellationToken);
        var earliest = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime).AddDays(-MaxDaysBack);
        if (range.From < earliest)
        {
            context.Warnings.Add($"Pinterest keeps analytics for 90 days: the days before {earliest:yyyy-MM-dd} have only their pins.");
        }

        if (range.To >= earliest)
        {
            var days = new DateRange(range.From < earliest ? earliest : range.From, range.To);
            var answer = await GetAsync(Url($"{Options.ApiVersion}/user_account/analytics", new Dictionary<string, string?>
            {
                ["start_date"] = days.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["end_date"] = days.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["metric_types"] = string.Join(',', Metrics.Keys),
                ["split_field"] = "NO_SPLIT",
            }), context.AccessToken, context.Raw, cancellationToken);
            Analytics(answer, days, data);
        }

        // The follower total is only known as of now: it is the level of the last complete day.
        if (range.To == context.LastCompleteDay && account.Number("follower_count") is { } followers)
        {
            data.Set(range.To, "followers", followers);
        }

        data.AddPosts(context.Account, range, await PinsAsync(context, range, cancellationToken));
        return data;
    }

    /// <summary>
    /// Reads the <c>all</c> group's <c>daily_metrics</c>. <c>READY</c> days are final; a day before the account or the
    /// retention (<c>BEFORE_*</c>) has no data and never will; any other status (<c>PROCESSING</c>, <c>ESTIMATE</c>) is
    /// kept but leaves the day open.
    /// </summary>
    private static void Analytics(JsonElement answer, DateRange days, FetchedData data)
    {
        if (!answer.TryGetProperty("all", out var all))
        {
            return;
        }

        foreach (var daily in all.Array("daily_metrics"))
        {
            if (!DateOnly.TryParseExact(daily.Text("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || !days.Contains(day))
            {
                continue;
            }

            var status = daily.Text("data_status") ?? "PROCESSING";
            if (status.StartsWith("BEFORE_", StringComparison.Ordinal))
            {
                continue;
            }

            if (status != "READY" && (data.OpenFrom is not { } open || day < open))
            {
                data.OpenFrom = day;
            }

            if (daily.TryGetProperty("metrics", out var metrics))
            {
                foreach (var (type, metric) in Metrics)
                {
                    if (metrics.Number(type) is { } n)
                    {
                        data.Set(day, metric, n);
                    }
                }
            }
        }
    }

    /// <summary>The account's pins published in <paramref name="range"/>: newest first, paged by bookmark until one is older.</summary>
    private async Task<List<PlatformPost>> PinsAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        var pins = new List<PlatformPost>();
        string? bookmark = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var query = new Dictionary<string, string?> { ["page_size"] = PinsPageSize.ToString(CultureInfo.InvariantCulture), ["bookmark"] = bookmark };
            var answer = await GetAsync(Url($"{Options.ApiVersion}/pins", query), context.AccessToken, context.Raw, cancellationToken);
            var older = false;
            foreach (var pin in answer.Array("items"))
            {
                if (pin.Text("id") is not { } id || CreatedAt(pin.Text("created_at")) is not { } created)
                {
                    continue;
                }

                older |= context.Account.LocalDate(created) < range.From;
                var text = pin.Text("title") is { Length: > 0 } title ? title : pin.Text("description");
                pins.Add(new PlatformPost(id, created, text, $"https://www.pinterest.com/pin/{id}/", null, null, null, null));
            }

            bookmark = answer.Text("bookmark");
            if (older || string.IsNullOrEmpty(bookmark))
            {
                return pins;
            }
        }

        throw new PlatformException($"Pinterest kept answering with a next page after {MaxPages} pages.");
    }

    /// <summary><c>GET /v5/user_account</c>; a token of another account than <paramref name="username"/> is refused.</summary>
    private async Task<JsonElement> UserAccountAsync(string accessToken, string username, RawResponses? raw, CancellationToken cancellationToken)
    {
        var account = await GetAsync(Url($"{Options.ApiVersion}/user_account"), accessToken, raw, cancellationToken);
        if (account.Text("username") is { } owner && !string.Equals(owner, username, StringComparison.OrdinalIgnoreCase))
        {
            throw new TokenRejectedException($"The token belongs to Pinterest account '{owner}', not '{username}': connect the account as '{username}'.");
        }

        return account;
    }

    private Task<JsonElement> GetAsync(Uri url, string accessToken, RawResponses? raw, CancellationToken cancellationToken) =>
        Http().GetAsync(url, accessToken, raw, cancellationToken);

    /// <summary>A pin's <c>created_at</c>: ISO 8601, UTC when it names no offset.</summary>
    private static DateTimeOffset? CreatedAt(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}
