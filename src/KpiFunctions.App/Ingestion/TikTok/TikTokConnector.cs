using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Ingestion.TikTok;

/// <summary>
/// TikTok business accounts through the Business API (v1.3): the account's daily insights and its videos. Every answer is
/// HTTP 200 with a <c>code</c> in the body, read here: 40100 throttles, 40104/40105 reject the token, 40002 skips the
/// request with a warning. Tokens last a day and refresh tokens rotate on every refresh. The token goes in the
/// <c>Access-Token</c> header.
/// </summary>
public sealed class TikTokConnector(IHttpClientFactory clients, IOptionsMonitor<PlatformOptions> options, TimeProvider time) : IPlatformConnector
{
    /// <summary>Daily insight field → input metric (KPIS.md).</summary>
    public static IReadOnlyDictionary<string, string> Metrics { get; } = new Dictionary<string, string>
    {
        ["video_views"] = "video_views",
        ["profile_views"] = "profile_visits",
        ["likes"] = "likes",
        ["comments"] = "comments",
        ["shares"] = "shares",
        ["bio_link_clicks"] = "clicks",
        ["daily_new_followers"] = "followers_gained",
        ["daily_lost_followers"] = "followers_lost",
    };

    private const int PageSize = 20;
    private const int MaxPages = 500;

    public string Platform => "tiktok";

    public string DisplayName => "TikTok";

    public PlatformOptions Options => options.Get(Platform);

    // Insights take at most 30 days a request.
    public int ChunkDays => 30;

    public Uri AuthorizeUrl(string state, string redirectUri, string codeChallenge) =>
        new(QueryHelpers.AddQueryString($"{Options.AuthorizeBaseUrl.TrimEnd('/')}/portal/auth", new Dictionary<string, string?>
        {
            ["app_id"] = Options.AppId,
            ["state"] = state,
            ["redirect_uri"] = redirectUri,
        }));

    public async Task<PlatformTokens> ExchangeCodeAsync(string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken) =>
        await TokenAsync("tt_user/oauth2/token/", new()
        {
            ["client_id"] = Options.AppId,
            ["client_secret"] = Options.AppSecret,
            ["grant_type"] = "authorization_code",
            ["auth_code"] = code,
            ["redirect_uri"] = redirectUri,
        }, cancellationToken) ?? throw new TokenRejectedException("TikTok gave no access token for the code.");

    public async Task<PlatformTokens?> RefreshAsync(PlatformTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return tokens.RefreshToken is not { Length: > 0 } refresh
            ? null
            : await TokenAsync("tt_user/oauth2/refresh_token/", new()
            {
                ["client_id"] = Options.AppId,
                ["client_secret"] = Options.AppSecret,
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refresh,
            }, cancellationToken);
    }

    public async Task CheckTokenAsync(string accessToken, string externalId, CancellationToken cancellationToken) =>
        await Http.GetAsync(Url("business/get/", new() { ["business_id"] = externalId, ["fields"] = "[\"display_name\"]" }), accessToken, null, cancellationToken);

    public async Task<FetchedData> FetchAsync(FetchContext context, DateRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new FetchedData();
        var businessId = context.Account.ExternalId;
        var withFollowers = range.To == context.LastCompleteDay;
        var fields = JsonSerializer.Serialize(withFollowers ? [.. Metrics.Keys, "followers_count"] : Metrics.Keys.ToArray());
        try
        {
            var answer = await Http.GetAsync(Url("business/get/", new()
            {
                ["business_id"] = businessId,
                ["start_date"] = range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["end_date"] = range.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["fields"] = fields,
            }), context.AccessToken, context.Raw, cancellationToken);
            var body = answer.GetProperty("data");
            foreach (var day in body.Array("metrics"))
            {
                if (!DateOnly.TryParseExact(day.Text("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || !range.Contains(date))
                {
                    continue;
                }

                foreach (var (field, metric) in Metrics)
                {
                    if (day.Number(field) is { } n)
                    {
                        data.Set(date, metric, n);
                    }
                }
            }

            // Followers are only known as of now: they are the level of the last complete day.
            if (withFollowers && body.Number("followers_count") is { } followers)
            {
                data.Set(range.To, "followers", followers);
            }
        }
        catch (SkippedException e)
        {
            context.Warnings.Add($"TikTok skipped the insights of {range.From:yyyy-MM-dd} to {range.To:yyyy-MM-dd} ({e.Message}): those days stay empty.");
        }

        await AddVideosAsync(context, range, data, cancellationToken);
        return data;
    }

    // Videos newest first, 20 a page, until one is older than the range.
    private async Task AddVideosAsync(FetchContext context, DateRange range, FetchedData data, CancellationToken cancellationToken)
    {
        for (var day = range.From; day <= range.To; day = day.AddDays(1))
        {
            data.Set(day, "posts", 0);
        }

        long cursor = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            var answer = await Http.GetAsync(Url("business/video/list/", new()
            {
                ["business_id"] = context.Account.ExternalId,
                ["fields"] = "[\"item_id\",\"create_time\",\"caption\",\"share_url\",\"likes\",\"comments\",\"shares\",\"video_views\"]",
                ["max_count"] = PageSize.ToString(CultureInfo.InvariantCulture),
                ["cursor"] = cursor.ToString(CultureInfo.InvariantCulture),
            }), context.AccessToken, context.Raw, cancellationToken);
            var body = answer.GetProperty("data");
            var older = false;
            foreach (var video in body.Array("videos"))
            {
                if (video.Text("item_id") is not { } id || video.Number("create_time") is not { } seconds)
                {
                    continue;
                }

                var published = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
                var day = context.Account.LocalDate(published);
                older |= day < range.From;
                if (range.Contains(day))
                {
                    data.Posts.Add(new PlatformPost(id, published, video.Text("caption"), video.Text("share_url"), video.Number("likes"), video.Number("comments"), video.Number("shares"), null));
                    data.Set(day, "posts", 1, add: true);
                }
            }

            if (older || body.TryGetProperty("has_more", out var more) && more.ValueKind != JsonValueKind.True || body.Number("cursor") is not { } next)
            {
                return;
            }

            cursor = (long)next;
        }
    }

    private PlatformHttp Http => new(clients.CreateClient(IngestionFeature.HttpClientName), DisplayName, time, Classify, tokenHeader: "Access-Token");

    private Uri Url(string path, Dictionary<string, string?> query) =>
        new(QueryHelpers.AddQueryString($"{Options.BaseUrl.TrimEnd('/')}/open_api/{Options.ApiVersion}/{path}", query));

    private async Task<PlatformTokens?> TokenAsync(string path, Dictionary<string, object?> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(path, [])) { Content = JsonContent.Create(body) };
        var answer = await Http.SendAsync(request, null, null, cancellationToken);
        return PlatformHttp.Tokens(answer.GetProperty("data"), time.GetUtcNow());
    }

    // TikTok answers HTTP 200 with the outcome in "code".
    private static Exception? Classify(HttpResponseMessage response, JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } body || body.Number("code") is not { } code || code == 0)
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"TikTok error {code}: {body.Text("message") ?? "no message"}");
        return (int)code switch
        {
            40100 => new PlatformThrottledException(reason, TimeSpan.FromMinutes(1)),
            40001 or 40104 or 40105 or 40106 => new TokenRejectedException(reason),
            40002 => new SkippedException(reason),
            _ => new PlatformException(reason),
        };
    }

    /// <summary>TikTok declined one request (a parameter it does not take, a date beyond its 60 days): the rest goes on.</summary>
    private sealed class SkippedException(string reason) : Exception(reason);
}
