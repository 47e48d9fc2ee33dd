using System.Globalization;
using System.Text.Json;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Ingestion.Meta;

/// <summary>
/// What the three Meta platforms share: Facebook Login (OAuth with PKCE, a long-lived token exchanged for a fresh one
/// before it expires), the Graph API and its insights calls, where one retired metric fails the whole call.
/// </summary>
public abstract class MetaConnector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time) : IPlatformConnector
{
    public abstract string Platform { get; }

    public abstract string DisplayName { get; }

    public PlatformOptions Options => options.Get(Platform);

    public abstract int ChunkDays { get; }

    internal TimeProvider Clock => time;

    internal MetaGraph Graph => new(clients.CreateClient(IngestionFeature.HttpClientName), Options, DisplayName);

    public Uri AuthorizeUrl(string state, string redirectUri, string codeChallenge) =>
        new(QueryHelpers.AddQueryString($"{Options.AuthorizeBaseUrl.TrimEnd('/')}/{Options.ApiVersion}/dialog/oauth", new Dictionary<string, string?>
        {
            ["client_id"] = Options.AppId,
            ["redirect_uri"] = redirectUri,
            ["state"] = state,
            ["scope"] = Options.Scopes,
            ["response_type"] = "code",
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        }));

    public async Task<PlatformTokens> ExchangeCodeAsync(string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken)
    {
        var shortLived = await Graph.GetAsync("oauth/access_token", new Dictionary<string, string?>
        {
            ["client_id"] = Options.AppId,
            ["client_secret"] = Options.AppSecret,
            ["redirect_uri"] = redirectUri,
            ["code"] = code,
            ["code_verifier"] = codeVerifier,
        }, null, null, cancellationToken);
        var tokens = Tokens(shortLived) ?? throw new TokenRejectedException($"{DisplayName} gave no access token for the code.");

        // Login gives a short-lived token; it is exchanged for a long-lived one (60 days), refreshed before it ends.
        return await RefreshAsync(tokens, cancellationToken) ?? tokens;
    }

    public async Task<PlatformTokens?> RefreshAsync(PlatformTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var answer = await Graph.GetAsync("oauth/access_token", new Dictionary<string, string?>
        {
            ["grant_type"] = "fb_exchange_token",
            ["client_id"] = Options.AppId,
            ["client_secret"] = Options.AppSecret,
            ["fb_exchange_token"] = tokens.AccessToken,
        }, null, null, cancellationToken);
        return Tokens(answer);
    }

    public async Task CheckTokenAsync(string accessToken, string externalId, CancellationToken cancellationToken) =>
        await Graph.GetAsync("me", new Dictionary<string, string?> { ["fields"] = "id,name" }, accessToken, null, cancellationToken);

    public abstract Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken);

    /// <summary>
    /// One insights call for <paramref name="metrics"/>; a metric the platform rejects (retired, unknown) is found by
    /// splitting the call, skipped with a warning on the run and not asked for again in it, and every other metric is
    /// still fetched. Answers the <c>data</c> elements of every call.
    /// </summary>
    internal async Task<List<JsonElement>> InsightsAsync(
        FetchContext context, string path, IReadOnlyList<string> metrics, Dictionary<string, string?> query, CancellationToken cancellationToken)
    {
        var elements = new List<JsonElement>();
        var wanted = metrics.Where(m => !context.RejectedMetrics.Contains(m)).ToList();
        if (wanted.Count == 0)
        {
            return elements;
        }

        try
        {
            var answer = await Graph.GetAsync(path, new Dictionary<string, string?>(query) { ["metric"] = string.Join(',', wanted) }, context.AccessToken, context.Raw, cancellationToken);
            elements.AddRange(answer.Array("data"));
        }
        catch (MetricRejectedException e) when (wanted.Count == 1)
        {
            context.RejectedMetrics.Add(wanted[0]);
            context.Warnings.Add($"{DisplayName} rejected the metric '{wanted[0]}' ({e.Message}): skipped; every other metric was fetched.");
        }
        catch (MetricRejectedException)
        {
            var half = wanted.Count / 2;
            elements.AddRange(await InsightsAsync(context, path, wanted[..half], query, cancellationToken));
            elements.AddRange(await InsightsAsync(context, path, wanted[half..], query, cancellationToken));
        }

        return elements;
    }

    /// <summary>The day a daily insights value is for: Meta's <c>end_time</c> is the end of that day, i.e. the next day.</summary>
    internal static DateOnly? ValueDay(JsonElement value) =>
        value.Text("end_time") is { Length: >= 10 } end && DateOnly.TryParseExact(end[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.AddDays(-1)
            : null;

    /// <summary>
    /// Posts by the account-local day they were published: <c>posts</c> is counted on every day of the range, and with
    /// <paramref name="engagement"/> their comments and shares too (Facebook has no daily page metric for them).
    /// </summary>
    internal static void AddPosts(FetchedData data, ConnectedAccount account, DateRange range, IEnumerable<PlatformPost> posts, bool engagement)
    {
        for (var day = range.From; day <= range.To; day = day.AddDays(1))
        {
            data.Set(day, "posts", 0);
        }

        foreach (var post in posts)
        {
            var day = account.LocalDate(post.PublishedAt);
            if (day < range.From || day > range.To)
            {
                continue;
            }

            data.Posts.Add(post);
            data.Set(day, "posts", 1, add: true);
            if (!engagement)
            {
                continue;
            }

            foreach (var (metric, value) in (ReadOnlySpan<(string, double?)>)[("comments", post.Comments), ("shares", post.Shares)])
            {
                if (value is { } v)
                {
                    data.Set(day, metric, v, add: true);
                }
            }
        }
    }

    internal static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.fffK", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;

    internal static Dictionary<string, string?> DayWindow(DateRange range) => new()
    {
        ["period"] = "day",
        ["since"] = range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["until"] = range.To.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private PlatformTokens? Tokens(JsonElement answer) =>
        answer.Text("access_token") is { Length: > 0 } token
            ? new PlatformTokens(token, null, answer.Number("expires_in") is { } seconds ? time.GetUtcNow().AddSeconds(seconds) : null)
            : null;
}

/// <summary>Facebook Pages: Page Insights (the metrics that replaced the ones retired in 2025 and 2026) and the Page's posts.</summary>
public sealed class FacebookConnector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time)
    : MetaConnector(clients, options, time)
{
    /// <summary>Page Insights metric → input metric (KPIS.md). <c>page_actions_post_reactions_total</c> is summed over reaction types into likes.</summary>
    public static IReadOnlyDictionary<string, string> Metrics { get; } = new Dictionary<string, string>
    {
        ["page_media_view"] = "impressions",
        ["page_total_media_view_unique"] = "reach",
        ["page_daily_follows_unique"] = "followers_gained",
        ["page_daily_unfollows_unique"] = "followers_lost",
        ["page_views_total"] = "profile_visits",
        ["page_video_views"] = "video_views",
        ["page_total_actions"] = "clicks",
        ["page_follows"] = "followers",
        ["page_actions_post_reactions_total"] = "likes",
    };

    public override string Platform => "facebook";

    public override string DisplayName => "Facebook";

    // Page Insights takes at most 90 days between since and until.
    public override int ChunkDays => 89;

    public override async Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new FetchedData();
        var pageId = context.Account.ExternalId;
        foreach (var series in await InsightsAsync(context, $"{pageId}/insights", [.. Metrics.Keys], DayWindow(range), cancellationToken))
        {
            if (series.Text("name") is not { } name || !Metrics.TryGetValue(name, out var metric))
            {
                continue;
            }

            foreach (var value in series.Array("values"))
            {
                if (ValueDay(value) is not { } day || day < range.From || day > range.To || !value.TryGetProperty("value", out var v))
                {
                    continue;
                }

                // Reactions come as {"like": n, "love": m, ...}: all of them are likes in KPIS.md's sense.
                var number = v.ValueKind == JsonValueKind.Object
                    ? v.EnumerateObject().Sum(p => PlatformJson.Number(p.Value) ?? 0)
                    : PlatformJson.Number(v);
                if (number is { } n)
                {
                    data.Set(day, metric, n);
                }
            }
        }

        var posts = new List<PlatformPost>();
        var query = new Dictionary<string, string?>(DayWindow(range))
        {
            ["fields"] = "id,created_time,message,permalink_url,shares,comments.summary(true),likes.summary(true)",
            ["limit"] = "100",
        };
        query.Remove("period");
        await foreach (var post in Graph.PagesAsync($"{pageId}/posts", query, context.AccessToken, context.Raw, cancellationToken))
        {
            if (post.Text("id") is { } id && ParseTime(post.Text("created_time")) is { } published)
            {
                posts.Add(new PlatformPost(
                    id, published, post.Text("message"), post.Text("permalink_url"),
                    Summary(post, "likes"), Summary(post, "comments"),
                    post.TryGetProperty("shares", out var shares) ? shares.Number("count") ?? 0 : 0, null));
            }
        }

        AddPosts(data, context.Account, range, posts, engagement: true);
        return data;
    }

    private static double? Summary(JsonElement post, string edge) =>
        post.TryGetProperty(edge, out var e) && e.TryGetProperty("summary", out var summary) ? summary.Number("total_count") : null;
}

/// <summary>Instagram professional accounts: account insights (day by day as totals), follows and unfollows, followers, media.</summary>
public sealed class InstagramConnector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time)
    : MetaConnector(clients, options, time)
{
    /// <summary>Account insight (<c>metric_type=total_value</c>, one day per call) → input metric (KPIS.md).</summary>
    public static IReadOnlyDictionary<string, string> TotalValueMetrics { get; } = new Dictionary<string, string>
    {
        ["views"] = "impressions",
        ["likes"] = "likes",
        ["comments"] = "comments",
        ["shares"] = "shares",
        ["saves"] = "saves",
        ["profile_views"] = "profile_visits",
        ["website_clicks"] = "clicks",
    };

    public override string Platform => "instagram";

    public override string DisplayName => "Instagram";

    // The daily totals are one call per day anyway; only the reach series is limited to 30 days a call.
    public override int ChunkDays => 90;

    private const int SeriesDays = 30;

    public override async Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new FetchedData();
        var igId = context.Account.ExternalId;
        var path = $"{igId}/insights";

        // Reach is a daily time series; the rest only come as totals over a window, so one call per day (summing
        // the totals of longer windows is how values get counted twice).
        for (var from = range.From; from <= range.To; from = from.AddDays(SeriesDays))
        {
            var window = new DateRange(from, from.AddDays(SeriesDays - 1) < range.To ? from.AddDays(SeriesDays - 1) : range.To);
            foreach (var series in await InsightsAsync(context, path, ["reach"], DayWindow(window), cancellationToken))
            {
                foreach (var value in series.Array("values"))
                {
                    if (ValueDay(value) is { } day && day >= window.From && day <= window.To && value.Number("value") is { } n)
                    {
                        data.Set(day, "reach", n);
                    }
                }
            }
        }

        var days = Enumerable.Range(0, range.Days).Select(i => range.From.AddDays(i)).ToList();
        var perDay = new Dictionary<DateOnly, (List<JsonElement> Totals, List<JsonElement> Follows)>();
        await Parallel.ForEachAsync(days, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (day, ct) =>
        {
            var window = DayWindow(new DateRange(day, day));
            window["metric_type"] = "total_value";
            var totals = await InsightsAsync(context, path, [.. TotalValueMetrics.Keys], window, ct);
            var follows = await InsightsAsync(context, path, ["follows_and_unfollows"], new Dictionary<string, string?>(window) { ["breakdown"] = "follow_type" }, ct);
            lock (perDay)
            {
                perDay[day] = (totals, follows);
            }
        });

        foreach (var (day, (totals, follows)) in perDay)
        {
            foreach (var total in totals)
            {
                if (total.Text("name") is { } name && TotalValueMetrics.TryGetValue(name, out var metric)
                    && total.TryGetProperty("total_value", out var tv) && tv.Number("value") is { } n)
                {
                    data.Set(day, metric, n);
                }
            }

            foreach (var result in follows.SelectMany(f => f.TryGetProperty("total_value", out var tv) ? tv.Array("breakdowns") : [])
                .SelectMany(b => b.Array("results")))
            {
                var type = result.Array("dimension_values").Select(v => v.GetString()).FirstOrDefault();
                var metric = type switch { "FOLLOWER" => "followers_gained", "NON_FOLLOWER" => "followers_lost", _ => null };
                if (metric is not null && result.Number("value") is { } n)
                {
                    data.Set(day, metric, n);
                }
            }
        }

        // Followers are only known as of now: they are the level of the last complete day.
        if (range.To == context.LastCompleteDay)
        {
            var node = await Graph.GetAsync(igId, new Dictionary<string, string?> { ["fields"] = "followers_count,username" }, context.AccessToken, context.Raw, cancellationToken);
            if (node.Number("followers_count") is { } followers)
            {
                data.Set(range.To, "followers", followers);
            }
        }

        var posts = new List<PlatformPost>();
        var query = new Dictionary<string, string?>(DayWindow(range))
        {
            ["fields"] = "id,timestamp,caption,permalink,like_count,comments_count,media_type",
            ["limit"] = "100",
        };
        query.Remove("period");
        await foreach (var media in Graph.PagesAsync($"{igId}/media", query, context.AccessToken, context.Raw, cancellationToken))
        {
            if (media.Text("id") is { } id && ParseTime(media.Text("timestamp")) is { } published)
            {
                posts.Add(new PlatformPost(id, published, media.Text("caption"), media.Text("permalink"), media.Number("like_count"), media.Number("comments_count"), null, null));
            }
        }

        // Instagram's daily comments and shares come from the account insights; the media give the posts.
        AddPosts(data, context.Account, range, posts, engagement: false);
        return data;
    }
}

/// <summary>Meta Ads: the ad account's daily insights, through an async report job for long ranges.</summary>
public sealed class MetaAdsConnector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time)
    : MetaConnector(clients, options, time)
{
    private const int MaxJobs = 20;

    public override string Platform => "meta_ads";

    public override string DisplayName => "Meta Ads";

    public override int ChunkDays => 92;

    public override async Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new FetchedData();
        var rows = range.Days <= Options.SyncMaxDays
            ? await RowsAsync(context, $"act_{context.Account.ExternalId}/insights", Query(range), cancellationToken)
            : await AsyncRowsAsync(context, range, new JobBudget(), cancellationToken);
        foreach (var row in rows)
        {
            if (!DateOnly.TryParseExact(row.Text("date_start"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || day < range.From || day > range.To)
            {
                continue;
            }

            foreach (var (field, metrics) in (ReadOnlySpan<(string, string[])>)[
                ("spend", ["spend"]), ("impressions", ["paid_impressions", "impressions"]), ("clicks", ["paid_clicks"]), ("inline_link_clicks", ["link_clicks"])])
            {
                if (row.Number(field) is { } n)
                {
                    foreach (var metric in metrics)
                    {
                        data.Set(day, metric, n);
                    }
                }
            }

            // A purchase is listed under several action types with the same value: one of them is counted, never their sum.
            data.Set(day, "conversions", Action(row, "actions"));
            data.Set(day, "revenue", Action(row, "action_values"));
        }

        return data;
    }

    private double Action(JsonElement row, string field) =>
        row.Array(field).Where(a => a.Text("action_type") == Options.ConversionAction).Select(a => a.Number("value") ?? 0).FirstOrDefault();

    private static Dictionary<string, string?> Query(DateRange range) => new()
    {
        ["fields"] = "spend,impressions,clicks,inline_link_clicks,actions,action_values",
        ["level"] = "account",
        ["time_increment"] = "1",
        ["time_range"] = JsonSerializer.Serialize(new { since = range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), until = range.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }),
        ["limit"] = "100",
    };

    private async Task<List<JsonElement>> RowsAsync(FetchContext context, string path, Dictionary<string, string?> query, CancellationToken cancellationToken)
    {
        var rows = new List<JsonElement>();
        await foreach (var row in Graph.PagesAsync(path, query, context.AccessToken, context.Raw, cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    // The async report job: started, polled until complete, its rows paged; a failed or timed-out job is split in two.
    private async Task<List<JsonElement>> AsyncRowsAsync(FetchContext context, DateRange range, JobBudget budget, CancellationToken cancellationToken)
    {
        if (++budget.Jobs > MaxJobs)
        {
            throw new PlatformException($"{DisplayName}: {MaxJobs} report jobs failed or timed out for {range.From:yyyy-MM-dd} to {range.To:yyyy-MM-dd}; giving up this run.");
        }

        var started = await Graph.PostAsync($"act_{context.Account.ExternalId}/insights", Query(range), context.AccessToken, context.Raw, cancellationToken);
        var job = started.Text("report_run_id") ?? throw new PlatformException($"{DisplayName} started no report job.");
        var deadline = Clock.GetUtcNow() + Options.AsyncJobTimeout;
        while (true)
        {
            var status = await Graph.GetAsync(job, new Dictionary<string, string?>(), context.AccessToken, context.Raw, cancellationToken);
            var state = status.Text("async_status");
            if (state == "Job Completed")
            {
                return await RowsAsync(context, $"{job}/insights", new Dictionary<string, string?> { ["limit"] = "100" }, cancellationToken);
            }

            if (state is "Job Failed" or "Job Skipped" || Clock.GetUtcNow() > deadline)
            {
                if (range.Days == 1)
                {
                    throw new PlatformException($"{DisplayName}'s report job for {range.From:yyyy-MM-dd} ended '{state}'.");
                }

                var middle = range.From.AddDays((range.Days / 2) - 1);
                var rows = await AsyncRowsAsync(context, new DateRange(range.From, middle), budget, cancellationToken);
                rows.AddRange(await AsyncRowsAsync(context, new DateRange(middle.AddDays(1), range.To), budget, cancellationToken));
                return rows;
            }

            await Task.Delay(Options.AsyncPollInterval, Clock, cancellationToken);
        }
    }

    private sealed class JobBudget
    {
        public int Jobs { get; set; }
    }
}
