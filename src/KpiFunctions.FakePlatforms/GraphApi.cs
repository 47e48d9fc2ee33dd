using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// The Graph routes of graph.facebook.com under <c>/{version}</c>, and the checks every Graph call goes through first:
/// recording, injected faults and delays, the access token.
/// </summary>
internal static partial class GraphApi
{
    public static void MapGraph(this WebApplication app)
    {
        app.Use(GuardAsync);
        var graph = app.MapGroup("/{version}");
        graph.MapGet("/dialog/oauth", Dialog);
        graph.MapGet("/oauth/access_token", AccessToken);
        graph.MapGet("/{id}", Node);
        graph.MapGet("/{id}/insights", Insights);
        graph.MapPost("/{id}/insights", (HttpContext context, string id, FakeMetaState state) => AdsInsights.Start(context, state, id));
        graph.MapGet("/{id}/posts", (HttpContext context, string id, FakeMetaState state) => SocialEdges.Posts(context, state, id));
        graph.MapGet("/{id}/published_posts", (HttpContext context, string id, FakeMetaState state) => SocialEdges.Posts(context, state, id));
        graph.MapGet("/{id}/media", (HttpContext context, string id, FakeMetaState state) => SocialEdges.Media(context, state, id));
        app.MapFallback((HttpContext context) => context.Request.Path.StartsWithSegments("/_fake")
            ? Results.Problem($"No fake control endpoint at {context.Request.Method} {context.Request.Path}; see the project's README.", statusCode: StatusCodes.Status404NotFound)
            : Graph.Error($"Unknown path components: {context.Request.Path}", 2500));
    }

    /// <summary>
    /// Checks that the account is not throttled and sets the usage headers; returns the throttle error when it is.
    /// Also auto-registers an id the fake has not seen.
    /// </summary>
    public static IResult? Touch(HttpContext context, FakeMetaState state, string platform, string externalId)
    {
        var id = FakePlatform.Id(platform, externalId);
        _ = state.Since(platform, id);
        if (state.TakeThrottle(platform, id) is { } throttle)
        {
            SetUsage(context, 100, platform, id, throttle.MinutesToRegain);
            return Graph.Error(ThrottleMessage(throttle.Code), throttle.Code, throttle.Subcode, transient: true);
        }

        SetUsage(context, state.Usage, platform, id, 0);
        return null;
    }

    private static string ThrottleMessage(int code) => code switch
    {
        4 => "(#4) Application request limit reached",
        17 => "(#17) User request limit reached",
        32 => "(#32) Page request limit reached",
        613 => "(#613) Calls to this api have exceeded the rate limit.",
        80001 => "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
        80002 => "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
        80000 or 80003 or 80004 => $"(#{code}) There have been too many calls from this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
        _ => $"(#{code}) Rate limit reached",
    };

    private static void SetUsage(HttpContext context, int percent, string? platform, string? id, int minutes)
    {
        var usage = $"\"call_count\":{percent},\"total_cputime\":{percent},\"total_time\":{percent}";
        context.Response.Headers["X-App-Usage"] = "{" + usage + "}";
        if (platform is null || id is null)
        {
            return;
        }

        var type = platform switch
        {
            FakePlatform.Facebook => "pages",
            FakePlatform.Instagram => "instagram",
            _ => "ads_insights",
        };
        var buc = new JsonObject
        {
            [id] = new JsonArray(new JsonObject
            {
                ["type"] = type,
                ["call_count"] = percent,
                ["total_cputime"] = percent,
                ["total_time"] = percent,
                ["estimated_time_to_regain_access"] = minutes,
            }),
        };
        context.Response.Headers["X-Business-Use-Case-Usage"] = buc.ToJsonString();
        if (platform == FakePlatform.MetaAds)
        {
            context.Response.Headers["X-FB-Ads-Insights-Throttle"] = $"{{\"app_id_util_pct\":{percent},\"acc_id_util_pct\":{percent},\"ads_api_access_tier\":\"standard_access\"}}";
        }
    }

    private static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        // Control endpoints, and the other platforms' routes (each checks its own requests), pass through.
        if (context.Request.Path.StartsWithSegments("/_fake") || FakePlatform.Others.Any(p => context.Request.Path.StartsWithSegments("/" + p)))
        {
            await next(context);
            return;
        }

        var state = context.RequestServices.GetRequiredService<FakeMetaState>();
        var match = VersionSegment().Match(path);
        var version = match.Success ? match.Groups[1].Value : null;
        state.Record(context, version);
        if (version is null)
        {
            await Graph.Error($"Unknown path components: {path} (the fake needs a version segment such as /v25.0)", 2500).ExecuteAsync(context);
            return;
        }

        var rest = path[(version.Length + 1)..];
        if (rest != "/dialog/oauth")
        {
            if (state.TakeFailure() is { } status)
            {
                await Graph.Error("An unknown error occurred", 1, status: status, transient: true).ExecuteAsync(context);
                return;
            }

            if (state.TakeDelay() is { } delay)
            {
                // Real time, not the fake's clock: the delay exists to make clients time out.
                await Task.Delay(delay, context.RequestAborted);
            }
        }

        if (context.Request.HasFormContentType)
        {
            await context.Request.ReadFormAsync(context.RequestAborted);
        }

        SetUsage(context, state.Usage, null, null, 0);
        if (rest is not "/dialog/oauth" and not "/oauth/access_token" && !state.AcceptAnyToken && TokenError(context, state) is { } error)
        {
            await error.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static IResult? TokenError(HttpContext context, FakeMetaState state)
    {
        var token = Graph.Param(context, "access_token");
        if (token is null && context.Request.Headers.Authorization.ToString() is { Length: > 7 } header
            && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header[7..].Trim();
        }

        if (token is null)
        {
            return Graph.Error("An active access token must be used to query information about the current user.", 2500);
        }

        if (state.CheckToken(token, out var expiredAt))
        {
            return null;
        }

        if (expiredAt is { } at)
        {
            var now = state.Time.GetUtcNow();
            return Graph.Error(
                $"Error validating access token: Session has expired on {Format(at)}. The current time is {Format(now)}.", 190, 463);
        }

        return Graph.Error("Invalid OAuth access token - Cannot parse access token", 190);

        static string Format(DateTimeOffset time) =>
            time.UtcDateTime.ToString("dddd, dd-MMM-yy HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
    }

    private static IResult Dialog(HttpContext context, FakeMetaState state)
    {
        var clientId = Graph.Param(context, "client_id");
        if (clientId != state.Options.AppId)
        {
            return Graph.Error("Invalid App ID: the client_id is not the fake's AppId.", 101);
        }

        if (Graph.Param(context, "redirect_uri") is not { } redirect || !Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            return Graph.InvalidParameter("The redirect_uri parameter must be an absolute URL.");
        }

        // Auto-consent: the user grants every requested scope at once.
        var query = new Dictionary<string, string?> { ["code"] = state.NewCode(clientId, redirect) };
        if (Graph.Param(context, "state") is { } s)
        {
            query["state"] = s;
        }

        return Results.Redirect(QueryHelpers.AddQueryString(redirect, query));
    }

    private static IResult AccessToken(HttpContext context, FakeMetaState state)
    {
        if (Graph.Param(context, "client_id") is not { } clientId || clientId != state.Options.AppId)
        {
            return Graph.Error("Error validating application. Invalid application ID.", 101);
        }

        if (Graph.Param(context, "client_secret") != state.Options.AppSecret)
        {
            return Graph.Error("Error validating client secret.", 100);
        }

        if (Graph.Param(context, "grant_type") == "fb_exchange_token")
        {
            if (!state.CheckToken(Graph.Param(context, "fb_exchange_token"), out _))
            {
                return Graph.Error("Error validating access token: the fb_exchange_token is unknown or has expired.", 190);
            }
        }
        else
        {
            if (Graph.Param(context, "code") is not { } code)
            {
                return Graph.InvalidParameter("Missing code parameter.");
            }

            if (state.RedeemCode(code, clientId, Graph.Param(context, "redirect_uri") ?? "") is { } error)
            {
                return Graph.Error(error, 100);
            }
        }

        return Graph.Ok(new JsonObject
        {
            ["access_token"] = state.IssueToken(),
            ["token_type"] = "bearer",
            ["expires_in"] = FakeMetaState.TokenLifetimeSeconds,
        });
    }

    private static IResult Node(HttpContext context, string id, FakeMetaState state)
    {
        if (id == "me")
        {
            return Graph.Ok(new JsonObject { ["id"] = "100000000000001", ["name"] = "Fake User" });
        }

        if (state.Job(id) is { } job)
        {
            return AdsInsights.Status(context, state, job);
        }

        var fields = Graph.List(Graph.Param(context, "fields"));
        var platform = id.StartsWith("act_", StringComparison.Ordinal) ? FakePlatform.MetaAds
            : fields.Any(f => f is "username" or "media_count" or "follows_count") ? FakePlatform.Instagram
            : PlatformOf(state, id, FakePlatform.Facebook);
        if (Touch(context, state, platform, id) is { } throttled)
        {
            return throttled;
        }

        var accountId = FakePlatform.Id(platform, id);
        var known = new Dictionary<string, Func<JsonNode?>>(StringComparer.Ordinal) { ["id"] = () => id };
        string nodeType;
        switch (platform)
        {
            case FakePlatform.Facebook:
                nodeType = "Page";
                known["name"] = () => $"Fake Page {id}";
                known["followers_count"] = () => state.Latest(platform, id, "page_follows");
                known["fan_count"] = known["followers_count"];
                known["link"] = () => $"https://www.facebook.com/{id}";
                break;
            case FakePlatform.Instagram:
                nodeType = "IGUser";
                known["username"] = () => $"fake.{id}";
                known["name"] = () => $"Fake Instagram {id}";
                known["followers_count"] = () => state.Latest(platform, id, "followers_count");
                known["follows_count"] = () => 150;
                known["media_count"] = () => SocialEdges.MediaCount(state, id);
                break;
            default:
                nodeType = "AdAccount";
                known["account_id"] = () => accountId;
                known["name"] = () => $"Fake Ad Account {accountId}";
                known["currency"] = () => "EUR";
                known["account_status"] = () => 1;
                known["timezone_name"] = () => "Etc/UTC";
                break;
        }

        if (fields.Length == 0)
        {
            fields = platform == FakePlatform.Facebook ? ["name", "id"] : ["id"];
        }

        var node = new JsonObject();
        foreach (var field in fields)
        {
            if (!known.TryGetValue(field, out var value))
            {
                return Graph.InvalidParameter($"Tried accessing nonexisting field ({field}) on node type ({nodeType})");
            }

            node[field] = value();
        }

        if (!node.ContainsKey("id"))
        {
            node["id"] = id;
        }

        return Graph.Ok(node);
    }

    private static IResult Insights(HttpContext context, string id, FakeMetaState state)
    {
        if (id.StartsWith("act_", StringComparison.Ordinal))
        {
            return AdsInsights.Sync(context, state, id);
        }

        if (state.Job(id) is { } job)
        {
            return AdsInsights.Results(context, state, job);
        }

        var metrics = Graph.List(Graph.Param(context, "metric"));
        if (metrics.Length == 0)
        {
            return Graph.Error("(#100) No metric was specified to be fetched", 100, 1504028);
        }

        var platform = PlatformOf(state, id, metrics.Any(m => m.StartsWith("page_", StringComparison.Ordinal)) ? FakePlatform.Facebook : FakePlatform.Instagram);
        return Touch(context, state, platform, id)
            ?? (platform == FakePlatform.Facebook
                ? SocialInsights.Facebook(context, state, id, metrics)
                : SocialInsights.Instagram(context, state, id, metrics));
    }

    /// <summary>Facebook and Instagram share one id space here: the platform the id was registered under, else the request's shape.</summary>
    private static string PlatformOf(FakeMetaState state, string id, string fromShape)
    {
        var facebook = state.Knows(FakePlatform.Facebook, id);
        var instagram = state.Knows(FakePlatform.Instagram, id);
        return facebook == instagram ? fromShape : facebook ? FakePlatform.Facebook : FakePlatform.Instagram;
    }

    [GeneratedRegex(@"^/(v\d+\.\d+)(?=/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSegment();
}
