using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// LinkedIn under <c>/linkedin</c>: the OAuth 2.0 endpoints of www.linkedin.com (<c>/oauth/v2/authorization</c>,
/// <c>/oauth/v2/accessToken</c>) and the versioned Community Management API of api.linkedin.com (<c>/rest/...</c>): the
/// organization's time-bound share, follower and page statistics, its network size and its posts. Every <c>/rest</c> call
/// needs a bearer token, a <c>Linkedin-Version</c> of the last 12 months and <c>X-Restli-Protocol-Version: 2.0.0</c>.
/// </summary>
internal static partial class LinkedInApi
{
    /// <summary>An access token's life (60 days), as LinkedIn's <c>expires_in</c>.</summary>
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromDays(60);

    /// <summary>A refresh token's life from the consent (365 days), not extended by refreshing.</summary>
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(365);

    private const string Platform = FakePlatform.LinkedIn;
    private const int MaxPostsPage = 100;

    public static void MapLinkedIn(this WebApplication app)
    {
        var linkedin = app.MapGroup("/linkedin").Recorded(Version);
        linkedin.MapGet("/oauth/v2/authorization", (HttpContext context, FakeMetaState state) =>
            OAuth2Platforms.Consent(context, state, state.SignedIn(Platform), message => OAuthError(StatusCodes.Status400BadRequest, "invalid_request", message)));
        linkedin.MapPost("/oauth/v2/accessToken", AccessToken).Faulty(Failure);

        var rest = linkedin.MapGroup("/rest").Faulty(Failure).AddEndpointFilter((invocation, next) =>
            Check(invocation.HttpContext) is { } error ? ValueTask.FromResult<object?>(error) : next(invocation));
        rest.MapGet("/organizationalEntityShareStatistics", (HttpContext context, FakeMetaState state) =>
            Statistics(context, state, "organizationalEntity", (day, values, element) =>
            {
                var totals = new JsonObject();
                foreach (var field in (string[])["uniqueImpressionsCount", "shareCount", "clickCount", "likeCount", "impressionCount", "commentCount"])
                {
                    if (values.TryGetValue(field, out var v))
                    {
                        totals[field] = v;
                    }
                }

                var impressions = values.GetValueOrDefault("impressionCount");
                var engaged = values.GetValueOrDefault("clickCount") + values.GetValueOrDefault("likeCount") + values.GetValueOrDefault("commentCount") + values.GetValueOrDefault("shareCount");
                totals["engagement"] = impressions > 0 ? Math.Round(engaged / impressions, 6) : 0.0;
                totals["shareMentionsCount"] = 0;
                totals["commentMentionsCount"] = 0;
                element["totalShareStatistics"] = totals;
                return true;
            }));
        rest.MapGet("/organizationalEntityFollowerStatistics", (HttpContext context, FakeMetaState state) =>
            Statistics(context, state, "organizationalEntity", (day, values, element) =>
            {
                if (!values.TryGetValue("organicFollowerGain", out var organic) && !values.ContainsKey("paidFollowerGain"))
                {
                    return false;
                }

                element["followerGains"] = new JsonObject
                {
                    ["organicFollowerGain"] = organic,
                    ["paidFollowerGain"] = values.GetValueOrDefault("paidFollowerGain"),
                };
                return true;
            }));
        rest.MapGet("/organizationPageStatistics", (HttpContext context, FakeMetaState state) =>
            Statistics(context, state, "organization", (day, values, element) =>
            {
                if (!values.TryGetValue("allPageViews", out var views))
                {
                    return false;
                }

                element["totalPageStatistics"] = new JsonObject
                {
                    ["views"] = new JsonObject
                    {
                        ["allPageViews"] = new JsonObject { ["pageViews"] = views, ["uniquePageViews"] = Math.Round(views * 0.6) },
                    },
                    ["clicks"] = new JsonObject(),
                };
                return true;
            }));
        rest.MapGet("/networkSizes/{urn}", NetworkSize);
        rest.MapGet("/posts", Posts);
        linkedin.Map("/{**rest}", (HttpContext context) => Error(StatusCodes.Status404NotFound, "NOT_FOUND", $"No virtual resource found: {context.Request.Path}"));
    }

    /// <summary>LinkedIn's error body, <c>{"status","code","message"}</c> (plus <c>serviceErrorCode</c> for token errors).</summary>
    public static IResult Error(int status, string code, string message, int? serviceErrorCode = null)
    {
        var body = new JsonObject { ["status"] = status };
        if (serviceErrorCode is { } service)
        {
            body["serviceErrorCode"] = service;
        }

        body["code"] = code;
        body["message"] = message;
        return Graph.Body(body, status);
    }

    private static IResult OAuthError(int status, string error, string description) =>
        Graph.Body(new JsonObject { ["error"] = error, ["error_description"] = description }, status);

    private static IResult Failure(int status) => Error(status, "INTERNAL_SERVER_ERROR", "Internal Server Error");

    private static string? Version(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/linkedin/rest") && context.Request.Headers.TryGetValue("Linkedin-Version", out var v) ? v.ToString() : null;

    /// <summary>The checks of every <c>/rest</c> call: token, version headers, the daily quota, the organization's throttle.</summary>
    private static IResult? Check(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<FakeMetaState>();
        if (!state.AcceptAnyToken)
        {
            if (OAuth2Platforms.Bearer(context) is not { } token)
            {
                return Error(StatusCodes.Status401Unauthorized, "EMPTY_ACCESS_TOKEN", "Empty oauth2 access token", 65604);
            }

            if (!state.CheckToken(token, out var expiredAt))
            {
                return expiredAt is null
                    ? Error(StatusCodes.Status401Unauthorized, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600)
                    : Error(StatusCodes.Status401Unauthorized, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65601);
            }
        }

        if (Version(context) is not { Length: > 0 } version)
        {
            return Error(StatusCodes.Status400BadRequest, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
        }

        if (!IsActive(version, state.Today))
        {
            return Error(StatusCodes.Status426UpgradeRequired, "NONEXISTENT_VERSION", $"Requested version {version} is not active");
        }

        if (context.Request.Headers["X-Restli-Protocol-Version"].ToString() != "2.0.0")
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", "This API is served with Rest.li protocol 2.0.0 only: send X-Restli-Protocol-Version: 2.0.0.");
        }

        if (!state.TakeQuota(Platform))
        {
            return Throttled();
        }

        return OrganizationOf(context) is { } organization && state.TakeThrottle(Platform, organization) is not null ? Throttled() : null;
    }

    private static IResult Throttled() =>
        Error(StatusCodes.Status429TooManyRequests, "TOO_MANY_REQUESTS", "Resource level throttle limit for calls to this resource is reached.");

    /// <summary>A version <c>YYYYMM</c> is active from its month for 12 months (LinkedIn sunsets versions after a year).</summary>
    private static bool IsActive(string version, DateOnly today)
    {
        if (version.Length != 6 || !int.TryParse(version[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(version[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            return false;
        }

        var months = ((today.Year * 12) + today.Month) - ((year * 12) + month);
        return months is >= 0 and < 12;
    }

    /// <summary>The organization a request is about (the finder's entity, the network size's URN, the posts' author).</summary>
    private static string? OrganizationOf(HttpContext context)
    {
        foreach (var name in (string[])["organizationalEntity", "organization", "author"])
        {
            if (OAuth2Platforms.Param(context, name) is { } urn)
            {
                return OrganizationId(urn);
            }
        }

        return context.Request.RouteValues.TryGetValue("urn", out var value) ? OrganizationId(value?.ToString()) : null;
    }

    private static string? OrganizationId(string? urn) =>
        urn is not null && OrganizationUrn().Match(urn) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>
    /// A time-bound statistics finder: <c>q={finder}&amp;{finder}=urn:li:organization:{id}&amp;timeIntervals=(timeRange:(start:ms,end:ms),timeGranularityType:DAY)</c>.
    /// One element per day with data; <paramref name="fill"/> adds the day's statistics (false: the day has none).
    /// </summary>
    private static IResult Statistics(HttpContext context, FakeMetaState state, string finder, Func<DateOnly, Dictionary<string, double>, JsonObject, bool> fill)
    {
        if (OAuth2Platforms.Param(context, "q") != finder)
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", $"Invalid finder: use q={finder}.");
        }

        if (OrganizationId(OAuth2Platforms.Param(context, finder)) is not { } organization)
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", $"Invalid value for param {finder}: an organization URN, urn:li:organization:{{id}}.");
        }

        // Rest.li 2.0 reads the structure of timeIntervals from its raw ( : , characters; encoded ones are not structure.
        var raw = RawParam(context.Request.QueryString.Value, "timeIntervals");
        if (raw is null)
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", "The fake serves time-bound statistics only: send timeIntervals.");
        }

        if (raw.Contains('%', StringComparison.Ordinal) || TimeIntervals().Match(raw) is not { Success: true } interval)
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", $"Invalid Rest.li 2.0 value of timeIntervals: {raw}. Send (timeRange:(start:{{ms}},end:{{ms}}),timeGranularityType:DAY) with ( ) : , unencoded.");
        }

        var start = long.Parse(interval.Groups["start"].Value, CultureInfo.InvariantCulture);
        var end = long.Parse(interval.Groups["end"].Value, CultureInfo.InvariantCulture);
        if (interval.Groups["granularity"].Value != "DAY")
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", "The fake serves timeGranularityType DAY only.");
        }

        if (end - start < TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", "The time range of DAY granularity must span at least one day (end - start >= 86400000).");
        }

        var today = state.Today;
        if (start < Milliseconds(today.AddMonths(-12)))
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", "The time range must start within the past 12 months.");
        }

        _ = state.Since(Platform, organization); // registers an organization seen first here
        var urn = $"urn:li:organization:{organization}";
        var elements = new JsonArray();
        for (var day = Day(start); Milliseconds(day) < end && day < today; day = day.AddDays(1))
        {
            if (state.Values(Platform, organization, day) is not { } values)
            {
                continue;
            }

            var element = new JsonObject
            {
                [finder] = urn,
                ["timeRange"] = new JsonObject { ["start"] = Milliseconds(day), ["end"] = Milliseconds(day.AddDays(1)) },
            };
            if (fill(day, values, element))
            {
                elements.Add(element);
            }
        }

        return Graph.Ok(new JsonObject
        {
            ["paging"] = new JsonObject { ["count"] = 10, ["start"] = 0, ["links"] = new JsonArray() },
            ["elements"] = elements,
        });
    }

    private static IResult NetworkSize(HttpContext context, string urn, FakeMetaState state)
    {
        if (OrganizationId(urn) is not { } organization)
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", $"Invalid organization URN {urn}.");
        }

        if (OAuth2Platforms.Param(context, "edgeType") is not ("COMPANY_FOLLOWED_BY_MEMBER" or "CompanyFollowedByMember"))
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", "Invalid edgeType: use COMPANY_FOLLOWED_BY_MEMBER.");
        }

        return Graph.Ok(new JsonObject { ["firstDegreeSize"] = state.Latest(Platform, organization, "firstDegreeSize") });
    }

    /// <summary>The organization's posts, newest first, paged by <c>start</c>/<c>count</c> with a <c>next</c> link.</summary>
    private static IResult Posts(HttpContext context, FakeMetaState state)
    {
        if (OAuth2Platforms.Param(context, "q") != "author" || OrganizationId(OAuth2Platforms.Param(context, "author")) is not { } organization)
        {
            return Error(StatusCodes.Status400BadRequest, "ILLEGAL_ARGUMENT", "Use the author finder: q=author&author=urn:li:organization:{id}.");
        }

        var count = int.TryParse(OAuth2Platforms.Param(context, "count"), CultureInfo.InvariantCulture, out var c) && c > 0 ? Math.Min(c, MaxPostsPage) : 10;
        var start = int.TryParse(OAuth2Platforms.Param(context, "start"), CultureInfo.InvariantCulture, out var s) && s >= 0 ? s : 0;
        var urn = $"urn:li:organization:{organization}";
        var all = new List<(DateOnly Day, int Index)>();
        for (var day = state.Today.AddDays(-1); day >= state.FirstDay(Platform, organization); day = day.AddDays(-1))
        {
            var n = state.Values(Platform, organization, day) is { } values && values.TryGetValue("posts", out var posts) ? (int)Math.Max(0, posts) : 0;
            for (var i = n - 1; i >= 0; i--)
            {
                all.Add((day, i));
            }
        }

        var elements = new JsonArray();
        foreach (var (day, i) in all.Skip(start).Take(count))
        {
            var published = Milliseconds(day) + (long)TimeSpan.FromHours(10 + (i % 14)).TotalMilliseconds;
            elements.Add(new JsonObject
            {
                ["id"] = $"urn:li:share:{organization}{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}{i.ToString(CultureInfo.InvariantCulture)}",
                ["author"] = urn,
                ["commentary"] = $"Post {(i + 1).ToString(CultureInfo.InvariantCulture)} of {Graph.Day(day)}",
                ["visibility"] = "PUBLIC",
                ["lifecycleState"] = "PUBLISHED",
                ["createdAt"] = published,
                ["publishedAt"] = published,
                ["lastModifiedAt"] = published,
                ["distribution"] = new JsonObject { ["feedDistribution"] = "MAIN_FEED", ["targetEntities"] = new JsonArray(), ["thirdPartyDistributionChannels"] = new JsonArray() },
                ["isReshareDisabledByAuthor"] = false,
            });
        }

        var links = new JsonArray();
        if (start + count < all.Count)
        {
            links.Add(new JsonObject
            {
                ["rel"] = "next",
                ["type"] = "application/json",
                ["href"] = string.Create(CultureInfo.InvariantCulture, $"/rest/posts?author={Uri.EscapeDataString(urn)}&count={count}&q=author&start={start + count}"),
            });
        }

        return Graph.Ok(new JsonObject
        {
            ["paging"] = new JsonObject { ["start"] = start, ["count"] = count, ["links"] = links },
            ["elements"] = elements,
        });
    }

    private static IResult AccessToken(HttpContext context, FakeMetaState state)
    {
        if (OAuth2Platforms.Param(context, "client_id") != state.Options.AppId || OAuth2Platforms.Param(context, "client_secret") != state.Options.AppSecret)
        {
            return OAuthError(StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed");
        }

        var now = state.Time.GetUtcNow();
        switch (OAuth2Platforms.Param(context, "grant_type"))
        {
            case "authorization_code":
            {
                var code = OAuth2Platforms.Param(context, "code") ?? "";
                if (state.RedeemCode(code, state.Options.AppId, OAuth2Platforms.Param(context, "redirect_uri") ?? "") is not null)
                {
                    return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.");
                }

                var issued = state.IssueTokens(Platform, state.CodeOwner(code), AccessLifetime, now + RefreshLifetime);
                return Tokens(issued.AccessToken, issued.RefreshToken, issued.RefreshExpiresAt, now);
            }

            case "refresh_token":
            {
                var refresh = OAuth2Platforms.Param(context, "refresh_token");
                if (state.RefreshGrantOf(Platform, refresh) is not { } grant)
                {
                    return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", "The provided authorization grant or refresh token is invalid, expired or revoked.");
                }

                // A new access token; the same refresh token, with what is left of its life.
                return Tokens(state.IssueAccessToken(Platform, grant.Owner, AccessLifetime), refresh!, grant.ExpiresAt, now);
            }

            default:
                return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", "A required parameter \"grant_type\" is missing or not supported.");
        }
    }

    private static IResult Tokens(string access, string refresh, DateTimeOffset refreshExpiresAt, DateTimeOffset now) => Graph.Ok(new JsonObject
    {
        ["access_token"] = access,
        ["expires_in"] = (long)AccessLifetime.TotalSeconds,
        ["refresh_token"] = refresh,
        ["refresh_token_expires_in"] = (long)(refreshExpiresAt - now).TotalSeconds,
        ["scope"] = "r_organization_social,rw_organization_admin",
    });

    /// <summary>A query parameter as sent, without decoding (null when absent).</summary>
    private static string? RawParam(string? query, string name)
    {
        foreach (var pair in (query ?? "").TrimStart('?').Split('&'))
        {
            if (pair.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return pair[(name.Length + 1)..];
            }
        }

        return null;
    }

    private static long Milliseconds(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static DateOnly Day(long milliseconds) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime);

    [GeneratedRegex(@"^urn:li:organization:(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex OrganizationUrn();

    [GeneratedRegex(
        @"^\((?:timeRange:\(start:(?<start>\d+),end:(?<end>\d+)\),timeGranularityType:(?<granularity>[A-Z]+)|timeGranularityType:(?<granularity>[A-Z]+),timeRange:\(start:(?<start>\d+),end:(?<end>\d+)\))\)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex TimeIntervals();
}
