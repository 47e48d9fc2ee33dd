using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// TikTok's Business API v1.3 under <c>/tiktok</c>: the consent page, the token and refresh endpoints, the account's daily
/// insights (<c>business/get</c>) and its videos (<c>business/video/list</c>). Like the real one, every answer is HTTP 200
/// with <c>{"code","message","request_id","data"}</c>: 0 is success, 40100 throttled, 40105 an invalid token, 40002 a
/// bad parameter (a date beyond the 60-day look-back). The token comes in the <c>Access-Token</c> header, not as Bearer.
/// </summary>
internal static class TikTokApi
{
    /// <summary>The most days back the insights go.</summary>
    public const int LookbackDays = 60;

    /// <summary>The most days one insights request takes.</summary>
    public const int MaxDays = 30;

    public const int AccessSeconds = 86_400;
    public const int RefreshSeconds = 31_536_000;

    public static void MapTikTok(this WebApplication app)
    {
        var tiktok = app.MapGroup("/tiktok");
        tiktok.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var state = http.RequestServices.GetRequiredService<FakeMetaState>();
            var version = http.Request.Path.Value!.Split('/').FirstOrDefault(s => s.StartsWith("v1.", StringComparison.Ordinal));
            state.Record(http, version);
            if (state.TakeFailure() is { } status)
            {
                return Results.Json(new { code = 50000, message = "System error", request_id = RequestId() }, statusCode: status);
            }

            return await next(context);
        });
        tiktok.MapGet("/portal/auth", Consent);
        tiktok.MapPost("/open_api/{version}/tt_user/oauth2/token/", TokenAsync);
        tiktok.MapPost("/open_api/{version}/tt_user/oauth2/refresh_token/", RefreshAsync);
        tiktok.MapGet("/open_api/{version}/business/get/", Insights);
        tiktok.MapGet("/open_api/{version}/business/video/list/", Videos);
    }

    private static IResult Consent(HttpContext context, FakeMetaState state)
    {
        var query = context.Request.Query;
        if (query["app_id"] != state.Options.AppId || !Uri.TryCreate(query["redirect_uri"], UriKind.Absolute, out var redirect))
        {
            return Results.BadRequest("Invalid app_id or redirect_uri.");
        }

        var code = state.NewCode(state.Options.AppId, redirect.ToString());
        return Results.Redirect(QueryHelpers.AddQueryString(redirect.ToString(), new Dictionary<string, string?> { ["auth_code"] = code, ["code"] = code, ["state"] = query["state"] }));
    }

    private static async Task<IResult> TokenAsync(HttpContext context, FakeMetaState state)
    {
        var body = await Body(context);
        if ((string?)body["client_id"] != state.Options.AppId || (string?)body["client_secret"] != state.Options.AppSecret)
        {
            return Answer(40001, "Invalid client_id or client_secret.");
        }

        return (string?)body["auth_code"] is { } code && state.RedeemCode(code, state.Options.AppId, (string?)body["redirect_uri"] ?? "") is null
            ? Answer(0, "OK", Tokens(state))
            : Answer(40104, "Invalid auth_code.");
    }

    private static async Task<IResult> RefreshAsync(HttpContext context, FakeMetaState state)
    {
        var body = await Body(context);
        if ((string?)body["client_id"] != state.Options.AppId || (string?)body["client_secret"] != state.Options.AppSecret)
        {
            return Answer(40001, "Invalid client_id or client_secret.");
        }

        // Refresh tokens rotate: the one used is spent.
        var refresh = (string?)body["refresh_token"];
        return refresh is not null && state.TakeTikTokRefresh(refresh)
            ? Answer(0, "OK", Tokens(state))
            : Answer(40105, "The refresh_token is invalid or expired.");
    }

    private static JsonObject Tokens(FakeMetaState state)
    {
        var access = "act." + state.IssueToken()[4..];
        state.AddToken(access, state.Time.GetUtcNow().AddSeconds(AccessSeconds));
        return new JsonObject
        {
            ["access_token"] = access,
            ["refresh_token"] = state.IssueTikTokRefresh(),
            ["expires_in"] = AccessSeconds,
            ["refresh_token_expires_in"] = RefreshSeconds,
            ["open_id"] = "fake-open-id",
            ["scope"] = "user.info.basic,user.insights,video.list",
            ["token_type"] = "Bearer",
        };
    }

    private static IResult Insights(HttpContext context, FakeMetaState state)
    {
        if (Guard(context, state, out var businessId) is { } refused)
        {
            return refused;
        }

        var fields = Fields(context);
        var data = new JsonObject();
        if (fields.Contains("followers_count"))
        {
            data["followers_count"] = state.Latest(FakePlatform.TikTok, businessId, "followers_count");
        }

        if (fields.Contains("display_name"))
        {
            data["display_name"] = $"Fake TikTok {businessId}";
        }

        var query = context.Request.Query;
        if (query.ContainsKey("start_date") || query.ContainsKey("end_date"))
        {
            if (!Date(query["start_date"], out var from) || !Date(query["end_date"], out var to) || from > to)
            {
                return Answer(40002, "start_date and end_date must be dates (YYYY-MM-DD), start_date not after end_date.");
            }

            if (to.DayNumber - from.DayNumber + 1 > MaxDays)
            {
                return Answer(40002, $"The date range may span at most {MaxDays} days.");
            }

            if (from < state.Today.AddDays(-LookbackDays))
            {
                return Answer(40002, $"The maximum supported look-back period is {LookbackDays} days.");
            }

            var metrics = new JsonArray();
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                var values = state.Values(FakePlatform.TikTok, businessId, day);
                var metric = new JsonObject { ["date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
                foreach (var field in fields.Where(f => f is not ("followers_count" or "display_name")))
                {
                    // A day without data has its fields, empty: TikTok sends the date with null values.
                    metric[field] = values is not null && values.TryGetValue(field, out var v) ? v : null;
                }

                metrics.Add(metric);
            }

            data["metrics"] = metrics;
        }

        return Answer(0, "OK", data);
    }

    private static IResult Videos(HttpContext context, FakeMetaState state)
    {
        if (Guard(context, state, out var businessId) is { } refused)
        {
            return refused;
        }

        // Newest first, 20 at most a page; the cursor is the index of the next video.
        var query = context.Request.Query;
        var max = int.TryParse(query["max_count"], out var m) ? Math.Clamp(m, 1, 20) : 20;
        var cursor = long.TryParse(query["cursor"], out var c) ? (int)c : 0;
        var since = state.Since(FakePlatform.TikTok, businessId);
        var videos = new List<JsonObject>();
        for (var day = state.Today.AddDays(-1); day >= since && day >= state.Today.AddDays(-400); day = day.AddDays(-1))
        {
            if (state.Values(FakePlatform.TikTok, businessId, day) is not { } values || !values.TryGetValue("posts", out var posts))
            {
                continue;
            }

            var count = (int)posts;
            for (var i = count - 1; i >= 0; i--)
            {
                videos.Add(new JsonObject
                {
                    ["item_id"] = $"{businessId}{day:yyyyMMdd}{i}",
                    ["create_time"] = new DateTimeOffset(day.ToDateTime(new TimeOnly(12 + i, 0)), TimeSpan.Zero).ToUnixTimeSeconds(),
                    ["caption"] = $"Video {i + 1} of {day:yyyy-MM-dd}",
                    ["share_url"] = $"https://www.tiktok.com/@fake/video/{businessId}{day:yyyyMMdd}{i}",
                    ["likes"] = Split(values, "likes", count, i),
                    ["comments"] = Split(values, "comments", count, i),
                    ["shares"] = Split(values, "shares", count, i),
                    ["video_views"] = Split(values, "video_views", count, i),
                });
            }
        }

        var page = videos.Skip(cursor).Take(max).ToList();
        return Answer(0, "OK", new JsonObject
        {
            ["videos"] = new JsonArray([.. page]),
            ["cursor"] = cursor + page.Count,
            ["has_more"] = cursor + page.Count < videos.Count,
        });
    }

    // The day's total split over its videos, the first getting the remainder.
    private static double Split(Dictionary<string, double> values, string key, int count, int index)
    {
        var total = values.GetValueOrDefault(key);
        var each = Math.Floor(total / count);
        return index == 0 ? total - (each * (count - 1)) : each;
    }

    private static IResult? Guard(HttpContext context, FakeMetaState state, out string businessId)
    {
        businessId = context.Request.Query["business_id"].ToString();
        var token = context.Request.Headers["Access-Token"].ToString();
        if (!state.AcceptAnyToken && !state.CheckToken(token, out _))
        {
            return Answer(40105, "The access token is invalid or has expired.");
        }

        if (businessId.Length == 0)
        {
            return Answer(40002, "business_id is required.");
        }

        return state.TakeThrottle(FakePlatform.TikTok, businessId) is not null
            ? Answer(40100, "Too many requests. Please retry in some time.")
            : null;
    }

    private static HashSet<string> Fields(HttpContext context)
    {
        var text = context.Request.Query["fields"].ToString();
        try
        {
            return JsonNode.Parse(text.Length == 0 ? "[]" : text)!.AsArray().Select(f => (string)f!).ToHashSet(StringComparer.Ordinal);
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    private static bool Date(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static async Task<JsonObject> Body(HttpContext context) =>
        (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() ?? [];

    private static IResult Answer(int code, string message, JsonObject? data = null) =>
        Results.Json(new JsonObject { ["code"] = code, ["message"] = message, ["request_id"] = RequestId(), ["data"] = data ?? [] });

    private static string RequestId() => Guid.NewGuid().ToString("N");
}
