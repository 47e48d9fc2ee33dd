using System.Globalization;
using System.Net;
using System.Text.Json;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Ingestion.LinkedIn;

/// <summary>
/// LinkedIn Pages through the Community Management API: an organization's share, follower and page statistics at DAY
/// granularity, its follower total and its posts. Every API request carries <c>Linkedin-Version</c> (the configured
/// <see cref="PlatformOptions.ApiVersion"/>) and <c>X-Restli-Protocol-Version: 2.0.0</c>. A 429 is the daily quota: the
/// account pauses until it resets at midnight UTC. Access tokens live 60 days and are refreshed with the refresh token,
/// which lives 365 days from the consent and is not extended by use (the run warns 30 days before it ends).
/// </summary>
public sealed class LinkedInConnector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time)
    : OAuth2Connector(clients, options, time)
{
    /// <summary>The Rest.li protocol version LinkedIn's versioned API takes.</summary>
    public const string RestliProtocolVersion = "2.0.0";

    /// <summary><c>totalShareStatistics</c> field → input metric (KPIS.md).</summary>
    public static IReadOnlyDictionary<string, string> ShareMetrics { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["impressionCount"] = "impressions",
        ["uniqueImpressionsCount"] = "reach",
        ["clickCount"] = "clicks",
        ["likeCount"] = "likes",
        ["commentCount"] = "comments",
        ["shareCount"] = "shares",
    };

    // The time-bound statistics cover a rolling 12 months; the posts finder returns at most 100 a page.
    private const int StatisticsMonths = 12;
    private const int PostsPageSize = 100;
    private const int MaxPages = 10_000;

    public override string Platform => "linkedin";

    public override string DisplayName => "LinkedIn";

    public override int ChunkDays => 90;

    protected override string AuthorizePath => "oauth/v2/authorization";

    // The token endpoint is on www.linkedin.com beside the consent page, not on the API's host.
    protected override string TokenPath => $"{Options.AuthorizeBaseUrl.TrimEnd('/')}/oauth/v2/accessToken";

    /// <summary>The organization's URN for an external id (the numeric organization id).</summary>
    public static string Urn(string organizationId) => $"urn:li:organization:{organizationId}";

    public override async Task CheckTokenAsync(string accessToken, string externalId, CancellationToken cancellationToken) =>
        await GetAsync(NetworkSizeUrl(externalId), accessToken, null, cancellationToken);

    public override async Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new FetchedData();
        var organization = context.Account.ExternalId;
        var finder = $"q=organizationalEntity&organizationalEntity={Uri.EscapeDataString(Urn(organization))}";

        // LinkedIn keeps the time-bound statistics for 12 months; older days keep only their posts (a day's margin for
        // the clocks' difference).
        var earliest = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime).AddMonths(-StatisticsMonths).AddDays(1);
        DateRange? window = range.From >= earliest ? range : range.To >= earliest ? new DateRange(earliest, range.To) : null;
        if (window is null || window.Value.From > range.From)
        {
            context.Warnings.Add($"LinkedIn keeps daily statistics for 12 months: the days before {earliest:yyyy-MM-dd} have only their posts.");
        }

        if (window is { } days)
        {
            await foreach (var element in StatisticsAsync(context, "organizationalEntityShareStatistics", finder, days, cancellationToken))
            {
                if (Day(element, days) is { } day && element.TryGetProperty("totalShareStatistics", out var totals))
                {
                    foreach (var (field, metric) in ShareMetrics)
                    {
                        if (totals.Number(field) is { } n)
                        {
                            data.Set(day, metric, n);
                        }
                    }
                }
            }

            await foreach (var element in StatisticsAsync(context, "organizationalEntityFollowerStatistics", finder, days, cancellationToken))
            {
                if (Day(element, days) is { } day && element.TryGetProperty("followerGains", out var gains)
                    && (gains.Number("organicFollowerGain") is not null || gains.Number("paidFollowerGain") is not null))
                {
                    // LinkedIn gives the net gain only: a day that lost more followers than it won shows the loss.
                    var net = (gains.Number("organicFollowerGain") ?? 0) + (gains.Number("paidFollowerGain") ?? 0);
                    data.Set(day, net >= 0 ? "followers_gained" : "followers_lost", Math.Abs(net));
                }
            }

            var pages = $"q=organization&organization={Uri.EscapeDataString(Urn(organization))}";
            await foreach (var element in StatisticsAsync(context, "organizationPageStatistics", pages, days, cancellationToken))
            {
                if (Day(element, days) is { } day && element.TryGetProperty("totalPageStatistics", out var totals)
                    && totals.TryGetProperty("views", out var views) && views.TryGetProperty("allPageViews", out var all)
                    && all.Number("pageViews") is { } pageViews)
                {
                    data.Set(day, "profile_visits", pageViews);
                }
            }
        }

        // The follower total is only known as of now: it is the level of the last complete day.
        if (range.To == context.LastCompleteDay
            && (await GetAsync(NetworkSizeUrl(organization), context.AccessToken, context.Raw, cancellationToken)).Number("firstDegreeSize") is { } followers)
        {
            data.Set(range.To, "followers", followers);
        }

        data.AddPosts(context.Account, range, await PostsAsync(context, range, cancellationToken));
        return data;
    }

    /// <summary>The elements of a time-bound statistics finder over <paramref name="days"/> (UTC days), every page of them.</summary>
    private async IAsyncEnumerable<JsonElement> StatisticsAsync(
        FetchContext context, string resource, string finder, DateRange days, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Rest.li 2.0 wants the parentheses, colons and commas of timeIntervals as they are, not percent-encoded.
        var start = Milliseconds(days.From);
        var end = Milliseconds(days.To.AddDays(1));
        var query = $"{finder}&timeIntervals=(timeRange:(start:{start},end:{end}),timeGranularityType:DAY)";
        await foreach (var element in PagesAsync(context, $"rest/{resource}", query, cancellationToken))
        {
            yield return element;
        }
    }

    /// <summary>The organization's posts published in <paramref name="range"/>, newest first until one is older.</summary>
    private async Task<List<PlatformPost>> PostsAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        var posts = new List<PlatformPost>();
        var query = $"q=author&author={Uri.EscapeDataString(Urn(context.Account.ExternalId))}&sortBy=CREATED&count={PostsPageSize}";
        await foreach (var post in PagesAsync(context, "rest/posts", query, cancellationToken))
        {
            if ((post.Number("publishedAt") ?? post.Number("createdAt")) is not { } ms)
            {
                continue;
            }

            var published = DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
            if (context.Account.LocalDate(published) < range.From)
            {
                break; // Newest first: every later post is older still.
            }

            if (post.Text("id") is { } id && post.Text("lifecycleState") is null or "PUBLISHED")
            {
                posts.Add(new PlatformPost(id, published, post.Text("commentary"), $"https://www.linkedin.com/feed/update/{id}/", null, null, null, null));
            }
        }

        return posts;
    }

    /// <summary>Every element of a Rest.li finder, page after page (<c>start</c>) while the answer names a next page or a larger total.</summary>
    private async IAsyncEnumerable<JsonElement> PagesAsync(
        FetchContext context, string path, string query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            var url = new Uri($"{Options.BaseUrl.TrimEnd('/')}/{path}?{query}" + (start > 0 ? string.Create(CultureInfo.InvariantCulture, $"&start={start}") : string.Empty));
            var answer = await GetAsync(url, context.AccessToken, context.Raw, cancellationToken);
            var elements = answer.Array("elements").ToList();
            foreach (var element in elements)
            {
                yield return element;
            }

            // Rest.li paging: a "next" link, or a known total beyond this page.
            var paging = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("paging", out var p) ? p : default;
            var next = paging.Array("links").Any(l => l.Text("rel") == "next")
                || (paging.Number("total") is { } total && start + elements.Count < total);
            if (!next || elements.Count == 0)
            {
                yield break;
            }

            start += elements.Count;
        }

        throw new PlatformException($"LinkedIn kept answering with a next page after {MaxPages} pages.");
    }

    private Task<JsonElement> GetAsync(Uri url, string accessToken, RawResponses? raw, CancellationToken cancellationToken) =>
        Http(Classify).GetAsync(url, accessToken, raw, cancellationToken, ("Linkedin-Version", Options.ApiVersion), ("X-Restli-Protocol-Version", RestliProtocolVersion));

    private Uri NetworkSizeUrl(string organization) =>
        new($"{Options.BaseUrl.TrimEnd('/')}/rest/networkSizes/{Uri.EscapeDataString(Urn(organization))}?edgeType=COMPANY_FOLLOWED_BY_MEMBER");

    // LinkedIn's 429 is the daily quota (no Retry-After, no rate-limit headers): it resets at midnight UTC. A 403 means the
    // member lost the organization's admin role or the scope: only connecting again with an admin helps.
    private Exception? Classify(HttpResponseMessage response, JsonElement? json) => response.StatusCode switch
    {
        HttpStatusCode.TooManyRequests => new PlatformThrottledException(
            $"LinkedIn's daily API quota is spent (HTTP 429: {PlatformHttp.Message(json)}); it resets at midnight UTC.", UntilMidnightUtc(), dailyQuota: true),
        HttpStatusCode.Forbidden => new TokenRejectedException(
            $"LinkedIn refused access to the organization (HTTP 403: {PlatformHttp.Message(json)}): connect it again as one of its administrators."),
        _ => null,
    };

    private TimeSpan UntilMidnightUtc()
    {
        var now = Time.GetUtcNow();
        return new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now;
    }

    private static long Milliseconds(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>The UTC day an element's <c>timeRange.start</c> is in, when it is one of <paramref name="days"/>.</summary>
    private static DateOnly? Day(JsonElement element, DateRange days)
    {
        if (!element.TryGetProperty("timeRange", out var range) || range.Number("start") is not { } start)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds((long)start).UtcDateTime);
        return day >= days.From && day <= days.To ? day : null;
    }
}
