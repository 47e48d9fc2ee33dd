using System.Net;
using System.Net.Http.Json;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Ingestion.X;
using KpiFunctions.App.Storage;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static KpiFunctions.Host.Tests.Support.OAuth2Accounts;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The X connector (API v2) through the ingestion pipeline against the fake's <c>/x</c> on Azurite: posts summed per
/// account-local day with values set by hand, paging, the rate-limit headers and 429, two-hour tokens refreshed with
/// rotating refresh tokens, <c>needs_reauth</c>, a plan without the endpoint, late revisions and the API version.
/// </summary>
public sealed class XIngestionTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static DateOnly Day => IngestionFixture.LastCompleteDay.AddDays(-5);

    [Fact]
    public async Task DayWithValuesSetByHand_PostsSummedUnderTheKpiInputNames_AndStoredAsPosts()
    {
        var (clientId, accountId, userId, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        fixture.Fake.SetDay(FakePlatform.X, userId, Day, new Dictionary<string, double?>
        {
            ["posts"] = 2, ["impression_count"] = 1_000, ["like_count"] = 50, ["reply_count"] = 9, ["retweet_count"] = 7, ["quote_count"] = 2,
            ["bookmark_count"] = 4, ["url_link_clicks"] = 30, ["user_profile_clicks"] = 12,
        });

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("succeeded", (string)run["outcome"]!);
        var row = (await fixture.RowsAsync(clientId, accountId))[Day];
        // The fake splits each total over the two posts; their sums are the totals again. Shares: 7 reposts + 2 quotes.
        var expected = new Dictionary<string, double>
        {
            ["posts"] = 2, ["impressions"] = 1_000, ["likes"] = 50, ["comments"] = 9, ["shares"] = 9, ["saves"] = 4,
            ["link_clicks"] = 30, ["profile_visits"] = 12,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), row.OrderBy(p => p.Key));

        // Post 0 takes each remainder: likes 25, replies 5, reposts 4 + quotes 1, bookmarks 2 = 37; post 1: 25 + 4 + 3 + 1 + 2 = 35.
        var posts = await fixture.PostsAsync(clientId, Day, Day);
        Assert.Equal([37d, 35d], posts.Select(p => p.Engagements));
        Assert.Equal([$"Post 1 of {Iso(Day)}", $"Post 2 of {Iso(Day)}"], posts.Select(p => p.Text));
        Assert.All(posts, p => Assert.StartsWith("https://x.com/i/web/status/", p.Permalink, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostsOfAUtcDay_CountedOnTheAccountLocalDayTheyWerePublished()
    {
        // Kiritimati is UTC+14: the fake's posts of UTC day D (from 10:00 UTC) are published on local day D+1.
        var (clientId, accountId, userId, _) = await fixture.ConnectedInZoneAsync(FakePlatform.X, "Pacific/Kiritimati");
        fixture.Fake.SetDay(FakePlatform.X, userId, Day, new Dictionary<string, double?> { ["posts"] = 1, ["like_count"] = 40 });
        fixture.Fake.SetDay(FakePlatform.X, userId, Day.AddDays(-1), new Dictionary<string, double?> { ["posts"] = 3, ["like_count"] = 6 });

        await fixture.FetchAsync(clientId, accountId, Day, Day.AddDays(1));

        var rows = await fixture.RowsAsync(clientId, accountId);
        Assert.Equal(40, rows[Day.AddDays(1)]["likes"]);
        Assert.Equal(1, rows[Day.AddDays(1)]["posts"]);
        Assert.Equal(6, rows[Day]["likes"]);
        Assert.Equal(3, rows[Day]["posts"]);
    }

    [Fact]
    public async Task MoreThanAPageOfPosts_EveryPageFollowed()
    {
        var (clientId, accountId, userId, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        fixture.Fake.SetDay(FakePlatform.X, userId, Day, new Dictionary<string, double?> { ["posts"] = 150, ["like_count"] = 1_000 });
        fixture.Fake.ClearRequests();

        await fixture.FetchAsync(clientId, accountId, Day, Day);

        var row = (await fixture.RowsAsync(clientId, accountId))[Day];
        Assert.Equal(150, row["posts"]);
        Assert.Equal(1_000, row["likes"]);
        var pages = fixture.Fake.Requests.Where(r => r.Path == $"/x/2/users/{userId}/tweets").ToList();
        Assert.Equal(2, pages.Count); // 100 + 50
        Assert.DoesNotContain("pagination_token", pages[0].Query, StringComparison.Ordinal);
        Assert.Contains("pagination_token=", pages[1].Query, StringComparison.Ordinal);
        Assert.Equal(150, (await fixture.PostsAsync(clientId, Day, Day)).Count);
    }

    [Fact]
    public async Task Followers_TheCountOfNow_OnTheLastCompleteDay()
    {
        var (clientId, accountId, userId, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1); // the fake's latest day
        fixture.Fake.SetDay(FakePlatform.X, userId, yesterday, new Dictionary<string, double?> { ["followers_count"] = 4_321 });

        await fixture.FetchAsync(clientId, accountId);

        Assert.Equal(4_321, (await fixture.RowsAsync(clientId, accountId))[IngestionFixture.LastCompleteDay]["followers"]);
    }

    [Fact]
    public async Task PostsOlderThan30Days_LinkAndProfileClicksMissingNotZero()
    {
        var (clientId, accountId, userId, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        var old = IngestionFixture.LastCompleteDay.AddDays(-40);
        fixture.Fake.SetDay(FakePlatform.X, userId, old, new Dictionary<string, double?>
        {
            ["posts"] = 1, ["impression_count"] = 500, ["like_count"] = 8, ["url_link_clicks"] = 30, ["user_profile_clicks"] = 5,
        });
        fixture.Fake.SetDay(FakePlatform.X, userId, old.AddDays(1), new Dictionary<string, double?> { ["posts"] = 0 });
        fixture.Fake.SetDay(FakePlatform.X, userId, Day, new Dictionary<string, double?> { ["posts"] = 0 });

        await fixture.FetchAsync(clientId, accountId, old, Day);

        var rows = await fixture.RowsAsync(clientId, accountId);
        // X gives link and profile clicks only for posts of the last 30 days: an older day does not have them.
        Assert.Equal(500, rows[old]["impressions"]);
        Assert.Equal(8, rows[old]["likes"]);
        Assert.DoesNotContain("link_clicks", rows[old].Keys);
        Assert.DoesNotContain("profile_visits", rows[old].Keys);
        // A day without posts has nothing to sum: 0, but link clicks only where X would still give them.
        Assert.Equal(0, rows[old.AddDays(1)]["likes"]);
        Assert.DoesNotContain("link_clicks", rows[old.AddDays(1)].Keys);
        Assert.Equal(0, rows[Day]["link_clicks"]);
        Assert.Equal(0, rows[Day]["posts"]);
    }

    [Fact]
    public async Task RateLimitRemainingZero_PausesUntilTheResetWithoutAskingAgain()
    {
        var (clientId, accountId, userId, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        fixture.Fake.XRateLimit(userId, remaining: 1, resetIn: TimeSpan.FromMinutes(10));
        fixture.Fake.ClearRequests();

        // The posts call takes the window's last call (x-rate-limit-remaining: 0); the followers call would be a 429.
        var run = await fixture.FetchAsync(clientId, accountId, Day, IngestionFixture.LastCompleteDay);

        Assert.Equal("throttled", (string)run["outcome"]!);
        Assert.Single(fixture.Fake.Requests, r => r.Path.StartsWith($"/x/2/users/{userId}", StringComparison.Ordinal));
        Assert.Contains("x-rate-limit-remaining: 0", (string)run["error"]!, StringComparison.Ordinal);
        Assert.InRange(ContinuesAt(run), DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));
        Assert.Equal("throttled", (string)(await fixture.AccountAsync(clientId, accountId))["status"]!);
        var queue = fixture.Server.Services.GetRequiredService<Queues>().Get(Queues.IngestAccount);
        Assert.Empty((await queue.ReceiveMessagesAsync(32)).Value); // it waits on the queue, invisible
    }

    [Fact]
    public async Task RateLimitPause_ResumesOnceTheWindowResets()
    {
        var (clientId, accountId, userId, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        fixture.Fake.SetDay(FakePlatform.X, userId, Day, new Dictionary<string, double?> { ["posts"] = 1, ["like_count"] = 321 });
        fixture.Fake.XRateLimit(userId, remaining: 1, resetIn: TimeSpan.FromSeconds(3));
        var run = await fixture.FetchAsync(clientId, accountId, Day, IngestionFixture.LastCompleteDay);
        Assert.Equal("throttled", (string)run["outcome"]!);

        await Task.Delay(TimeSpan.FromSeconds(4)); // past x-rate-limit-reset: a new window
        var resumed = await fixture.ContinueAsync(clientId, accountId, run);

        Assert.Equal("succeeded", (string)resumed["outcome"]!);
        Assert.Equal(321, (await fixture.RowsAsync(clientId, accountId))[Day]["likes"]);
        Assert.Equal("connected", (string)(await fixture.AccountAsync(clientId, accountId))["status"]!);
    }

    [Fact]
    public async Task TooManyRequests_ThrottledUntilXRateLimitReset()
    {
        var (clientId, accountId, userId, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        fixture.Fake.XRateLimit(userId, remaining: 0, resetIn: TimeSpan.FromMinutes(12));

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("throttled", (string)run["outcome"]!);
        Assert.Contains("429", (string)run["error"]!, StringComparison.Ordinal);
        Assert.InRange(ContinuesAt(run), DateTimeOffset.UtcNow.AddMinutes(11), DateTimeOffset.UtcNow.AddMinutes(13));
    }

    [Fact]
    public async Task AccessTokenOfTwoHours_RefreshedBeforeEveryFetch_EachRotatedRefreshTokenSaved()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        var first = fixture.Fake.IssueRefreshToken(FakePlatform.X);

        await fixture.StoreCredentialsAsync(clientId, accountId, fixture.Fake.IssueToken(), first, DateTimeOffset.UtcNow.AddMinutes(30));

        var stored = await fixture.StoredTokensAsync(clientId, accountId);
        Assert.False(fixture.Fake.IsRefreshTokenLive(first)); // X used it up...
        Assert.NotEqual(first, stored.RefreshToken); // ...and the new one was saved
        Assert.True(fixture.Fake.IsRefreshTokenLive(stored.RefreshToken!));
        Assert.InRange(stored.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(110), DateTimeOffset.UtcNow.AddMinutes(121));
        Assert.Equal("succeeded", (string)(await fixture.AccountAsync(clientId, accountId))["lastRun"]!["outcome"]!);

        // The next fetch refreshes with the saved one (a lost rotation would fail here), and saves the next.
        fixture.Fake.ClearRequests();
        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("succeeded", (string)run["outcome"]!);
        Assert.Contains(fixture.Fake.Requests, r => r.Method == "POST" && r.Path == "/x/2/oauth2/token");
        var next = await fixture.StoredTokensAsync(clientId, accountId);
        Assert.False(fixture.Fake.IsRefreshTokenLive(stored.RefreshToken!));
        Assert.True(fixture.Fake.IsRefreshTokenLive(next.RefreshToken!));
        Assert.NotEqual(stored.AccessToken, next.AccessToken);
    }

    [Fact]
    public async Task RefreshFailsWhileTheAccessTokenStillWorks_NothingOverwritten_FetchGoesOn()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        var refresh = fixture.Fake.IssueRefreshToken(FakePlatform.X);
        var access = fixture.Fake.IssueToken();

        // The token endpoint is down through every retry of the refresh the fetch starts with.
        await fixture.StoreCredentialsAsync(clientId, accountId, access, refresh, DateTimeOffset.UtcNow.AddMinutes(30), drain: false);
        fixture.Fake.FailNext(4, 503);
        await fixture.DrainAsync();

        var stored = await fixture.StoredTokensAsync(clientId, accountId);
        Assert.Equal(access, stored.AccessToken);
        Assert.Equal(refresh, stored.RefreshToken);
        Assert.True(fixture.Fake.IsRefreshTokenLive(refresh));
        Assert.Equal("succeeded", (string)(await fixture.AccountAsync(clientId, accountId))["lastRun"]!["outcome"]!);

        // Refused (revoked): the stored tokens stay too, and the still valid access token fetches.
        fixture.Fake.RevokeRefreshToken(refresh);
        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("succeeded", (string)run["outcome"]!);
        Assert.Equal(refresh, (await fixture.StoredTokensAsync(clientId, accountId)).RefreshToken);
    }

    [Fact]
    public async Task AccessTokenExpired_RefreshDown_RunFailsAndIsRetried_NotNeedsReauth()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        var refresh = fixture.Fake.IssueRefreshToken(FakePlatform.X);
        await fixture.StoreCredentialsAsync(clientId, accountId, fixture.Fake.IssueToken(), refresh, DateTimeOffset.UtcNow.AddDays(8));
        await fixture.ExpireStoredAccessTokenAsync(clientId, accountId);
        var before = await fixture.StoredTokensAsync(clientId, accountId);

        fixture.Fake.FailNext(4, 503);
        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("failed", (string)run["outcome"]!);
        var account = await fixture.AccountAsync(clientId, accountId);
        Assert.Equal("failing", (string)account["status"]!);
        Assert.Contains("refreshing it failed", (string)account["statusReason"]!, StringComparison.Ordinal);
        Assert.Equal(before.RefreshToken, (await fixture.StoredTokensAsync(clientId, accountId)).RefreshToken);
        Assert.True(fixture.Fake.IsRefreshTokenLive(refresh));

        // The next run refreshes and fetches.
        var again = await fixture.FetchAsync(clientId, accountId, Day, Day);
        Assert.Equal("succeeded", (string)again["outcome"]!);
    }

    [Fact]
    public async Task RefreshRefusedAndAccessTokenExpired_NeedsReauth_TheClientsOtherAccountStillFetched()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        var refresh = fixture.Fake.IssueRefreshToken(FakePlatform.X);
        await fixture.StoreCredentialsAsync(clientId, accountId, fixture.Fake.IssueToken(), refresh, DateTimeOffset.UtcNow.AddDays(8));
        await fixture.ExpireStoredAccessTokenAsync(clientId, accountId);
        fixture.Fake.RevokeRefreshToken(refresh);
        await AddFacebookAccountAsync(clientId);

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);
        var facebook = await fixture.FetchAsync(clientId, "fb-main", Day, Day);

        Assert.Equal("needs_reauth", (string)run["outcome"]!);
        var account = await fixture.AccountAsync(clientId, accountId);
        Assert.Equal("needs_reauth", (string)account["status"]!);
        Assert.Contains("Value passed for the token was invalid", (string)account["statusReason"]!, StringComparison.Ordinal);
        Assert.Equal("succeeded", (string)facebook["outcome"]!);
    }

    [Fact]
    public async Task AccessTokenRevoked_401_NeedsReauth()
    {
        var (clientId, accountId, _, token) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        fixture.Fake.RevokeToken(token);

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("needs_reauth", (string)run["outcome"]!);
        var account = await fixture.AccountAsync(clientId, accountId);
        Assert.Equal("needs_reauth", (string)account["status"]!);
        Assert.Contains("401", (string)account["statusReason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanWithoutTheEndpoint_AccountFailingWithAReasonToAct_TheClientsOtherAccountStillFetched()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        await AddFacebookAccountAsync(clientId);
        fixture.Fake.XEnrolled(false);
        try
        {
            var run = await fixture.FetchAsync(clientId, accountId, Day, Day);
            var facebook = await fixture.FetchAsync(clientId, "fb-main", Day, Day);

            Assert.Equal("failed", (string)run["outcome"]!);
            var account = await fixture.AccountAsync(clientId, accountId);
            Assert.Equal("failing", (string)account["status"]!);
            Assert.Equal(
                "Your X API plan does not include GET /2/users/:id/tweets (client-not-enrolled): upgrade the plan or disconnect the account.",
                (string)account["statusReason"]!);
            Assert.Equal("succeeded", (string)facebook["outcome"]!);
        }
        finally
        {
            fixture.Fake.XEnrolled(true);
        }
    }

    [Fact]
    public async Task LateRevisionWithinTheWeekReread_ReplacedWithoutDuplicates()
    {
        var (clientId, accountId, userId, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        var last = IngestionFixture.LastCompleteDay;
        var revised = last.AddDays(-6); // inside X's 7-day re-read: its posts' counts keep growing
        var before = (await fixture.RowsAsync(clientId, accountId)).Count;
        fixture.Fake.SetDay(FakePlatform.X, userId, revised, new Dictionary<string, double?> { ["posts"] = 1, ["like_count"] = 777 });

        var run = await fixture.FetchAsync(clientId, accountId);

        Assert.Equal(Iso(last.AddDays(-6)), (string)run["from"]!);
        var rows = await fixture.RowsAsync(clientId, accountId);
        Assert.Equal(777, rows[revised]["likes"]);
        Assert.Equal(before, rows.Count);
    }

    [Fact]
    public async Task OAuth_ConsentWithPkceAndOfflineAccess_ConnectsWithATwoHourTokenAndARefreshToken()
    {
        var clientId = TestIds.New("xoauth");
        (await fixture.Admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "X OAuth", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        (await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/x", new { platform = "x", externalId = "2244994945" })).EnsureSuccessStatusCode();

        using var connect = await fixture.Admin.PostAsync($"/api/v1/clients/{clientId}/accounts/x/connect", null);
        var authorize = new Uri((string)(await Api.ReadObjectAsync(connect))["authorizeUrl"]!);
        Assert.StartsWith($"{fixture.Fake.BaseUrl}x/i/oauth2/authorize?", authorize.ToString(), StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Contains("offline.access", query["scope"].ToString().Split(' '));

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
        var callback = new UriBuilder(consent.Headers.Location!) { Host = fixture.Server.BaseAddress.Host, Port = fixture.Server.BaseAddress.Port }.Uri;
        using var page = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("connected", (string)(await fixture.AccountAsync(clientId, "x"))["status"]!);
        var tokens = await fixture.StoredTokensAsync(clientId, "x");
        Assert.NotNull(tokens.RefreshToken);
        Assert.True(fixture.Fake.IsRefreshTokenLive(tokens.RefreshToken));
        Assert.InRange(tokens.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(110), DateTimeOffset.UtcNow.AddMinutes(121));
    }

    [Fact]
    public async Task EveryRequest_CarriesApiVersion2()
    {
        fixture.Fake.ClearRequests();
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.X);
        await fixture.StoreCredentialsAsync(clientId, accountId, fixture.Fake.IssueToken(), fixture.Fake.IssueRefreshToken(FakePlatform.X), DateTimeOffset.UtcNow.AddHours(1));

        var requests = fixture.Fake.Requests.Where(r => r.Path.StartsWith("/x/", StringComparison.Ordinal)).ToList();
        Assert.Contains(requests, r => r.Path.EndsWith("/oauth2/token", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Path.EndsWith("/tweets", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Equal("2", r.Version));
        Assert.All(requests, r => Assert.StartsWith("/x/2/", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredApiVersion_IsThePathSegmentSent()
    {
        var options = new PlatformOptions();
        XConnector.Defaults(options);
        options.BaseUrl = $"{fixture.Fake.BaseUrl}x";
        options.ApiVersion = "3";
        var connector = new XConnector(fixture.Server.Services.GetRequiredService<IHttpClientFactory>(), new FixedOptions<PlatformOptions>(options), TimeProvider.System);
        fixture.Fake.ClearRequests();

        await connector.CheckTokenAsync(fixture.Fake.IssueToken(), "2244994945", CancellationToken.None);

        var request = Assert.Single(fixture.Fake.Requests);
        Assert.Equal("/x/3/users/me", request.Path);
        Assert.Equal("3", request.Version);
    }

    private async Task AddFacebookAccountAsync(string clientId)
    {
        using var put = await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/fb-main", new { platform = "facebook", externalId = "5150" });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        await fixture.StoreTokenAsync(clientId, "fb-main", fixture.Fake.IssueToken());
        await fixture.DrainAsync();
    }
}
