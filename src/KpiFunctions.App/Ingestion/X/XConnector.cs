using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Ingestion.X;

/// <summary>
/// X (API v2, external id: the user id): the account's posts of a range with their metrics, summed per account-local day
/// of <c>created_at</c>, and the follower count as the level of the last complete day. OAuth 2.0 with PKCE and
/// <c>offline.access</c>: access tokens last two hours and every refresh rotates the refresh token (the pipeline saves the
/// new one). <c>x-rate-limit-remaining: 0</c> pauses the account until <c>x-rate-limit-reset</c>, before X answers 429;
/// an endpoint the app's plan does not include (403 <c>client-not-enrolled</c>) fails the account with that reason.
/// </summary>
public sealed class XConnector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time)
    : OAuth2Connector(clients, options, time)
{
    /// <summary>X gives non-public metrics (link and profile clicks) only for posts of the last 30 days.</summary>
    public const int NonPublicDays = 30;

    private const string TimelineEndpoint = "GET /2/users/:id/tweets";
    private const string UserEndpoint = "GET /2/users/:id";

    // Accounts whose rate-limit window is used up, until its reset: per user, as X counts them.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);

    /// <summary>The daily metrics a day's posts add up to.</summary>
    private static readonly string[] Summed = ["posts", "impressions", "likes", "comments", "shares", "saves", "link_clicks", "profile_visits"];

    /// <summary>The ones from <c>non_public_metrics</c>, which X gives only for posts of the last 30 days.</summary>
    private static readonly HashSet<string> NonPublic = new(StringComparer.Ordinal) { "link_clicks", "profile_visits" };

    public override string Platform => "x";

    public override string DisplayName => "X";

    // The timeline has no window limit; 90 days keep a chunk's pages few.
    public override int ChunkDays => 90;

    protected override string AuthorizePath => "i/oauth2/authorize";

    protected override string TokenPath => $"{Options.ApiVersion}/oauth2/token";

    // X's confidential clients send their credentials as Basic auth.
    protected override bool BasicAuth => true;

    /// <summary>X's defaults: api.x.com, consent on x.com, API version 2, a week of post metrics re-read (they keep growing).</summary>
    public static void Defaults(PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseUrl = "https://api.x.com";
        options.AuthorizeBaseUrl = "https://x.com";
        options.ApiVersion = "2";
        options.LookbackDays = 7;
        options.Scopes = "tweet.read users.read offline.access";
    }

    public override async Task CheckTokenAsync(string accessToken, string externalId, CancellationToken cancellationToken) =>
        await GetAsync(null, "GET /2/users/me", Url($"{Options.ApiVersion}/users/me"), accessToken, null, cancellationToken);

    public override async Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var account = context.Account;
        var key = $"{account.ClientId}/{account.Id}";
        var user = Uri.EscapeDataString(account.ExternalId);
        var query = new Dictionary<string, string?>
        {
            // The range's account-local days as UTC instants: start inclusive, end exclusive.
            ["start_time"] = Instant(account, range.From),
            ["end_time"] = Instant(account, range.To.AddDays(1)),
            ["max_results"] = "100",
            ["tweet.fields"] = "created_at,public_metrics,non_public_metrics",
        };

        var days = new SortedDictionary<DateOnly, Dictionary<string, double?>>();
        for (var day = range.From; day <= range.To; day = day.AddDays(1))
        {
            days[day] = Summed.ToDictionary(m => m, _ => (double?)0, StringComparer.Ordinal);
        }

        var data = new FetchedData();
        for (var page = 1; ; page++)
        {
            var answer = await GetAsync(key, TimelineEndpoint, Url($"{Options.ApiVersion}/users/{user}/tweets", query), context.AccessToken, context.Raw, cancellationToken);
            foreach (var tweet in answer.Array("data"))
            {
                if (tweet.Text("id") is not { } id || ParseTime(tweet.Text("created_at")) is not { } created
                    || !days.TryGetValue(account.LocalDate(created), out var values))
                {
                    continue;
                }

                var metrics = Metrics(tweet);
                values["posts"] += 1;
                foreach (var (metric, value) in metrics)
                {
                    // One post without the metric (an older post has no non-public metrics) leaves the day's sum unknown.
                    values[metric] = value is { } v ? values[metric] + v : null;
                }

                data.Posts.Add(new PlatformPost(
                    id, created, tweet.Text("text"), $"https://x.com/i/web/status/{id}",
                    metrics["likes"], metrics["comments"], metrics["shares"], metrics["saves"]));
            }

            if (!answer.TryGetProperty("meta", out var meta) || meta.Text("next_token") is not { Length: > 0 } next)
            {
                break;
            }

            if (page == 10_000)
            {
                throw new PlatformException("X kept answering with a next page after 10,000 pages.");
            }

            query["pagination_token"] = next;
        }

        // A day without posts has nothing to sum: 0, except for non-public metrics X no longer gives for that day.
        var recent = account.LocalDate(Time.GetUtcNow()).AddDays(-NonPublicDays);
        foreach (var (day, values) in days)
        {
            foreach (var (metric, value) in values)
            {
                if (value is { } v && !(NonPublic.Contains(metric) && values["posts"] == 0 && day < recent))
                {
                    data.Set(day, metric, v);
                }
            }
        }

        // Followers are only known as of now: they are the level of the last complete day.
        if (range.To == context.LastCompleteDay)
        {
            var answer = await GetAsync(key, UserEndpoint, Url($"{Options.ApiVersion}/users/{user}", new Dictionary<string, string?> { ["user.fields"] = "public_metrics" }), context.AccessToken, context.Raw, cancellationToken);
            if (answer.TryGetProperty("data", out var found) && found.TryGetProperty("public_metrics", out var counts) && counts.Number("followers_count") is { } followers)
            {
                data.Set(range.To, "followers", followers);
            }
        }

        return data;
    }

    /// <summary>A post's counts under the input metric names; null where the post does not carry one.</summary>
    private static Dictionary<string, double?> Metrics(JsonElement tweet)
    {
        var pub = tweet.TryGetProperty("public_metrics", out var p) ? p : default;
        var non = tweet.TryGetProperty("non_public_metrics", out var n) ? n : default;
        return new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["impressions"] = pub.Number("impression_count") ?? non.Number("impression_count"),
            ["likes"] = pub.Number("like_count"),
            ["comments"] = pub.Number("reply_count"),
            // Reposts and quotes both pass the post on.
            ["shares"] = pub.Number("retweet_count") is { } reposts ? reposts + (pub.Number("quote_count") ?? 0) : null,
            ["saves"] = pub.Number("bookmark_count"),
            ["link_clicks"] = non.Number("url_link_clicks"),
            ["profile_visits"] = non.Number("user_profile_clicks"),
        };
    }

    /// <summary>
    /// One call, unless the account's rate-limit window is used up: then the run pauses until X's reset without asking
    /// (a call past the limit would only answer 429). Every answer's <c>x-rate-limit-*</c> headers are noted.
    /// </summary>
    private async Task<JsonElement> GetAsync(string? key, string endpoint, Uri url, string accessToken, RawResponses? raw, CancellationToken cancellationToken)
    {
        if (key is not null && _pausedUntil.TryGetValue(key, out var until))
        {
            var wait = until - Time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                throw new PlatformThrottledException(
                    $"X's rate limit for this account is used up (x-rate-limit-remaining: 0) until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.", wait);
            }

            _pausedUntil.TryRemove(KeyValuePair.Create(key, until));
        }

        var answer = await Http((response, json) => Classify(key, endpoint, response, json)).GetAsync(url, accessToken, raw, cancellationToken);

        // A 200 may carry only errors (a user that does not exist or is suspended).
        if (answer.ValueKind == JsonValueKind.Object && !answer.TryGetProperty("data", out _) && !answer.TryGetProperty("meta", out _)
            && answer.Array("errors").FirstOrDefault() is { ValueKind: JsonValueKind.Object } error)
        {
            throw new PlatformException($"X answered {endpoint} with an error: {PlatformHttp.Message(error)}");
        }

        return answer;
    }

    private Exception? Classify(string? key, string endpoint, HttpResponseMessage response, JsonElement? json)
    {
        if (key is not null && Header(response, "x-rate-limit-remaining") is { } remaining)
        {
            if (remaining == 0 && Header(response, "x-rate-limit-reset") is { } reset && DateTimeOffset.FromUnixTimeSeconds(reset) > Time.GetUtcNow())
            {
                _pausedUntil[key] = DateTimeOffset.FromUnixTimeSeconds(reset);
            }
            else if (remaining > 0)
            {
                _pausedUntil.TryRemove(key, out _);
            }
        }

        // The app's plan (Free, Basic, Pro...) does not include the endpoint: no retry helps until someone changes it.
        return response.StatusCode == HttpStatusCode.Forbidden && json is { } body && body.Text("reason") == "client-not-enrolled"
            ? new PlatformException($"Your X API plan does not include {endpoint} (client-not-enrolled): upgrade the plan or disconnect the account.")
            : null;
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The start of an account-local day in UTC, as X writes instants (a zone whose clocks skip midnight starts at 01:00).</summary>
    private static string Instant(ConnectedAccount account, DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        var start = account.Zone.IsInvalidTime(midnight) ? midnight.AddHours(1) : midnight;
        return TimeZoneInfo.ConvertTimeToUtc(start, account.Zone).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}
