using System.Globalization;
using System.Text.Json.Nodes;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// YouTube under <c>/youtube</c>, its three Google hosts side by side: Google OAuth (<c>/youtube/o/oauth2/v2/auth</c>,
/// <c>/youtube/token</c>; refresh tokens only with <c>access_type=offline</c>, never rotated), the Analytics API
/// (<c>/youtube/analytics/{v}/reports</c>) and the Data API (<c>/youtube/data/youtube/{v}/channels</c>,
/// <c>playlistItems</c>, <c>videos</c>), with Google's error bodies and quota errors.
/// </summary>
internal static class YouTubeApi
{
    /// <summary>How long an access token the fake's Google issues lives, as Google's (3599 s).</summary>
    public const int TokenLifetimeSeconds = 3599;

    /// <summary>The Analytics metric → the fake's key (the same names, see <see cref="MetaMetrics.Sources"/>).</summary>
    private static readonly HashSet<string> AnalyticsMetrics = new(StringComparer.Ordinal)
    {
        "views", "likes", "comments", "shares", "subscribersGained", "subscribersLost",
    };

    public static void MapYouTube(this WebApplication app)
    {
        var youtube = app.MapGroup("/" + FakePlatform.YouTube).AddEndpointFilter(GuardAsync);
        youtube.MapGet("/o/oauth2/v2/auth", (HttpContext context, FakeMetaState state) => OAuth2Fake.Consent(
            context, state, FakePlatform.YouTube, offline: context.Request.Query["access_type"].ToString() == "offline", requirePkce: false, OAuthError));
        youtube.MapPost("/token", TokenAsync);
        youtube.MapGet("/analytics/{version}/reports", Reports);
        youtube.MapGet("/data/youtube/{version}/channels", Channels);
        youtube.MapGet("/data/youtube/{version}/playlistItems", PlaylistItems);
        youtube.MapGet("/data/youtube/{version}/videos", Videos);
        youtube.Map("/{**rest}", (HttpContext context) => Error(StatusCodes.Status404NotFound, $"No YouTube endpoint at {context.Request.Method} {context.Request.Path}.", "notFound"));

        app.MapPost("/_fake/youtube/quota", (QuotaBody body, FakeMetaState state) =>
            XApi.Control(() => state.ExceedYouTubeQuota(body.Requests, body.Reason ?? "quotaExceeded")));
    }

    /// <summary>The uploads playlist of a channel: <c>UU</c> and the channel id without its <c>UC</c>, as YouTube names it.</summary>
    public static string UploadsPlaylist(string channelId) =>
        "UU" + (channelId.StartsWith("UC", StringComparison.Ordinal) ? channelId[2..] : channelId);

    /// <summary>A video's id: the channel, the day and its number that day (<c>{channel}.{yyyyMMdd}{nnn}</c>).</summary>
    public static string VideoId(string channelId, DateOnly day, int i) =>
        $"{channelId}.{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}{i.ToString("000", CultureInfo.InvariantCulture)}";

    // Order of checks: record, injected fault, delay, then for API calls the token and the quota.
    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var state = context.RequestServices.GetRequiredService<FakeMetaState>();
        var path = context.Request.Path.Value ?? "/";
        var version = context.Request.RouteValues.TryGetValue("version", out var v) ? v?.ToString() : null;
        state.Record(context, version);
        if (path.StartsWith("/youtube/o/oauth2/", StringComparison.Ordinal))
        {
            return await next(invocation);
        }

        if (state.TakeFailure() is { } status)
        {
            return Error(status, "The service is currently unavailable.", "backendError");
        }

        if (state.TakeDelay() is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (version is null)
        {
            return await next(invocation);
        }

        if (!state.AcceptAnyToken && !state.CheckToken(OAuth2Fake.Bearer(context), out _))
        {
            return Error(
                StatusCodes.Status401Unauthorized,
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
                "authError", "global", "Invalid Credentials", "UNAUTHENTICATED");
        }

        return state.TakeYouTubeQuotaError() switch
        {
            null => await next(invocation),
            var reason when reason is "rateLimitExceeded" or "userRateLimitExceeded" => Error(StatusCodes.Status403Forbidden, "Rate Limit Exceeded", reason, "usageLimits"),
            var reason => Error(
                StatusCodes.Status403Forbidden,
                "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
                reason, path.Contains("/analytics/", StringComparison.Ordinal) ? "usageLimits" : "youtube.quota"),
        };
    }

    private static async Task<IResult> TokenAsync(HttpContext context, FakeMetaState state)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var (clientId, secret) = OAuth2Fake.Client(context, form);
        if (clientId != state.Options.AppId)
        {
            return OAuthError("invalid_client", "The OAuth client was not found.", StatusCodes.Status401Unauthorized);
        }

        if (secret != state.Options.AppSecret)
        {
            return OAuthError("invalid_client", "Unauthorized", StatusCodes.Status401Unauthorized);
        }

        OAuthGrant? grant;
        switch (OAuth2Fake.Field(form, "grant_type"))
        {
            case "authorization_code":
                var code = OAuth2Fake.Field(form, "code") ?? "";
                if (state.RedeemCode(code, clientId, OAuth2Fake.Field(form, "redirect_uri") ?? "") is { } problem)
                {
                    return OAuthError("invalid_grant", problem.StartsWith("Error validating", StringComparison.Ordinal) ? "Bad Request" : "Malformed auth code.");
                }

                grant = state.TakeGrant(code);
                if (grant is null || grant.Platform != FakePlatform.YouTube || !FakeMetaState.VerifiesPkce(grant, OAuth2Fake.Field(form, "code_verifier")))
                {
                    return OAuthError("invalid_grant", "Invalid code verifier.");
                }

                break;
            case "refresh_token":
                // Google keeps the refresh token: the answer has a new access token only.
                grant = state.RedeemRefreshToken(FakePlatform.YouTube, OAuth2Fake.Field(form, "refresh_token"), rotate: false);
                if (grant is null)
                {
                    return OAuthError("invalid_grant", "Token has been expired or revoked.");
                }

                return Ok(Tokens(state, grant, refresh: false));
            default:
                return OAuthError("unsupported_grant_type", "Invalid grant_type: " + OAuth2Fake.Field(form, "grant_type"));
        }

        return Ok(Tokens(state, grant, refresh: grant.Offline));
    }

    private static JsonObject Tokens(FakeMetaState state, OAuthGrant grant, bool refresh)
    {
        var answer = new JsonObject
        {
            ["access_token"] = state.IssueToken("ya29.", TimeSpan.FromSeconds(TokenLifetimeSeconds)),
            ["expires_in"] = TokenLifetimeSeconds,
            ["scope"] = grant.Scope,
            ["token_type"] = "Bearer",
        };
        if (refresh)
        {
            answer["refresh_token"] = state.IssueRefreshToken("1//", grant);
        }

        return answer;
    }

    private static IResult Reports(HttpContext context, FakeMetaState state)
    {
        var query = context.Request.Query;
        foreach (var required in (string[])["ids", "startDate", "endDate", "metrics"])
        {
            if (query[required].ToString().Length == 0)
            {
                return Error(StatusCodes.Status400BadRequest, $"Required parameter: {required}", "required", location: required);
            }
        }

        var ids = query["ids"].ToString();
        if (!ids.StartsWith("channel==", StringComparison.Ordinal) || ids == "channel==MINE")
        {
            return Error(StatusCodes.Status400BadRequest, $"The fake serves channels by id: ids=channel==UC…, not '{ids}'.", "badRequest");
        }

        var channel = ids["channel==".Length..];
        if (!Graph.TryDay(query["startDate"], out var from) || !Graph.TryDay(query["endDate"], out var to) || to < from)
        {
            return Error(StatusCodes.Status400BadRequest, "Invalid value for startDate or endDate: yyyy-MM-dd, endDate not before startDate.", "invalid");
        }

        var metrics = Graph.List(query["metrics"].ToString());
        if (metrics.FirstOrDefault(m => !AnalyticsMetrics.Contains(m)) is { } unknown)
        {
            return Error(StatusCodes.Status400BadRequest, $"Unknown identifier ({unknown}) given in field parameters.metrics.", "badRequest");
        }

        var dimensions = query["dimensions"].ToString();
        var sort = query["sort"].ToString();
        if (dimensions is not ("" or "day") || sort is not ("" or "day" or "-day") || (sort.Length > 0 && dimensions.Length == 0))
        {
            return Error(StatusCodes.Status400BadRequest, "The query is not supported. Check the documentation at https://developers.google.com/youtube/analytics/v2/available_reports for a list of supported queries.", "badRequest");
        }

        var headers = new JsonArray();
        if (dimensions == "day")
        {
            headers.Add(new JsonObject { ["name"] = "day", ["columnType"] = "DIMENSION", ["dataType"] = "STRING" });
        }

        foreach (var metric in metrics)
        {
            headers.Add(new JsonObject { ["name"] = metric, ["columnType"] = "METRIC", ["dataType"] = "INTEGER" });
        }

        // One row per day with data (a metric without a value that day is 0 in its row); no rows at all: no "rows".
        var rows = new List<JsonArray>();
        var totals = new double[metrics.Length];
        var any = false;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (state.Values(FakePlatform.YouTube, channel, day) is not { } values)
            {
                continue;
            }

            any = true;
            var row = dimensions == "day" ? new JsonArray(Graph.Day(day)) : null;
            for (var i = 0; i < metrics.Length; i++)
            {
                var value = values.GetValueOrDefault(metrics[i]);
                totals[i] += value;
                row?.Add(value);
            }

            if (row is not null)
            {
                rows.Add(row);
            }
        }

        if (sort == "-day")
        {
            rows.Reverse();
        }

        if (dimensions.Length == 0 && any)
        {
            rows.Add(new JsonArray([.. totals.Select(t => (JsonNode)t)]));
        }

        var body = new JsonObject { ["kind"] = "youtubeAnalytics#resultTable", ["columnHeaders"] = headers };
        if (rows.Count > 0)
        {
            body["rows"] = new JsonArray([.. rows]);
        }

        return Ok(body);
    }

    private static IResult Channels(HttpContext context, FakeMetaState state)
    {
        var query = context.Request.Query;
        var parts = Graph.List(query["part"].ToString());
        if (parts.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, "No filter selected. Expected one of: forUsername, managedByMe, categoryId, mine, mySubscribers, id, idParam", "missingRequiredParameter", location: "part");
        }

        var ids = Graph.List(query["id"].ToString());
        if (ids.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, "The fake serves channels by id: id=UC….", "missingRequiredParameter", location: "id");
        }

        var items = new JsonArray();
        foreach (var id in ids)
        {
            var channel = new JsonObject { ["kind"] = "youtube#channel", ["etag"] = Etag(id), ["id"] = id };
            var since = state.Since(FakePlatform.YouTube, id);
            if (parts.Contains("snippet"))
            {
                channel["snippet"] = new JsonObject
                {
                    ["title"] = $"Fake Channel {id}",
                    ["description"] = "",
                    ["publishedAt"] = Timestamp(new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
                };
            }

            if (parts.Contains("statistics"))
            {
                double views = 0, videos = 0;
                for (var day = since; day < state.Today; day = day.AddDays(1))
                {
                    var values = state.Values(FakePlatform.YouTube, id, day);
                    views += values?.GetValueOrDefault("views") ?? 0;
                    videos += SocialEdges.PostCount(values);
                }

                // Counts are strings in the Data API.
                channel["statistics"] = new JsonObject
                {
                    ["viewCount"] = Number(views),
                    ["subscriberCount"] = Number(state.Latest(FakePlatform.YouTube, id, "subscriberCount")),
                    ["hiddenSubscriberCount"] = false,
                    ["videoCount"] = Number(videos),
                };
            }

            if (parts.Contains("contentDetails"))
            {
                channel["contentDetails"] = new JsonObject
                {
                    ["relatedPlaylists"] = new JsonObject { ["likes"] = "", ["uploads"] = UploadsPlaylist(id) },
                };
            }

            items.Add(channel);
        }

        return Ok(new JsonObject
        {
            ["kind"] = "youtube#channelListResponse",
            ["etag"] = Etag(ids[0]),
            ["pageInfo"] = new JsonObject { ["totalResults"] = items.Count, ["resultsPerPage"] = 5 },
            ["items"] = items,
        });
    }

    private static IResult PlaylistItems(HttpContext context, FakeMetaState state)
    {
        var query = context.Request.Query;
        var playlist = query["playlistId"].ToString();
        if (!playlist.StartsWith("UU", StringComparison.Ordinal) || playlist.Length < 3)
        {
            return Error(StatusCodes.Status404NotFound, "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.", "playlistNotFound", "youtube.playlistItem", location: "playlistId");
        }

        var max = 5;
        if (query["maxResults"].ToString() is { Length: > 0 } m && (!int.TryParse(m, CultureInfo.InvariantCulture, out max) || max is < 0 or > 50))
        {
            return Error(StatusCodes.Status400BadRequest, $"Invalid value '{m}'. Values must be within the range: [0, 50]", "invalidParameter", location: "maxResults");
        }

        // UU + the id without UC: the channel is whichever of the two the fake knows.
        var rest = playlist[2..];
        var channel = state.Knows(FakePlatform.YouTube, rest) || !state.Knows(FakePlatform.YouTube, "UC" + rest) ? rest : "UC" + rest;
        var parts = Graph.List(query["part"].ToString());
        var videos = new List<JsonObject>();
        for (var day = state.Today.AddDays(-1); day >= state.Since(FakePlatform.YouTube, channel); day = day.AddDays(-1))
        {
            var n = SocialEdges.PostCount(state.Values(FakePlatform.YouTube, channel, day));
            for (var i = n - 1; i >= 0; i--)
            {
                var id = VideoId(channel, day, i);
                var published = Timestamp(XApi.Published(day, i));
                var item = new JsonObject { ["kind"] = "youtube#playlistItem", ["etag"] = Etag(id), ["id"] = $"{playlist}.{id}" };
                if (parts.Contains("snippet"))
                {
                    item["snippet"] = new JsonObject
                    {
                        ["publishedAt"] = published,
                        ["channelId"] = channel,
                        ["title"] = $"Video {i + 1} of {Graph.Day(day)}",
                        ["description"] = "",
                        ["playlistId"] = playlist,
                        ["position"] = videos.Count,
                        ["resourceId"] = new JsonObject { ["kind"] = "youtube#video", ["videoId"] = id },
                    };
                }

                if (parts.Contains("contentDetails"))
                {
                    item["contentDetails"] = new JsonObject { ["videoId"] = id, ["videoPublishedAt"] = published };
                }

                videos.Add(item);
            }
        }

        var offset = Math.Min(Graph.Offset(query["pageToken"].ToString() is { Length: > 0 } token ? token : null), videos.Count);
        var page = videos.Skip(offset).Take(max).ToList();
        var body = new JsonObject { ["kind"] = "youtube#playlistItemListResponse", ["etag"] = Etag(playlist + offset) };
        if (offset + page.Count < videos.Count)
        {
            body["nextPageToken"] = Graph.Cursor(offset + page.Count);
        }

        if (offset > 0)
        {
            body["prevPageToken"] = Graph.Cursor(Math.Max(0, offset - max));
        }

        body["items"] = new JsonArray([.. page]);
        body["pageInfo"] = new JsonObject { ["totalResults"] = videos.Count, ["resultsPerPage"] = max };
        return Ok(body);
    }

    private static IResult Videos(HttpContext context, FakeMetaState state)
    {
        var ids = Graph.List(context.Request.Query["id"].ToString());
        if (ids.Length > 50)
        {
            return Error(StatusCodes.Status400BadRequest, "The request specifies an invalid filter parameter.", "invalidFilters", location: "id");
        }

        var items = new JsonArray();
        foreach (var id in ids)
        {
            // {channel}.{yyyyMMdd}{nnn}: a video of the channel's day; any other id is not found (left out).
            var dot = id.LastIndexOf('.');
            if (dot <= 0 || id.Length - dot != 12
                || !DateOnly.TryParseExact(id[(dot + 1)..(dot + 9)], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || !int.TryParse(id[(dot + 9)..], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                || state.Values(FakePlatform.YouTube, id[..dot], day) is not { } values
                || i >= SocialEdges.PostCount(values))
            {
                continue;
            }

            var n = SocialEdges.PostCount(values);
            items.Add(new JsonObject
            {
                ["kind"] = "youtube#video",
                ["etag"] = Etag(id),
                ["id"] = id,
                ["statistics"] = new JsonObject
                {
                    ["viewCount"] = Number(SocialEdges.Share(values, "views", i, n)),
                    ["likeCount"] = Number(SocialEdges.Share(values, "likes", i, n)),
                    ["favoriteCount"] = "0",
                    ["commentCount"] = Number(SocialEdges.Share(values, "comments", i, n)),
                },
            });
        }

        return Ok(new JsonObject
        {
            ["kind"] = "youtube#videoListResponse",
            ["etag"] = Etag(string.Join(",", ids)),
            ["items"] = items,
            ["pageInfo"] = new JsonObject { ["totalResults"] = items.Count, ["resultsPerPage"] = items.Count },
        });
    }

    private static string Number(double value) => ((long)value).ToString(CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Etag(string seed) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(seed)))[..27].Replace('+', '-').Replace('/', '_');

    private static IResult Ok(JsonObject body) => Graph.Ok(body);

    /// <summary>Google's error body: <c>{"error":{"code","message","errors":[{"message","domain","reason",…}],"status"?}}</c>.</summary>
    private static IResult Error(int status, string message, string reason, string domain = "global", string? itemMessage = null, string? code = null, string? location = null)
    {
        var item = new JsonObject { ["message"] = itemMessage ?? message, ["domain"] = domain, ["reason"] = reason };
        if (location is not null)
        {
            item["location"] = location;
            item["locationType"] = "parameter";
        }
        else if (reason == "authError")
        {
            item["location"] = "Authorization";
            item["locationType"] = "header";
        }

        var error = new JsonObject { ["code"] = status, ["message"] = message, ["errors"] = new JsonArray(item) };
        if (code is not null)
        {
            error["status"] = code;
        }

        return Graph.Body(new JsonObject { ["error"] = error }, status);
    }

    private static IResult OAuthError(string error, string description) => OAuthError(error, description, StatusCodes.Status400BadRequest);

    private static IResult OAuthError(string error, string description, int status) =>
        Graph.Body(new JsonObject { ["error"] = error, ["error_description"] = description }, status);

    internal sealed record QuotaBody(int Requests, string? Reason);
}
