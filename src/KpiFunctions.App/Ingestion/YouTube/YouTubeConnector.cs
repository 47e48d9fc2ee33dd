using System.Globalization;
using System.Net;
using System.Text.Json;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Ingestion.YouTube;

/// <summary>
/// YouTube (external id: the channel id, <c>UC…</c>): the channel's daily rows from the Analytics API v2
/// (<c>reports.query</c> with the <c>day</c> dimension), its subscriber total from the Data API v3 as the level of the
/// last complete day, and its uploads of the range as posts. Google OAuth with a refresh token (not rotated: the stored
/// one is kept when a refresh gives none). Quota errors pause the account: <c>quotaExceeded</c> until Google's daily
/// quota resets at midnight Pacific time, <c>rateLimitExceeded</c> for a minute (the pipeline doubles it on repeats).
/// </summary>
public sealed class YouTubeConnector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time)
    : OAuth2Connector(clients, options, time)
{
    /// <summary>Analytics metric → input metric (KPIS.md).</summary>
    public static IReadOnlyDictionary<string, string> Metrics { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["views"] = "video_views",
        ["likes"] = "likes",
        ["comments"] = "comments",
        ["shares"] = "shares",
        ["subscribersGained"] = "followers_gained",
        ["subscribersLost"] = "followers_lost",
    };

    // The Data API has been v3 since 2012; ApiVersion is the Analytics API's.
    private const string DataApi = "youtube/v3";

    // Google's quotas reset at midnight Pacific time.
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    public override string Platform => "youtube";

    public override string DisplayName => "YouTube";

    public override int ChunkDays => 90;

    protected override string AuthorizePath => "o/oauth2/v2/auth";

    protected override string TokenPath => Options.TokenUrl;

    // Without access_type=offline Google gives no refresh token; prompt=consent makes it give one on a reconnection too.
    protected override IReadOnlyDictionary<string, string?> AuthorizeExtras => new Dictionary<string, string?>
    {
        ["access_type"] = "offline",
        ["prompt"] = "consent",
    };

    /// <summary>YouTube's defaults: Analytics v2, the Data API and Google's OAuth endpoints; the last 3 days re-read (YouTube revises them).</summary>
    public static void Defaults(PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseUrl = "https://youtubeanalytics.googleapis.com";
        options.DataBaseUrl = "https://www.googleapis.com";
        options.AuthorizeBaseUrl = "https://accounts.google.com";
        options.TokenUrl = "https://oauth2.googleapis.com/token";
        options.ApiVersion = "v2";
        options.LookbackDays = 3;
        options.Scopes = "https://www.googleapis.com/auth/yt-analytics.readonly https://www.googleapis.com/auth/youtube.readonly";
    }

    /// <summary>When Google's daily quota resets after <paramref name="now"/>: the next midnight in Pacific time.</summary>
    public static DateTimeOffset QuotaReset(DateTimeOffset now)
    {
        var midnight = TimeZoneInfo.ConvertTime(now, Pacific).Date.AddDays(1);
        return new DateTimeOffset(midnight, Pacific.GetUtcOffset(midnight));
    }

    public override async Task CheckTokenAsync(string accessToken, string externalId, CancellationToken cancellationToken) =>
        await Http(Classify).GetAsync(Data("channels", new() { ["part"] = "id", ["id"] = externalId }), accessToken, null, cancellationToken);

    public override async Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = Http(Classify);
        var channel = context.Account.ExternalId;
        var data = new FetchedData();

        // The channel's days as YouTube counts them; the most recent ones have no row yet and come with a later run.
        var report = await http.GetAsync(Url($"{Options.ApiVersion}/reports", new Dictionary<string, string?>
        {
            ["ids"] = $"channel=={channel}",
            ["startDate"] = Day(range.From),
            ["endDate"] = Day(range.To),
            ["metrics"] = string.Join(',', Metrics.Keys),
            ["dimensions"] = "day",
            ["sort"] = "day",
        }), context.AccessToken, context.Raw, cancellationToken);
        var columns = report.Array("columnHeaders").Select(h => h.Text("name")).ToList();
        var dayColumn = columns.IndexOf("day");
        foreach (var row in report.Array("rows"))
        {
            var cells = row.ValueKind == JsonValueKind.Array ? row.EnumerateArray().ToList() : [];
            if (dayColumn < 0 || dayColumn >= cells.Count || cells[dayColumn].ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(cells[dayColumn].GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || day < range.From || day > range.To)
            {
                continue;
            }

            // Columns by name, not position; integer metrics may come as 18552.0.
            for (var i = 0; i < Math.Min(columns.Count, cells.Count); i++)
            {
                if (columns[i] is { } name && Metrics.TryGetValue(name, out var metric) && PlatformJson.Number(cells[i]) is { } value)
                {
                    data.Set(day, metric, value);
                }
            }
        }

        var found = await http.GetAsync(Data("channels", new() { ["part"] = "statistics,contentDetails", ["id"] = channel }), context.AccessToken, context.Raw, cancellationToken);
        var item = found.Array("items").FirstOrDefault();
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new PlatformException($"YouTube has no channel '{channel}': the account's external id must be the channel id (UC…).");
        }

        // Subscribers are only known as of now: the level of the last complete day. A hidden count reads "0": left out.
        if (range.To == context.LastCompleteDay && item.TryGetProperty("statistics", out var statistics)
            && !(statistics.TryGetProperty("hiddenSubscriberCount", out var hidden) && hidden.ValueKind == JsonValueKind.True)
            && statistics.Number("subscriberCount") is { } subscribers)
        {
            data.Set(range.To, "followers", subscribers);
        }

        var uploads = item.TryGetProperty("contentDetails", out var details) && details.TryGetProperty("relatedPlaylists", out var playlists)
            ? playlists.Text("uploads")
            : null;
        await AddUploadsAsync(http, context, range, uploads, data, cancellationToken);
        return data;
    }

    /// <summary>
    /// The uploads published in the range (the uploads playlist, newest first, paged until it reaches videos older than
    /// the range) with their counts: <c>posts</c> per account-local day of publication, and the videos as posts.
    /// </summary>
    private async Task AddUploadsAsync(PlatformHttp http, FetchContext context, DateRange range, string? playlist, FetchedData data, CancellationToken cancellationToken)
    {
        if (playlist is null)
        {
            return;
        }

        var videos = new List<(string Id, DateTimeOffset Published, string? Title)>();
        var query = new Dictionary<string, string?> { ["part"] = "snippet,contentDetails", ["playlistId"] = playlist, ["maxResults"] = "50" };
        for (var page = 1; ; page++)
        {
            var answer = await http.GetAsync(Data("playlistItems", query), context.AccessToken, context.Raw, cancellationToken);
            var older = false;
            foreach (var item in answer.Array("items"))
            {
                var details = item.TryGetProperty("contentDetails", out var d) ? d : default;
                if (details.Text("videoId") is not { } id || ParseTime(details.Text("videoPublishedAt")) is not { } published)
                {
                    continue; // a private or deleted video
                }

                var day = context.Account.LocalDate(published);
                older |= day < range.From;
                if (day >= range.From && day <= range.To)
                {
                    videos.Add((id, published, item.TryGetProperty("snippet", out var snippet) ? snippet.Text("title") : null));
                }
            }

            if (older || answer.Text("nextPageToken") is not { Length: > 0 } next)
            {
                break;
            }

            if (page == 10_000)
            {
                throw new PlatformException("YouTube kept answering with a next page after 10,000 pages.");
            }

            query["pageToken"] = next;
        }

        for (var day = range.From; day <= range.To; day = day.AddDays(1))
        {
            data.Set(day, "posts", 0);
        }

        var counts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var batch in videos.Chunk(50))
        {
            var answer = await http.GetAsync(Data("videos", new() { ["part"] = "statistics", ["id"] = string.Join(',', batch.Select(v => v.Id)) }), context.AccessToken, context.Raw, cancellationToken);
            foreach (var video in answer.Array("items"))
            {
                if (video.Text("id") is { } id && video.TryGetProperty("statistics", out var statistics))
                {
                    counts[id] = statistics;
                }
            }
        }

        foreach (var (id, published, title) in videos)
        {
            data.Set(context.Account.LocalDate(published), "posts", 1, add: true);
            var statistics = counts.GetValueOrDefault(id);
            data.Posts.Add(new PlatformPost(
                id, published, title, $"https://www.youtube.com/watch?v={Uri.EscapeDataString(id)}",
                statistics.Number("likeCount"), statistics.Number("commentCount"), null, null));
        }
    }

    /// <summary>Google's errors: quota (pause), a token without the channel or the scopes (needs a new consent).</summary>
    private Exception? Classify(HttpResponseMessage response, JsonElement? json)
    {
        if (response.IsSuccessStatusCode || json is not { ValueKind: JsonValueKind.Object } body
            || !body.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var reasons = error.Array("errors").Select(e => e.Text("reason")).OfType<string>().ToList();
        var now = Time.GetUtcNow();
        if (reasons.FirstOrDefault(r => r is "quotaExceeded" or "dailyLimitExceeded") is { } daily)
        {
            var reset = QuotaReset(now);
            return new PlatformThrottledException(
                $"YouTube's daily quota is used up ({daily}): paused until it resets at midnight Pacific time, {reset.UtcDateTime:yyyy-MM-dd HH:mm} UTC.", reset - now);
        }

        if (reasons.FirstOrDefault(r => r is "rateLimitExceeded" or "userRateLimitExceeded") is { } rate)
        {
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMinutes(1);
            return new PlatformThrottledException($"YouTube's rate limit was reached ({rate}): paused {wait.TotalSeconds:0} s.", wait);
        }

        return response.StatusCode == HttpStatusCode.Forbidden && reasons.FirstOrDefault(r => r is "insufficientPermissions" or "forbidden") is { } refused
            ? new TokenRejectedException($"YouTube refused the token ({refused}): {PlatformHttp.Message(error)} Connect the account again as the channel's owner, granting every scope.")
            : null;
    }

    private Uri Data(string resource, Dictionary<string, string?> query) =>
        Url($"{Options.DataBaseUrl.TrimEnd('/')}/{DataApi}/{resource}", query);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}
