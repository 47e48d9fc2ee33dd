using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// Pinterest API v5 under <c>/pinterest</c>: the consent page of www.pinterest.com (<c>/oauth/</c>), the token endpoint
/// (<c>/v5/oauth/token</c>, the app's credentials as Basic auth, continuous refresh) and the token's own account:
/// <c>/v5/user_account</c>, <c>/v5/user_account/analytics</c> (daily metrics with a <c>data_status</c>) and
/// <c>/v5/pins</c> (bookmark paging). Every <c>/v5</c> answer carries <c>X-RateLimit-*</c> headers.
/// </summary>
internal static partial class PinterestApi
{
    /// <summary>The account a token belongs to when the fake issued it for no one in particular and nobody is signed in.</summary>
    public const string DefaultUser = "fake_pinner";

    /// <summary>An access token's life (30 days).</summary>
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromDays(30);

    /// <summary>A refresh token's life (365 days; a continuous refresh issues a new one).</summary>
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(365);

    /// <summary>The metric types the analytics endpoint knows (the spec's enum and the ones seen in use).</summary>
    public static IReadOnlySet<string> MetricTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ENGAGEMENT", "ENGAGEMENT_RATE", "IMPRESSION", "OUTBOUND_CLICK", "OUTBOUND_CLICK_RATE", "PIN_CLICK", "PIN_CLICK_RATE", "SAVE",
        "SAVE_RATE", "CLOSEUP", "PROFILE_VISIT", "VIDEO_START", "VIDEO_MRC_VIEW", "VIDEO_10S_VIEW", "TOTAL_AUDIENCE", "ENGAGED_AUDIENCE",
    };

    private const string Platform = FakePlatform.Pinterest;
    private const int DefaultLimit = 1000;
    private const int MaxDaysBack = 90;
    private const int MaxPageSize = 250;

    public static void MapPinterest(this WebApplication app)
    {
        var pinterest = app.MapGroup("/pinterest").Recorded(Version);
        // Routing ignores the trailing slash: this is www.pinterest.com/oauth/ as well.
        pinterest.MapGet("/oauth", (HttpContext context, FakeMetaState state) =>
            OAuth2Platforms.Consent(context, state, state.SignedIn(Platform) ?? DefaultUser, message => Error(StatusCodes.Status400BadRequest, 1, message)));

        pinterest.MapPost("/v5/oauth/token", Token).Faulty(Failure);
        var v5 = pinterest.MapGroup("/v5").Faulty(Failure).AddEndpointFilter((invocation, next) =>
            Check(invocation.HttpContext) is { } error ? ValueTask.FromResult<object?>(error) : next(invocation));
        v5.MapGet("/user_account", UserAccount);
        v5.MapGet("/user_account/analytics", Analytics);
        v5.MapGet("/pins", Pins);
        pinterest.Map("/{**rest}", (HttpContext context) => Error(StatusCodes.Status404NotFound, 404, $"Not found: {context.Request.Path}"));
    }

    /// <summary>Pinterest's error body, <c>{"code","message"}</c>.</summary>
    public static IResult Error(int status, int code, string message) =>
        Graph.Body(new JsonObject { ["code"] = code, ["message"] = message }, status);

    private static IResult Failure(int status) => Error(status, status, "Unexpected error");

    private static string? Version(HttpContext context) => VersionSegment().Match(context.Request.Path.Value ?? "") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The account the request's token belongs to (set by the check).</summary>
    private static string User(HttpContext context) => (string)context.Items["pinterest-user"]!;

    /// <summary>The checks of every <c>/v5</c> call: the token, the daily quota and the account's throttle; sets the rate-limit headers.</summary>
    private static IResult? Check(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<FakeMetaState>();
        var token = OAuth2Platforms.Bearer(context);
        if (!state.AcceptAnyToken && !state.CheckToken(token, out _))
        {
            return Error(StatusCodes.Status401Unauthorized, 2, "Authentication failed.");
        }

        var user = (token is null ? null : state.OwnerOf(token)) ?? state.SignedIn(Platform) ?? DefaultUser;
        context.Items["pinterest-user"] = user;
        _ = state.Since(Platform, user); // registers an account seen first here

        var now = state.Time.GetUtcNow();
        var toMidnight = (long)Math.Ceiling((new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now).TotalSeconds);
        var quota = state.Quota(Platform);
        var headers = context.Response.Headers;
        if (!state.TakeQuota(Platform))
        {
            SetLimits(headers, quota!.Value.Limit, 0, toMidnight);
            return RateLimited();
        }

        if (state.TakeThrottle(Platform, user) is { } throttle)
        {
            SetLimits(headers, quota?.Limit ?? DefaultLimit, 0, throttle.MinutesToRegain * 60L);
            return RateLimited();
        }

        SetLimits(headers, quota?.Limit ?? DefaultLimit, state.Quota(Platform)?.Remaining ?? DefaultLimit - 1, toMidnight);
        return null;

        static void SetLimits(IHeaderDictionary headers, int limit, int remaining, long resetSeconds)
        {
            headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = resetSeconds.ToString(CultureInfo.InvariantCulture);
            headers["x-userendpoint-ratelimit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static IResult RateLimited() =>
        Error(StatusCodes.Status429TooManyRequests, 8, "You have exceeded your rate limit. Try again later.");

    private static IResult UserAccount(HttpContext context, FakeMetaState state)
    {
        var user = User(context);
        long pins = 0;
        for (var day = state.FirstDay(Platform, user); day < state.Today; day = day.AddDays(1))
        {
            pins += PinCount(state.Values(Platform, user, day));
        }

        return Graph.Ok(new JsonObject
        {
            ["account_type"] = "BUSINESS",
            ["id"] = AccountNumber(user).ToString(CultureInfo.InvariantCulture),
            ["username"] = user,
            ["business_name"] = $"Fake {user}",
            ["profile_image"] = $"https://i.pinimg.com/600x600_R/{user}.jpg",
            ["website_url"] = $"https://example.com/{user}",
            ["about"] = "",
            ["board_count"] = 12,
            ["pin_count"] = pins,
            ["follower_count"] = state.Latest(Platform, user, "follower_count"),
            ["following_count"] = 150,
            ["monthly_views"] = -1,
        });
    }

    /// <summary><c>GET /v5/user_account/analytics</c>: one <c>daily_metrics</c> entry per day of [start_date, end_date], NO_SPLIT only.</summary>
    private static IResult Analytics(HttpContext context, FakeMetaState state)
    {
        var user = User(context);
        var today = state.Today;
        if (!TryDate(OAuth2Platforms.Param(context, "start_date"), out var start) || !TryDate(OAuth2Platforms.Param(context, "end_date"), out var end))
        {
            return Invalid("start_date and end_date are required, as YYYY-MM-DD.");
        }

        if (start < today.AddDays(-MaxDaysBack))
        {
            return Invalid("start_date cannot be more than 90 days back from today.");
        }

        if (end < start || end.DayNumber - start.DayNumber > MaxDaysBack)
        {
            return Invalid("end_date must be on or after start_date and not more than 90 days past it.");
        }

        var types = Graph.List(OAuth2Platforms.Param(context, "metric_types"));
        if (types.Length == 0)
        {
            return Invalid("metric_types is required.");
        }

        if (types.FirstOrDefault(t => !MetricTypes.Contains(t)) is { } unknown)
        {
            return Invalid($"Unknown metric type: {unknown}.");
        }

        if (OAuth2Platforms.Param(context, "split_field") is { } split && split != "NO_SPLIT")
        {
            return Invalid("The fake serves split_field=NO_SPLIT only.");
        }

        var since = state.Since(Platform, user);
        var daily = new JsonArray();
        var summary = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var day = start; day <= end; day = day.AddDays(1))
        {
            var values = state.Values(Platform, user, day);
            var status = state.DataStatus(Platform, user, day)
                ?? (day >= today ? "PROCESSING" : values is null && day < since ? "BEFORE_BUSINESS_CREATED" : "READY");
            var metrics = new JsonObject();
            foreach (var type in types)
            {
                if (values is not null && values.TryGetValue(type, out var value))
                {
                    metrics[type] = value;
                    if (status == "READY")
                    {
                        summary[type] = summary.GetValueOrDefault(type) + value;
                    }
                }
            }

            daily.Add(new JsonObject { ["data_status"] = status, ["date"] = Graph.Day(day), ["metrics"] = metrics });
        }

        var summaryMetrics = new JsonObject();
        foreach (var type in types.Where(summary.ContainsKey))
        {
            summaryMetrics[type] = summary[type];
        }

        return Graph.Ok(new JsonObject { ["all"] = new JsonObject { ["daily_metrics"] = daily, ["summary_metrics"] = summaryMetrics } });

        static IResult Invalid(string detail) => Error(StatusCodes.Status400BadRequest, 400, $"Invalid user accounts analytics parameters. {detail}");
    }

    /// <summary><c>GET /v5/pins</c>: the account's pins, newest first; <c>page_size</c> 1 to 250 (25 by default), <c>bookmark</c> paging.</summary>
    private static IResult Pins(HttpContext context, FakeMetaState state)
    {
        var user = User(context);
        var size = 25;
        if (OAuth2Platforms.Param(context, "page_size") is { } text
            && (!int.TryParse(text, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            return Error(StatusCodes.Status400BadRequest, 1, "page_size must be an integer from 1 to 250.");
        }

        var all = new List<(DateOnly Day, int Index)>();
        for (var day = state.Today.AddDays(-1); day >= state.FirstDay(Platform, user); day = day.AddDays(-1))
        {
            for (var i = PinCount(state.Values(Platform, user, day)) - 1; i >= 0; i--)
            {
                all.Add((day, i));
            }
        }

        var offset = Math.Min(Graph.Offset(OAuth2Platforms.Param(context, "bookmark")), all.Count);
        var items = new JsonArray();
        foreach (var (day, i) in all.Skip(offset).Take(size))
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{AccountNumber(user) % 100_000:D5}{day:yyyyMMdd}{i:D3}");
            items.Add(new JsonObject
            {
                ["id"] = id,
                ["created_at"] = day.ToDateTime(new TimeOnly((10 + i) % 24, 0)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                ["link"] = $"https://example.com/{user}/{id}",
                ["title"] = $"Pin {(i + 1).ToString(CultureInfo.InvariantCulture)} of {Graph.Day(day)}",
                ["description"] = $"A pin of {user}",
                ["board_id"] = string.Create(CultureInfo.InvariantCulture, $"{AccountNumber(user)}01"),
                ["board_owner"] = new JsonObject { ["username"] = user },
                ["is_owner"] = true,
                ["media"] = new JsonObject { ["media_type"] = "image" },
            });
        }

        var next = offset + size < all.Count ? Graph.Cursor(offset + size) : null;
        return Graph.Ok(new JsonObject { ["items"] = items, ["bookmark"] = next });
    }

    /// <summary><c>POST /v5/oauth/token</c>: the app as Basic auth; an authorization code, or a refresh token (rotated with <c>refresh_on=true</c>).</summary>
    private static IResult Token(HttpContext context, FakeMetaState state)
    {
        if (OAuth2Platforms.Basic(context) is not { } client || client.Id != state.Options.AppId || client.Secret != state.Options.AppSecret)
        {
            return Error(StatusCodes.Status401Unauthorized, 2, "Authentication failed.");
        }

        var now = state.Time.GetUtcNow();
        var answer = new JsonObject();
        switch (OAuth2Platforms.Param(context, "grant_type"))
        {
            case "authorization_code":
            {
                var code = OAuth2Platforms.Param(context, "code") ?? "";
                if (state.RedeemCode(code, state.Options.AppId, OAuth2Platforms.Param(context, "redirect_uri") ?? "") is { } error)
                {
                    return Error(StatusCodes.Status400BadRequest, 1, $"Invalid authorization code: {error}");
                }

                var issued = state.IssueTokens(Platform, state.CodeOwner(code) ?? DefaultUser, AccessLifetime, now + RefreshLifetime);
                answer["access_token"] = issued.AccessToken;
                answer["refresh_token"] = issued.RefreshToken;
                answer["response_type"] = "authorization_code";
                answer["refresh_token_expires_in"] = (long)RefreshLifetime.TotalSeconds;
                answer["refresh_token_expires_at"] = issued.RefreshExpiresAt.ToUnixTimeSeconds();
                break;
            }

            case "refresh_token":
            {
                var refresh = OAuth2Platforms.Param(context, "refresh_token");
                if (state.RefreshGrantOf(Platform, refresh) is not { } grant)
                {
                    return Error(StatusCodes.Status400BadRequest, 1, "Invalid refresh token: it is unknown, expired or was replaced.");
                }

                answer["access_token"] = state.IssueAccessToken(Platform, grant.Owner, AccessLifetime);
                if (OAuth2Platforms.Param(context, "refresh_on") == "true")
                {
                    // Continuous refresh: a new refresh token replaces the old one, which stops working at once.
                    var rotated = state.IssueRefreshToken(Platform, grant.Owner, now + RefreshLifetime);
                    state.RevokeRefreshToken(refresh!);
                    answer["refresh_token"] = rotated;
                    answer["response_type"] = "everlasting_refresh";
                    answer["refresh_token_expires_in"] = (long)RefreshLifetime.TotalSeconds;
                    answer["refresh_token_expires_at"] = (now + RefreshLifetime).ToUnixTimeSeconds();
                }
                else
                {
                    answer["response_type"] = "refresh_token";
                }

                break;
            }

            default:
                return Error(StatusCodes.Status400BadRequest, 1, "grant_type must be authorization_code or refresh_token.");
        }

        answer["token_type"] = "bearer";
        answer["expires_in"] = (long)AccessLifetime.TotalSeconds;
        answer["scope"] = "user_accounts:read,pins:read,boards:read";
        return Graph.Ok(answer);
    }

    private static int PinCount(Dictionary<string, double>? values) =>
        values is not null && values.TryGetValue("posts", out var posts) ? (int)Math.Max(0, posts) : 0;

    private static bool TryDate(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    // FNV-1a: a stable number per username for ids.
    private static long AccountNumber(string user)
    {
        var hash = 2166136261u;
        foreach (var ch in user)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return 549_755_000_000L + hash;
    }

    [GeneratedRegex(@"^/pinterest/(v\d+)(?=/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSegment();
}
