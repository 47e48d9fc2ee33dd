using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Host.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// LinkedIn Pages against the fake LinkedIn on Azurite: the statistics mapped with values set by hand, data fetched up
/// to two days ago with a week re-read, posts paged, the version headers, the refresh token's end warned, a refused
/// token, OAuth. The daily quota's pause until midnight UTC is in <see cref="LinkedInQuotaTests"/>.
/// </summary>
public sealed class LinkedInIngestionTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    /// <summary>LinkedIn's last complete day: two days ago (its data settles a day later than the others').</summary>
    private static DateOnly Last => IngestionFixture.LastCompleteDay.AddDays(-1);

    private static DateOnly Day => Last.AddDays(-5);

    [Fact]
    public async Task Statistics_DaysWithValuesSetByHand_StoredUnderTheKpiInputNames()
    {
        // No generated data: the days hold only what is set here.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var account = await fixture.ConnectAsync(FakePlatform.LinkedIn, since: today.AddDays(1));
        fixture.Fake.SetDay(FakePlatform.LinkedIn, account.ExternalId, Day, new Dictionary<string, double?>
        {
            ["impressionCount"] = 1_200, ["uniqueImpressionsCount"] = 800, ["clickCount"] = 40, ["likeCount"] = 30, ["commentCount"] = 6,
            ["shareCount"] = 4, ["organicFollowerGain"] = 9, ["paidFollowerGain"] = 2, ["allPageViews"] = 55, ["posts"] = 2,
        });

        // A day that lost more followers than it won: LinkedIn gives the net gain only (-5 organic + 1 paid).
        fixture.Fake.SetDay(FakePlatform.LinkedIn, account.ExternalId, Day.AddDays(1), new Dictionary<string, double?>
        {
            ["impressionCount"] = 300, ["uniqueImpressionsCount"] = null, ["organicFollowerGain"] = -5, ["paidFollowerGain"] = 1, ["posts"] = 0,
        });

        // The follower total is known as of now (the fake's latest): it is stored on the last complete day.
        fixture.Fake.SetDay(FakePlatform.LinkedIn, account.ExternalId, today.AddDays(-1), new Dictionary<string, double?> { ["firstDegreeSize"] = 4_321 });

        var run = await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Last);

        Assert.Equal("succeeded", (string)run["outcome"]!);
        var rows = await fixture.RowsAsync(account.ClientId, account.AccountId);
        var expected = new Dictionary<string, double>
        {
            ["impressions"] = 1_200, ["reach"] = 800, ["clicks"] = 40, ["likes"] = 30, ["comments"] = 6, ["shares"] = 4,
            ["followers_gained"] = 11, ["profile_visits"] = 55, ["posts"] = 2,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), rows[Day].OrderBy(p => p.Key));
        Assert.Equal(4, rows[Day.AddDays(1)]["followers_lost"]);
        Assert.False(rows[Day.AddDays(1)].ContainsKey("followers_gained"));
        Assert.False(rows[Day.AddDays(1)].ContainsKey("reach")); // not sent for the day: missing, not 0
        Assert.Equal(300, rows[Day.AddDays(1)]["impressions"]);
        Assert.Equal(0, rows[Day.AddDays(1)]["posts"]);
        Assert.Equal(4_321, rows[Last]["followers"]);
        Assert.False(rows[Day].ContainsKey("followers"));
    }

    [Fact]
    public async Task Fetch_DataSettlesLate_UpToTwoDaysAgo_AndAWeekReadAgainWithItsRevisions()
    {
        var account = await fixture.ConnectAsync(FakePlatform.LinkedIn);
        Assert.Equal(Last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string)(await fixture.AccountAsync(account.ClientId, account.AccountId))["syncedThrough"]!);
        var before = await fixture.RowsAsync(account.ClientId, account.AccountId);
        var revised = Last.AddDays(-6); // the first day of the 7-day re-read
        fixture.Fake.SetDay(FakePlatform.LinkedIn, account.ExternalId, revised, new Dictionary<string, double?> { ["impressionCount"] = 4_321 });
        fixture.Fake.ClearRequests();

        var run = await fixture.FetchAsync(account.ClientId, account.AccountId);

        Assert.Equal(revised.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string)run["from"]!);
        var rows = await fixture.RowsAsync(account.ClientId, account.AccountId);
        Assert.Equal(4_321, rows[revised]["impressions"]);
        Assert.NotEqual(4_321, before[revised]["impressions"]);
        Assert.Equal(before.Count, rows.Count);

        // Every statistics call asks for whole UTC days, from the re-read's first day up to (not into) yesterday.
        var statistics = fixture.Fake.Requests.Where(r => r.Path.Contains("Statistics", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, statistics.Count);
        Assert.All(statistics, r =>
        {
            Assert.Equal(revised, OAuth2Accounts.Day(OAuth2Accounts.Number(r.Query, "start")!.Value));
            Assert.Equal(Last.AddDays(1), OAuth2Accounts.Day(OAuth2Accounts.Number(r.Query, "end")!.Value));
            Assert.Contains("timeGranularityType:DAY", r.Query, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task EveryApiRequest_CarriesTheConfiguredVersionAndTheRestliProtocol()
    {
        var account = await fixture.ConnectAsync(FakePlatform.LinkedIn);
        fixture.Fake.ClearRequests();

        await fixture.FetchAsync(account.ClientId, account.AccountId, Last.AddDays(-2), Last);

        var api = fixture.Fake.Requests.Where(r => r.Path.StartsWith("/linkedin/rest/", StringComparison.Ordinal)).ToList();
        Assert.Contains(api, r => r.Path.EndsWith("/organizationalEntityShareStatistics", StringComparison.Ordinal));
        Assert.Contains(api, r => r.Path.Contains("/networkSizes/", StringComparison.Ordinal));
        Assert.Contains(api, r => r.Path.EndsWith("/posts", StringComparison.Ordinal));
        Assert.All(api, r => Assert.Equal(IngestionFixture.LinkedInVersion, r.Version));

        // The fake refuses a call without X-Restli-Protocol-Version: 2.0.0, so the fetch above sent it; and an old version.
        using var http = new HttpClient();
        using var noProtocol = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Fake.BaseUrl, $"linkedin/rest/networkSizes/urn%3Ali%3Aorganization%3A{account.ExternalId}?edgeType=COMPANY_FOLLOWED_BY_MEMBER"));
        noProtocol.Headers.Authorization = new("Bearer", account.Tokens.AccessToken);
        noProtocol.Headers.Add("Linkedin-Version", IngestionFixture.LinkedInVersion);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(noProtocol)).StatusCode);
        using var sunset = new HttpRequestMessage(HttpMethod.Get, noProtocol.RequestUri);
        sunset.Headers.Authorization = new("Bearer", account.Tokens.AccessToken);
        sunset.Headers.Add("Linkedin-Version", DateTime.UtcNow.AddMonths(-13).ToString("yyyyMM", CultureInfo.InvariantCulture));
        sunset.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        Assert.Equal(HttpStatusCode.UpgradeRequired, (await http.SendAsync(sunset)).StatusCode);
    }

    [Fact]
    public async Task Posts_MoreThanAPage_EveryPageReadAndCountedOnTheirDay()
    {
        var account = await fixture.ConnectAsync(FakePlatform.LinkedIn);
        fixture.Fake.SetDay(FakePlatform.LinkedIn, account.ExternalId, Day, new Dictionary<string, double?> { ["posts"] = 130 });
        fixture.Fake.SetDay(FakePlatform.LinkedIn, account.ExternalId, Day.AddDays(1), new Dictionary<string, double?> { ["posts"] = 1 });
        fixture.Fake.ClearRequests();

        var run = await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Day);

        Assert.Equal("succeeded", (string)run["outcome"]!);
        Assert.Equal(130, (await fixture.RowsAsync(account.ClientId, account.AccountId))[Day]["posts"]);
        var pages = fixture.Fake.Requests.Where(r => r.Path == "/linkedin/rest/posts").Select(r => QueryHelpers.ParseQuery(r.Query)).ToList();
        Assert.True(pages.Count >= 2);
        Assert.All(pages, q => Assert.Equal("100", q["count"].ToString()));
        Assert.Contains(pages, q => q.TryGetValue("start", out var start) && start == "100");
    }

    [Fact]
    public async Task TokenExpiringSoon_RefreshedWithTheSameRefreshToken_ItsEndWarnedOnTheAccountAndTheRun()
    {
        // The refresh token ends in 20 days (365 days after the consent, not extended by use); the access token in 2.
        var account = await fixture.ConnectAsync(FakePlatform.LinkedIn, refreshLifetime: TimeSpan.FromDays(20), expiresAt: DateTimeOffset.UtcNow.AddDays(2));
        var ends = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20));

        var stored = await fixture.StoredTokensAsync(account.ClientId, account.AccountId);
        Assert.NotEqual(account.Tokens.AccessToken, stored.AccessToken);
        Assert.True(stored.ExpiresAt > DateTimeOffset.UtcNow.AddDays(59)); // LinkedIn's 60-day access tokens
        Assert.Equal(account.Tokens.RefreshToken, stored.RefreshToken);
        Assert.InRange(stored.RefreshExpiresAt!.Value, account.Tokens.RefreshExpiresAt.AddMinutes(-1), account.Tokens.RefreshExpiresAt.AddMinutes(1));

        var state = await fixture.AccountAsync(account.ClientId, account.AccountId);
        Assert.Equal("connected", (string)state["status"]!);
        Assert.Contains($"refresh token ends on {ends:yyyy-MM-dd}", (string)state["statusReason"]!, StringComparison.Ordinal);
        Assert.Equal("succeeded", (string)state["lastRun"]!["outcome"]!);
        Assert.Contains(state["lastRun"]!["warnings"]!.AsArray(), w => ((string)w!).Contains($"refresh token ends on {ends:yyyy-MM-dd}", StringComparison.Ordinal));

        // The next run needs no refresh, and still warns: the stored end is kept.
        var run = await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Day);
        Assert.Contains(run["warnings"]!.AsArray(), w => ((string)w!).Contains("refresh token ends on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedRefresh_KeepsTheStoredTokens_AndALaterOneSavesTheNewAccessToken()
    {
        var account = await fixture.ConnectAsync(FakePlatform.LinkedIn);
        await fixture.StoreTokensAsync(account.ClientId, account.AccountId, account.Tokens.AccessToken, account.Tokens.RefreshToken, DateTimeOffset.UtcNow.AddDays(3));

        // The token endpoint was down through every retry: nothing stored changes, the fetch goes on with the old token.
        fixture.Fake.FailNext(4, 503);
        await fixture.DrainAsync();
        var kept = await fixture.StoredTokensAsync(account.ClientId, account.AccountId);
        Assert.Equal(account.Tokens.AccessToken, kept.AccessToken);
        Assert.Equal(account.Tokens.RefreshToken, kept.RefreshToken);
        Assert.Equal("succeeded", (string)(await fixture.AccountAsync(account.ClientId, account.AccountId))["lastRun"]!["outcome"]!);

        await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Day);
        var refreshed = await fixture.StoredTokensAsync(account.ClientId, account.AccountId);
        Assert.NotEqual(account.Tokens.AccessToken, refreshed.AccessToken);
        Assert.Equal(account.Tokens.RefreshToken, refreshed.RefreshToken);
    }

    [Fact]
    public async Task ExpiredToken_WithoutAWorkingRefreshToken_NeedsReauthWithLinkedInsReason()
    {
        var account = await fixture.ConnectAsync(FakePlatform.LinkedIn);
        fixture.Fake.ExpireToken(account.Tokens.AccessToken);
        fixture.Fake.RevokeRefreshToken(account.Tokens.RefreshToken);

        var run = await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Day);

        Assert.Equal("needs_reauth", (string)run["outcome"]!);
        var state = await fixture.AccountAsync(account.ClientId, account.AccountId);
        Assert.Equal("needs_reauth", (string)state["status"]!);
        Assert.Contains("expired", (string)state["statusReason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OAuth_ConsentThenCallback_StoresTheRefreshTokenAndItsEnd()
    {
        var clientId = TestIds.New("li");
        (await fixture.Admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "LinkedIn", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        (await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/li", new { platform = "linkedin", externalId = "2414183" })).EnsureSuccessStatusCode();

        using var connect = await fixture.Admin.PostAsync($"/api/v1/clients/{clientId}/accounts/li/connect", null);
        var authorize = new Uri((string)(await Api.ReadObjectAsync(connect))["authorizeUrl"]!);
        Assert.StartsWith($"{fixture.Fake.BaseUrl}linkedin/oauth/v2/authorization?", authorize.ToString(), StringComparison.Ordinal);
        Assert.Equal("r_organization_social rw_organization_admin", QueryHelpers.ParseQuery(authorize.Query)["scope"].ToString());

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
        var callback = new UriBuilder(consent.Headers.Location!) { Host = fixture.Server.BaseAddress.Host, Port = fixture.Server.BaseAddress.Port }.Uri;
        using var page = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("connected", (string)(await fixture.AccountAsync(clientId, "li"))["status"]!);
        var stored = await fixture.StoredTokensAsync(clientId, "li");
        Assert.NotNull(stored.RefreshToken);
        Assert.InRange(stored.RefreshExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366));
        Assert.InRange(stored.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(59), DateTimeOffset.UtcNow.AddDays(61));
    }
}
