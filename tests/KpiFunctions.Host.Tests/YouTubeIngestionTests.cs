using System.Net;
using System.Net.Http.Json;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Ingestion.YouTube;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static KpiFunctions.Host.Tests.Support.OAuth2Accounts;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The YouTube connector (Analytics API v2, Data API v3, Google OAuth) through the ingestion pipeline against the fake's
/// <c>/youtube</c> on Azurite: daily rows with values set by hand, subscribers, uploads paged, quota pauses and their
/// resumption, refresh tokens kept, <c>needs_reauth</c>, the 3-day re-read and the API versions.
/// </summary>
public sealed class YouTubeIngestionTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static DateOnly Day => IngestionFixture.LastCompleteDay.AddDays(-5);

    [Fact]
    public async Task DayWithValuesSetByHand_StoredUnderTheKpiInputNames_AndUploadsAsPosts()
    {
        var (clientId, accountId, channel, _) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        fixture.Fake.SetDay(FakePlatform.YouTube, channel, Day, new Dictionary<string, double?>
        {
            ["views"] = 5_000, ["likes"] = 120, ["comments"] = 15, ["shares"] = 9, ["subscribersGained"] = 30, ["subscribersLost"] = 4, ["posts"] = 2,
        });

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("succeeded", (string)run["outcome"]!);
        var row = (await fixture.RowsAsync(clientId, accountId))[Day];
        var expected = new Dictionary<string, double>
        {
            ["video_views"] = 5_000, ["likes"] = 120, ["comments"] = 15, ["shares"] = 9, ["followers_gained"] = 30, ["followers_lost"] = 4, ["posts"] = 2,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), row.OrderBy(p => p.Key));

        // The day's likes and comments split over its two videos, the first taking the remainder: 60 + 8, 60 + 7.
        var posts = await fixture.PostsAsync(clientId, Day, Day);
        Assert.Equal([68d, 67d], posts.Select(p => p.Engagements));
        Assert.Equal([$"Video 1 of {Iso(Day)}", $"Video 2 of {Iso(Day)}"], posts.Select(p => p.Text));
        Assert.All(posts, p => Assert.StartsWith("https://www.youtube.com/watch?v=", p.Permalink, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribers_TheCountOfNow_OnTheLastCompleteDay()
    {
        var (clientId, accountId, channel, _) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1); // the fake's latest day
        fixture.Fake.SetDay(FakePlatform.YouTube, channel, yesterday, new Dictionary<string, double?> { ["subscriberCount"] = 2_468 });

        await fixture.FetchAsync(clientId, accountId);

        Assert.Equal(2_468, (await fixture.RowsAsync(clientId, accountId))[IngestionFixture.LastCompleteDay]["followers"]);
    }

    [Fact]
    public async Task ManyUploads_EveryPageOfThePlaylistFollowed_StatisticsInBatchesOf50()
    {
        var (clientId, accountId, channel, _) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        fixture.Fake.SetDay(FakePlatform.YouTube, channel, Day, new Dictionary<string, double?> { ["posts"] = 120, ["likes"] = 1_200 });
        fixture.Fake.ClearRequests();

        await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal(120, (await fixture.RowsAsync(clientId, accountId))[Day]["posts"]);
        var posts = await fixture.PostsAsync(clientId, Day, Day);
        Assert.Equal(120, posts.Count);
        Assert.All(posts, p => Assert.Equal(10, p.Likes));
        var pages = fixture.Fake.Requests.Where(r => r.Path.EndsWith("/playlistItems", StringComparison.Ordinal)).ToList();
        Assert.True(pages.Count >= 3, $"{pages.Count} pages"); // the newer days' uploads, then 120 at 50 a page
        Assert.All(pages.Skip(1), p => Assert.Contains("pageToken=", p.Query, StringComparison.Ordinal));
        Assert.Equal(3, fixture.Fake.Requests.Count(r => r.Path.EndsWith("/videos", StringComparison.Ordinal))); // 50 + 50 + 20
    }

    [Fact]
    public async Task QuotaExceeded_PausedUntilMidnightPacific_ThenResumes()
    {
        var (clientId, accountId, channel, _) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        fixture.Fake.SetDay(FakePlatform.YouTube, channel, Day, new Dictionary<string, double?> { ["views"] = 4_242 });
        fixture.Fake.ExceedYouTubeQuota(1);

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("throttled", (string)run["outcome"]!);
        Assert.Equal("throttled", (string)(await fixture.AccountAsync(clientId, accountId))["status"]!);
        // Google's daily quota resets at midnight in Los Angeles; the queue waits at most 6 hours at a time.
        var losAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var reset = TimeZoneInfo.ConvertTimeToUtc(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, losAngeles).Date.AddDays(1), losAngeles);
        Assert.Contains($"quotaExceeded", (string)run["error"]!, StringComparison.Ordinal);
        Assert.Contains($"{reset:yyyy-MM-dd HH:mm} UTC", (string)run["error"]!, StringComparison.Ordinal);
        var until = reset - DateTime.UtcNow < TimeSpan.FromHours(6) ? new DateTimeOffset(reset, TimeSpan.Zero) : DateTimeOffset.UtcNow.AddHours(6);
        Assert.InRange(ContinuesAt(run), until.AddMinutes(-1), until.AddMinutes(1));

        var resumed = await fixture.ContinueAsync(clientId, accountId, run);

        Assert.Equal("succeeded", (string)resumed["outcome"]!);
        Assert.Equal(4_242, (await fixture.RowsAsync(clientId, accountId))[Day]["video_views"]);
        Assert.Equal("connected", (string)(await fixture.AccountAsync(clientId, accountId))["status"]!);
    }

    [Fact]
    public async Task RateLimitExceeded_PausedAMinute()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        fixture.Fake.ExceedYouTubeQuota(1, "rateLimitExceeded");

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("throttled", (string)run["outcome"]!);
        Assert.Contains("rateLimitExceeded", (string)run["error"]!, StringComparison.Ordinal);
        Assert.InRange(ContinuesAt(run), DateTimeOffset.UtcNow.AddSeconds(30), DateTimeOffset.UtcNow.AddSeconds(90));
    }

    [Theory]
    [InlineData("2026-06-10T20:30:00Z", "2026-06-11T07:00:00Z")] // 13:30 PDT (UTC-7): midnight is 07:00 UTC
    [InlineData("2026-12-01T09:00:00Z", "2026-12-02T08:00:00Z")] // 01:00 PST (UTC-8) on 1 December: 23 hours to go
    [InlineData("2026-03-08T09:00:00Z", "2026-03-09T07:00:00Z")] // 01:00 PST on the day clocks go forward: the midnight after is PDT
    [InlineData("2026-06-11T07:00:00Z", "2026-06-12T07:00:00Z")] // exactly midnight: the next one
    public void QuotaReset_TheNextMidnightInPacificTime(string now, string reset) =>
        Assert.Equal(DateTimeOffset.Parse(reset, System.Globalization.CultureInfo.InvariantCulture), YouTubeConnector.QuotaReset(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task AccessTokenRefreshed_GoogleGivesNoNewRefreshToken_TheStoredOneKept()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        var refresh = fixture.Fake.IssueRefreshToken(FakePlatform.YouTube);
        var access = fixture.Fake.IssueToken();

        await fixture.StoreCredentialsAsync(clientId, accountId, access, refresh, DateTimeOffset.UtcNow.AddMinutes(20));

        var stored = await fixture.StoredTokensAsync(clientId, accountId);
        Assert.NotEqual(access, stored.AccessToken);
        Assert.StartsWith("ya29.", stored.AccessToken, StringComparison.Ordinal);
        Assert.Equal(refresh, stored.RefreshToken);
        Assert.True(fixture.Fake.IsRefreshTokenLive(refresh));
        Assert.InRange(stored.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal("succeeded", (string)(await fixture.AccountAsync(clientId, accountId))["lastRun"]!["outcome"]!);
    }

    [Fact]
    public async Task RefreshTokenRevokedAndAccessTokenExpired_NeedsReauthWithGooglesReason()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        var refresh = fixture.Fake.IssueRefreshToken(FakePlatform.YouTube);
        await fixture.StoreCredentialsAsync(clientId, accountId, fixture.Fake.IssueToken(), refresh, DateTimeOffset.UtcNow.AddDays(8));
        await fixture.ExpireStoredAccessTokenAsync(clientId, accountId);
        fixture.Fake.RevokeRefreshToken(refresh);

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("needs_reauth", (string)run["outcome"]!);
        var account = await fixture.AccountAsync(clientId, accountId);
        Assert.Equal("needs_reauth", (string)account["status"]!);
        Assert.Contains("Token has been expired or revoked", (string)account["statusReason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessTokenRefused_401_NeedsReauth()
    {
        var (clientId, accountId, _, token) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        fixture.Fake.ExpireToken(token);

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("needs_reauth", (string)run["outcome"]!);
        Assert.Contains("401", (string)(await fixture.AccountAsync(clientId, accountId))["statusReason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LateRevisionWithinTheThreeDayReread_ReplacedWithoutDuplicates()
    {
        var (clientId, accountId, channel, _) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        var last = IngestionFixture.LastCompleteDay;
        var revised = last.AddDays(-2); // YouTube revises its recent days: the last three are read again
        var before = (await fixture.RowsAsync(clientId, accountId)).Count;
        fixture.Fake.SetDay(FakePlatform.YouTube, channel, revised, new Dictionary<string, double?> { ["views"] = 9_876, ["likes"] = 321 });

        var run = await fixture.FetchAsync(clientId, accountId);

        Assert.Equal(Iso(last.AddDays(-2)), (string)run["from"]!);
        var rows = await fixture.RowsAsync(clientId, accountId);
        Assert.Equal(9_876, rows[revised]["video_views"]);
        Assert.Equal(321, rows[revised]["likes"]);
        Assert.Equal(before, rows.Count);
    }

    [Fact]
    public async Task OAuth_ConsentOffline_ConnectsWithARefreshToken()
    {
        var clientId = TestIds.New("ytoauth");
        (await fixture.Admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "YouTube OAuth", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        (await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/yt", new { platform = "youtube", externalId = "UCfake0000000000000000001" })).EnsureSuccessStatusCode();

        using var connect = await fixture.Admin.PostAsync($"/api/v1/clients/{clientId}/accounts/yt/connect", null);
        var authorize = new Uri((string)(await Api.ReadObjectAsync(connect))["authorizeUrl"]!);
        Assert.StartsWith($"{fixture.Fake.BaseUrl}youtube/o/oauth2/v2/auth?", authorize.ToString(), StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("offline", query["access_type"].ToString());
        Assert.Equal("consent", query["prompt"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
        var callback = new UriBuilder(consent.Headers.Location!) { Host = fixture.Server.BaseAddress.Host, Port = fixture.Server.BaseAddress.Port }.Uri;
        using var page = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("connected", (string)(await fixture.AccountAsync(clientId, "yt"))["status"]!);
        var tokens = await fixture.StoredTokensAsync(clientId, "yt");
        Assert.StartsWith("1//", tokens.RefreshToken, StringComparison.Ordinal);
        Assert.True(fixture.Fake.IsRefreshTokenLive(tokens.RefreshToken!));
    }

    [Fact]
    public async Task ConfiguredApiVersion_IsTheAnalyticsPathSegmentSent()
    {
        var options = new PlatformOptions();
        YouTubeConnector.Defaults(options);
        options.BaseUrl = $"{fixture.Fake.BaseUrl}youtube/analytics";
        options.DataBaseUrl = $"{fixture.Fake.BaseUrl}youtube/data";
        options.ApiVersion = "v3";
        var connector = new YouTubeConnector(fixture.Server.Services.GetRequiredService<IHttpClientFactory>(), new FixedOptions<PlatformOptions>(options), TimeProvider.System);
        var account = new ConnectedAccount("c", "a", "youtube", "UCversion", "Versions", "UTC");
        fixture.Fake.ClearRequests();

        await connector.FetchAsync(
            new FetchContext(account, fixture.Fake.IssueToken(), new RawResponses(fixture.Server.Services.GetRequiredService<Blobs>(), account, "run"), Day),
            new DateRange(Day, Day), CancellationToken.None);

        var request = Assert.Single(fixture.Fake.Requests, r => r.Path.StartsWith("/youtube/analytics/", StringComparison.Ordinal));
        Assert.Equal("/youtube/analytics/v3/reports", request.Path);
        Assert.Equal("v3", request.Version);
    }

    [Fact]
    public async Task EveryRequest_CarriesTheApiVersions_AnalyticsV2AndDataV3()
    {
        fixture.Fake.ClearRequests();
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.YouTube);
        await fixture.FetchAsync(clientId, accountId, Day, Day);

        var analytics = fixture.Fake.Requests.Where(r => r.Path.StartsWith("/youtube/analytics/", StringComparison.Ordinal)).ToList();
        var data = fixture.Fake.Requests.Where(r => r.Path.StartsWith("/youtube/data/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(analytics);
        Assert.NotEmpty(data);
        Assert.All(analytics, r => Assert.Equal("v2", r.Version));
        Assert.All(data, r => Assert.Equal("v3", r.Version));
    }
}
