using System.Globalization;
using System.Text.Json.Nodes;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// X API v2 under <c>/x</c>: OAuth 2.0 with PKCE (<c>/x/i/oauth2/authorize</c>, <c>/x/{v}/oauth2/token</c>, two-hour
/// access tokens, refresh tokens rotated on every use), the user lookup and the user's posts timeline, with X's
/// rate-limit headers and 429, its problem bodies and the plan check (403 client-not-enrolled).
/// </summary>
internal static class XApi
{
    /// <summary>How long an access token the fake's X issues lives: two hours, as X's.</summary>
    public const int TokenLifetimeSeconds = 7200;

    /// <summary>X gives non-public metrics only for posts of the last 30 days.</summary>
    public const int NonPublicDays = 30;

    private static readonly HashSet<string> UserFields = new(StringComparer.Ordinal)
    {
        "id", "name", "username", "created_at", "description", "location", "pinned_tweet_id", "profile_image_url", "protected",
        "public_metrics", "url", "verified",
    };

    private static readonly HashSet<string> TweetFields = new(StringComparer.Ordinal)
    {
        "id", "text", "edit_history_tweet_ids", "attachments", "author_id", "conversation_id", "created_at", "entities", "lang",
        "non_public_metrics", "organic_metrics", "possibly_sensitive", "public_metrics", "referenced_tweets", "reply_settings", "source",
    };

    public static void MapX(this WebApplication app)
    {
        var x = app.MapGroup("/" + FakePlatform.X).AddEndpointFilter(GuardAsync);
        x.MapGet("/i/oauth2/authorize", (HttpContext context, FakeMetaState state) => OAuth2Fake.Consent(
            context, state, FakePlatform.X, offline: context.Request.Query["scope"].ToString().Split(' ').Contains("offline.access"), requirePkce: true, OAuthError));
        x.MapPost("/{version:int}/oauth2/token", TokenAsync);
        x.MapGet("/{version:int}/users/me", () => Ok(new JsonObject
        {
            ["data"] = new JsonObject { ["id"] = "1000000000000000001", ["name"] = "Fake X User", ["username"] = "fake_x_user" },
        }));
        x.MapGet("/{version:int}/users/{id}", User);
        x.MapGet("/{version:int}/users/{id}/tweets", Tweets);
        x.Map("/{**rest}", (HttpContext context) => Problem(StatusCodes.Status404NotFound, "Not Found Error", $"No X endpoint at {context.Request.Method} {context.Request.Path}."));

        var control = app.MapGroup("/_fake/x");
        control.MapPut("/ratelimit/{userId}", (string userId, RateLimitBody body, FakeMetaState state) =>
            Control(() => state.SetXRateLimit(userId, body.Remaining, TimeSpan.FromSeconds(body.ResetInSeconds ?? 900))));
        control.MapPut("/enrolled", (EnrolledBody body, FakeMetaState state) => Control(() => state.XNotEnrolled = !body.Enrolled));
    }

    /// <summary>A post's id: the user, the day and its number that day, all digits as X's ids.</summary>
    public static string PostId(string userId, DateOnly day, int i) =>
        userId + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + i.ToString("000", CultureInfo.InvariantCulture);

    /// <summary>When post <paramref name="i"/> of a day is published: 10:00 UTC, then a minute apart.</summary>
    public static DateTimeOffset Published(DateOnly day, int i) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero).AddMinutes(i);

    internal static IResult Control(Action action)
    {
        try
        {
            action();
            return Results.NoContent();
        }
        catch (ArgumentException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    // Order of checks: record, injected fault, delay, then for API calls the token, the plan and the rate limit.
    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var state = context.RequestServices.GetRequiredService<FakeMetaState>();
        var path = context.Request.Path.Value ?? "/";
        var version = context.Request.RouteValues.TryGetValue("version", out var v) ? v?.ToString() : null;
        state.Record(context, version);
        if (path.StartsWith("/x/i/oauth2/", StringComparison.Ordinal))
        {
            return await next(invocation);
        }

        if (state.TakeFailure() is { } status)
        {
            return Problem(status, "Service Unavailable", "The fake was told to fail this request.");
        }

        if (state.TakeDelay() is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (path.EndsWith("/oauth2/token", StringComparison.Ordinal) || version is null)
        {
            return await next(invocation);
        }

        if (!state.AcceptAnyToken && !state.CheckToken(OAuth2Fake.Bearer(context), out _))
        {
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized");
        }

        var user = context.Request.RouteValues.TryGetValue("id", out var id) ? id?.ToString() ?? "me" : "me";
        if (state.XNotEnrolled && user != "me")
        {
            // The answer X gives an app whose plan (Free) does not include the endpoint.
            return Body(new JsonObject
            {
                ["client_id"] = state.Options.AppId,
                ["detail"] = "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.",
                ["registration_url"] = "https://developer.twitter.com/en/docs/projects/overview",
                ["title"] = "Client Forbidden",
                ["required_enrollment"] = "Appropriate Level of API Access",
                ["reason"] = "client-not-enrolled",
                ["type"] = "https://api.twitter.com/2/problems/client-forbidden",
            }, StatusCodes.Status403Forbidden);
        }

        var allowed = state.TakeXCall(user, out var remaining, out var reset);
        context.Response.Headers["x-rate-limit-limit"] = FakeMetaState.XRateLimit.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-rate-limit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-rate-limit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return allowed
            ? await next(invocation)
            : Problem(StatusCodes.Status429TooManyRequests, "Too Many Requests", "Too Many Requests");
    }

    private static async Task<IResult> TokenAsync(HttpContext context, FakeMetaState state)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var (clientId, secret) = OAuth2Fake.Client(context, form);
        var basic = context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
        if (clientId != state.Options.AppId || (basic && secret != state.Options.AppSecret))
        {
            return OAuthError("unauthorized_client", "Missing valid authorization header", StatusCodes.Status401Unauthorized);
        }

        OAuthGrant? grant;
        switch (OAuth2Fake.Field(form, "grant_type"))
        {
            case "authorization_code":
                var code = OAuth2Fake.Field(form, "code") ?? "";
                grant = state.RedeemCode(code, clientId, OAuth2Fake.Field(form, "redirect_uri") ?? "") is null ? state.TakeGrant(code) : null;
                if (grant is null || grant.Platform != FakePlatform.X || !FakeMetaState.VerifiesPkce(grant, OAuth2Fake.Field(form, "code_verifier")))
                {
                    return OAuthError("invalid_request", "Value passed for the authorization code was invalid.");
                }

                break;
            case "refresh_token":
                // X rotates: the refresh token is used up, the answer carries the next one.
                grant = state.RedeemRefreshToken(FakePlatform.X, OAuth2Fake.Field(form, "refresh_token"), rotate: true);
                if (grant is null)
                {
                    return OAuthError("invalid_request", "Value passed for the token was invalid.");
                }

                break;
            default:
                return OAuthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
        }

        var answer = new JsonObject
        {
            ["token_type"] = "bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["access_token"] = state.IssueToken("", TimeSpan.FromSeconds(TokenLifetimeSeconds)),
            ["scope"] = grant.Scope,
        };
        if (grant.Offline)
        {
            answer["refresh_token"] = state.IssueRefreshToken("", grant);
        }

        return Ok(answer);
    }

    private static IResult User(HttpContext context, string id, FakeMetaState state)
    {
        var fields = Graph.List(context.Request.Query["user.fields"].ToString());
        if (fields.FirstOrDefault(f => !UserFields.Contains(f)) is { } unknown)
        {
            return InvalidRequest("user.fields", unknown, $"The `user.fields` query parameter value [{unknown}] is not one of [{string.Join(",", UserFields)}]");
        }

        var user = new JsonObject { ["id"] = id, ["name"] = $"Fake X {id}", ["username"] = $"fake_x_{id}" };
        if (fields.Contains("created_at"))
        {
            user["created_at"] = Timestamp(new DateTimeOffset(state.Since(FakePlatform.X, id).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }

        if (fields.Contains("public_metrics"))
        {
            long posts = 0;
            for (var day = state.Since(FakePlatform.X, id); day < state.Today; day = day.AddDays(1))
            {
                posts += SocialEdges.PostCount(state.Values(FakePlatform.X, id, day));
            }

            user["public_metrics"] = new JsonObject
            {
                ["followers_count"] = (long)state.Latest(FakePlatform.X, id, "followers_count"),
                ["following_count"] = 150,
                ["tweet_count"] = posts,
                ["listed_count"] = 3,
            };
        }

        return Ok(new JsonObject { ["data"] = user });
    }

    private static IResult Tweets(HttpContext context, string id, FakeMetaState state)
    {
        var query = context.Request.Query;
        var max = 10;
        if (query["max_results"].ToString() is { Length: > 0 } m && (!int.TryParse(m, CultureInfo.InvariantCulture, out max) || max is < 5 or > 100))
        {
            return InvalidRequest("max_results", m, $"The `max_results` query parameter value [{m}] is not between 5 and 100");
        }

        DateTimeOffset? start = null, end = null;
        foreach (var (name, set) in new (string, Action<DateTimeOffset>)[] { ("start_time", t => start = t), ("end_time", t => end = t) })
        {
            if (query[name].ToString() is { Length: > 0 } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var t) || !text.EndsWith('Z'))
                {
                    return InvalidRequest(name, text, $"Invalid '{name}':'{text}'. '{name}' must be a valid RFC 3339 date-time in UTC, e.g. 2026-06-01T00:00:00Z.");
                }

                set(t);
            }
        }

        var fields = Graph.List(query["tweet.fields"].ToString());
        if (fields.FirstOrDefault(f => !TweetFields.Contains(f)) is { } unknown)
        {
            return InvalidRequest("tweet.fields", unknown, $"The `tweet.fields` query parameter value [{unknown}] is not one of [{string.Join(",", TweetFields)}]");
        }

        // The user's posts, newest first, from the day's values: the day's totals split over its posts.
        var since = state.Since(FakePlatform.X, id);
        var first = start is { } s && DateOnly.FromDateTime(s.UtcDateTime) > since ? DateOnly.FromDateTime(s.UtcDateTime) : since;
        var last = end is { } e && DateOnly.FromDateTime(e.UtcDateTime) < state.Today ? DateOnly.FromDateTime(e.UtcDateTime) : state.Today.AddDays(-1);
        var recent = state.Time.GetUtcNow().AddDays(-NonPublicDays);
        var posts = new List<JsonObject>();
        for (var day = last; day >= first; day = day.AddDays(-1))
        {
            if (state.Values(FakePlatform.X, id, day) is not { } values)
            {
                continue;
            }

            var n = SocialEdges.PostCount(values);
            for (var i = n - 1; i >= 0; i--)
            {
                var published = Published(day, i);
                if ((start is { } from && published < from) || (end is { } to && published >= to))
                {
                    continue;
                }

                posts.Add(Tweet(PostId(id, day, i), day, i, n, values, published, fields, published >= recent));
            }
        }

        var offset = Math.Min(Graph.Offset(query["pagination_token"].ToString() is { Length: > 0 } token ? token : null), posts.Count);
        var page = posts.Skip(offset).Take(max).ToList();
        var meta = new JsonObject { ["result_count"] = page.Count };
        if (page.Count > 0)
        {
            meta["newest_id"] = (string)page[0]["id"]!;
            meta["oldest_id"] = (string)page[^1]["id"]!;
        }

        if (offset + page.Count < posts.Count)
        {
            meta["next_token"] = Graph.Cursor(offset + page.Count);
        }

        if (offset > 0)
        {
            meta["previous_token"] = Graph.Cursor(Math.Max(0, offset - max));
        }

        var body = new JsonObject();
        if (page.Count > 0)
        {
            body["data"] = new JsonArray([.. page]);
        }

        body["meta"] = meta;
        return Ok(body);
    }

    private static JsonObject Tweet(string id, DateOnly day, int i, int n, Dictionary<string, double> values, DateTimeOffset published, string[] fields, bool nonPublic)
    {
        long Part(string key) => SocialEdges.Share(values, key, i, n);
        var tweet = new JsonObject
        {
            ["id"] = id,
            ["text"] = $"Post {i + 1} of {Graph.Day(day)}",
            ["edit_history_tweet_ids"] = new JsonArray(id),
        };
        if (fields.Contains("created_at"))
        {
            tweet["created_at"] = Timestamp(published);
        }

        if (fields.Contains("public_metrics"))
        {
            tweet["public_metrics"] = new JsonObject
            {
                ["retweet_count"] = Part("retweet_count"),
                ["reply_count"] = Part("reply_count"),
                ["like_count"] = Part("like_count"),
                ["quote_count"] = Part("quote_count"),
                ["bookmark_count"] = Part("bookmark_count"),
                ["impression_count"] = Part("impression_count"),
            };
        }

        // Non-public metrics exist only for posts of the last 30 days: older ones come without them.
        if (fields.Contains("non_public_metrics") && nonPublic)
        {
            tweet["non_public_metrics"] = new JsonObject
            {
                ["impression_count"] = Part("impression_count"),
                ["url_link_clicks"] = Part("url_link_clicks"),
                ["user_profile_clicks"] = Part("user_profile_clicks"),
            };
        }

        return tweet;
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static IResult Ok(JsonObject body) => Graph.Ok(body);

    private static IResult Body(JsonObject body, int status) => Graph.Body(body, status);

    /// <summary>X's problem body: <c>{"title","detail","type","status"}</c>.</summary>
    private static IResult Problem(int status, string title, string detail) =>
        Body(new JsonObject { ["title"] = title, ["detail"] = detail, ["type"] = "about:blank", ["status"] = status }, status);

    private static IResult InvalidRequest(string parameter, string value, string message) => Body(new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject
        {
            ["parameters"] = new JsonObject { [parameter] = new JsonArray(value) },
            ["message"] = message,
        }),
        ["title"] = "Invalid Request",
        ["detail"] = "One or more parameters to your request was invalid.",
        ["type"] = "https://api.twitter.com/2/problems/invalid-request",
    }, StatusCodes.Status400BadRequest);

    private static IResult OAuthError(string error, string description) => OAuthError(error, description, StatusCodes.Status400BadRequest);

    private static IResult OAuthError(string error, string description, int status) =>
        Body(new JsonObject { ["error"] = error, ["error_description"] = description }, status);

    internal sealed record RateLimitBody(int Remaining, int? ResetInSeconds);

    internal sealed record EnrolledBody(bool Enrolled);
}
