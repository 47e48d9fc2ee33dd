using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Storage;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Host.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// Pinterest against the fake Pinterest on Azurite: the analytics mapped with values set by hand, a day not ready yet
/// kept open, pins paged by bookmark, 89 days back in 30-day requests on v5, the rate limit's reset, the refresh token
/// rotated (saved as soon as it is issued, never when the refresh fails), a token of another account, OAuth with Basic auth.
/// </summary>
public sealed partial class PinterestIngestionTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static DateOnly Last => IngestionFixture.LastCompleteDay;

    private static DateOnly Day => Last.AddDays(-5);

    private static DateOnly TodayUtc => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Analytics_DayWithValuesSetByHand_StoredUnderTheKpiInputNames()
    {
        // No generated data: the days hold only what is set here.
        var account = await fixture.ConnectAsync(FakePlatform.Pinterest, since: TodayUtc.AddDays(1));
        fixture.Fake.SetDay(FakePlatform.Pinterest, account.ExternalId, Day, new Dictionary<string, double?>
        {
            ["IMPRESSION"] = 900, ["TOTAL_AUDIENCE"] = 600, ["SAVE"] = 21, ["PIN_CLICK"] = 33, ["OUTBOUND_CLICK"] = 12,
            ["VIDEO_START"] = 70, ["PROFILE_VISIT"] = 15, ["posts"] = 2,
        });
        fixture.Fake.SetDay(FakePlatform.Pinterest, account.ExternalId, TodayUtc.AddDays(-1), new Dictionary<string, double?> { ["follower_count"] = 2_500 });

        var run = await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Last);

        Assert.Equal("succeeded", (string)run["outcome"]!);
        var rows = await fixture.RowsAsync(account.ClientId, account.AccountId);
        var expected = new Dictionary<string, double>
        {
            ["impressions"] = 900, ["reach"] = 600, ["saves"] = 21, ["clicks"] = 33, ["link_clicks"] = 12, ["video_views"] = 70,
            ["profile_visits"] = 15, ["posts"] = 2,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), rows[Day].OrderBy(p => p.Key));
        Assert.Equal(2_500, rows[Last]["followers"]); // the follower total as of now, on the last complete day
        Assert.Equal(0, rows[Day.AddDays(1)]["posts"]);
        Assert.False(rows[Day.AddDays(1)].ContainsKey("impressions")); // no data: missing, not 0
    }

    [Fact]
    public async Task DayNotReady_StoredButLeftOpen_FetchedAgainUntilReady()
    {
        var user = OAuth2Accounts.NewExternalId(FakePlatform.Pinterest);
        fixture.Fake.SetDataStatus(FakePlatform.Pinterest, user, Last, "PROCESSING");
        fixture.Fake.SetDay(FakePlatform.Pinterest, user, Last, new Dictionary<string, double?> { ["IMPRESSION"] = 100 });

        var account = await fixture.ConnectAsync(FakePlatform.Pinterest, externalId: user);

        var state = await fixture.AccountAsync(account.ClientId, account.AccountId);
        Assert.Equal("succeeded", (string)state["lastRun"]!["outcome"]!);
        Assert.Equal(Text(Last.AddDays(-1)), (string)state["syncedThrough"]!); // the day is stored, but not final
        Assert.Equal(100, (await fixture.RowsAsync(account.ClientId, account.AccountId))[Last]["impressions"]);

        // Pinterest finishes the day with another value: the next run reads it again (and the 3-day lookback before it).
        fixture.Fake.SetDataStatus(FakePlatform.Pinterest, user, Last, null);
        fixture.Fake.SetDay(FakePlatform.Pinterest, user, Last, new Dictionary<string, double?> { ["IMPRESSION"] = 150 });
        var run = await fixture.FetchAsync(account.ClientId, account.AccountId);

        Assert.Equal(Text(Last.AddDays(-3)), (string)run["from"]!);
        Assert.Equal(150, (await fixture.RowsAsync(account.ClientId, account.AccountId))[Last]["impressions"]);
        Assert.Equal(Text(Last), (string)(await fixture.AccountAsync(account.ClientId, account.AccountId))["syncedThrough"]!);
    }

    [Fact]
    public async Task LookbackWindow_ValueRevisedByPinterest_ReplacedWithoutDuplicates()
    {
        var account = await fixture.ConnectAsync(FakePlatform.Pinterest);
        var before = await fixture.RowsAsync(account.ClientId, account.AccountId);
        var revised = Last.AddDays(-2);
        fixture.Fake.SetDay(FakePlatform.Pinterest, account.ExternalId, revised, new Dictionary<string, double?> { ["IMPRESSION"] = 4_321 });

        var run = await fixture.FetchAsync(account.ClientId, account.AccountId);

        Assert.Equal(Text(revised), (string)run["from"]!);
        var rows = await fixture.RowsAsync(account.ClientId, account.AccountId);
        Assert.Equal(4_321, rows[revised]["impressions"]);
        Assert.NotEqual(4_321, before[revised]["impressions"]);
        Assert.Equal(before.Count, rows.Count);
    }

    [Fact]
    public async Task Pins_MoreThanAPage_PagedByBookmarkAndCountedOnTheirDay()
    {
        var account = await fixture.ConnectAsync(FakePlatform.Pinterest);
        fixture.Fake.SetDay(FakePlatform.Pinterest, account.ExternalId, Day, new Dictionary<string, double?> { ["posts"] = 130 });
        fixture.Fake.ClearRequests();

        await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Day);

        Assert.Equal(130, (await fixture.RowsAsync(account.ClientId, account.AccountId))[Day]["posts"]);
        var pages = fixture.Fake.Requests.Where(r => r.Path == "/pinterest/v5/pins").Select(r => QueryHelpers.ParseQuery(r.Query)).ToList();
        Assert.True(pages.Count >= 2);
        Assert.False(pages[0].ContainsKey("bookmark"));
        Assert.All(pages.Skip(1), q => Assert.False(string.IsNullOrEmpty(q["bookmark"])));
    }

    [Fact]
    public async Task Backfill_AtMost89DaysBack_In30DayRequests_AllOnV5()
    {
        fixture.Fake.ClearRequests();
        var account = await fixture.ConnectAsync(FakePlatform.Pinterest);

        var analytics = fixture.Fake.Requests.Where(r => r.Path == "/pinterest/v5/user_account/analytics").Select(r => QueryHelpers.ParseQuery(r.Query)).ToList();
        Assert.Equal(3, analytics.Count); // 87 days: 30 + 30 + 27
        Assert.All(analytics, q =>
        {
            var start = DateOnly.ParseExact(q["start_date"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var end = DateOnly.ParseExact(q["end_date"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.InRange(end.DayNumber - start.DayNumber + 1, 1, 30);
            Assert.True(start >= TodayUtc.AddDays(-89));
            Assert.Equal("NO_SPLIT", q["split_field"].ToString());
        });
        Assert.All(fixture.Fake.Requests.Where(r => r.Path.StartsWith("/pinterest/", StringComparison.Ordinal)), r => Assert.Equal("v5", r.Version));

        // Older days than Pinterest keeps are not asked for: their pins are counted, with a warning.
        fixture.Fake.ClearRequests();
        var old = await fixture.FetchAsync(account.ClientId, account.AccountId, Last.AddDays(-120), Last.AddDays(-100));
        Assert.Equal("partial", (string)old["outcome"]!);
        Assert.Contains(old["warnings"]!.AsArray(), w => ((string)w!).Contains("keeps analytics for 90 days", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Fake.Requests, r => r.Path == "/pinterest/v5/user_account/analytics");
    }

    [Fact]
    public async Task RateLimited_WaitsForTheResetItsHeadersName_ThenContinues()
    {
        var account = await fixture.ConnectAsync(FakePlatform.Pinterest);
        fixture.Fake.Throttle(FakePlatform.Pinterest, account.ExternalId, requests: 1, minutesToRegain: 3);

        var run = await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Day);

        Assert.Equal("throttled", (string)run["outcome"]!);
        var until = DateTimeOffset.ParseExact(ContinuingAfter().Match((string)run["error"]!).Groups[1].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(until, DateTimeOffset.UtcNow.AddMinutes(2), DateTimeOffset.UtcNow.AddMinutes(3.5)); // X-RateLimit-Reset: 180
        Assert.Equal("throttled", (string)(await fixture.AccountAsync(account.ClientId, account.AccountId))["status"]!);

        var job = fixture.Server.Services.GetRequiredService<IngestAccountJob>();
        await job.RunAsync(new IngestAccountMessage(account.ClientId, account.AccountId, (string)run["id"]!, Day, Day, Attempt: 2), CancellationToken.None);

        var resumed = await fixture.Admin.GetOkAsync($"/api/v1/clients/{account.ClientId}/accounts/{account.AccountId}/runs/{(string)run["id"]!}");
        Assert.Equal("succeeded", (string)resumed["outcome"]!);
        Assert.Equal("connected", (string)(await fixture.AccountAsync(account.ClientId, account.AccountId))["status"]!);
    }

    [Fact]
    public async Task Refresh_RotatesTheRefreshToken_SavedAsSoonAsIssued_NeverWhenTheRefreshFails()
    {
        var account = await fixture.ConnectAsync(FakePlatform.Pinterest);
        await fixture.StoreTokensAsync(account.ClientId, account.AccountId, account.Tokens.AccessToken, account.Tokens.RefreshToken, DateTimeOffset.UtcNow.AddDays(2));

        // The token endpoint was down through every retry: the stored tokens stay, the fetch goes on with the old one.
        fixture.Fake.FailNext(4, 503);
        await fixture.DrainAsync();
        var kept = await fixture.StoredTokensAsync(account.ClientId, account.AccountId);
        Assert.Equal(account.Tokens.AccessToken, kept.AccessToken);
        Assert.Equal(account.Tokens.RefreshToken, kept.RefreshToken);
        Assert.Equal("succeeded", (string)(await fixture.AccountAsync(account.ClientId, account.AccountId))["lastRun"]!["outcome"]!);

        // The refresh works and the fetch after it is throttled: the rotated refresh token is stored all the same.
        fixture.Fake.Throttle(FakePlatform.Pinterest, account.ExternalId, requests: 1);
        var run = await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Day);

        Assert.Equal("throttled", (string)run["outcome"]!);
        var rotated = await fixture.StoredTokensAsync(account.ClientId, account.AccountId);
        Assert.NotEqual(account.Tokens.AccessToken, rotated.AccessToken);
        Assert.NotEqual(account.Tokens.RefreshToken, rotated.RefreshToken);
        Assert.StartsWith("pinr_", rotated.RefreshToken, StringComparison.Ordinal);
        Assert.InRange(rotated.RefreshExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366));
        Assert.InRange(rotated.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));

        // Pinterest replaced the old refresh token: only the stored one works now.
        using var http = new HttpClient();
        using var refresh = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Fake.BaseUrl, "pinterest/v5/oauth/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = account.Tokens.RefreshToken }),
        };
        refresh.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("fake-app-id:fake-app-secret")));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(refresh)).StatusCode);
    }

    [Fact]
    public async Task TokenOfAnotherAccount_RefusedWhenStored_NothingSaved()
    {
        var account = await fixture.ConnectAsync(FakePlatform.Pinterest);
        var other = fixture.Fake.IssueTokens(FakePlatform.Pinterest, owner: "someone_else");

        using var response = await fixture.Admin.PutAsJsonAsync(
            $"/api/v1/clients/{account.ClientId}/accounts/{account.AccountId}/credentials", new { accessToken = other.AccessToken });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Contains("someone_else", string.Join(' ', errors["accessToken"]), StringComparison.Ordinal);
        Assert.Equal(account.Tokens.AccessToken, (await fixture.StoredTokensAsync(account.ClientId, account.AccountId)).AccessToken);
    }

    [Fact]
    public async Task ExpiredToken_RefreshTokenRevoked_NeedsReauthWithPinterestsReason()
    {
        var account = await fixture.ConnectAsync(FakePlatform.Pinterest);
        fixture.Fake.ExpireToken(account.Tokens.AccessToken);
        fixture.Fake.RevokeRefreshToken(account.Tokens.RefreshToken);

        var run = await fixture.FetchAsync(account.ClientId, account.AccountId, Day, Day);

        Assert.Equal("needs_reauth", (string)run["outcome"]!);
        var state = await fixture.AccountAsync(account.ClientId, account.AccountId);
        Assert.Equal("needs_reauth", (string)state["status"]!);
        Assert.Contains("Authentication failed", (string)state["statusReason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OAuth_ConsentOfTheSignedInAccount_CodeExchangedWithBasicAuth_Connected()
    {
        var user = OAuth2Accounts.NewExternalId(FakePlatform.Pinterest);
        var clientId = TestIds.New("pin");
        (await fixture.Admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "Pinterest", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        (await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/pin", new { platform = "pinterest", externalId = user })).EnsureSuccessStatusCode();
        fixture.Fake.SignIn(FakePlatform.Pinterest, user);
        try
        {
            using var connect = await fixture.Admin.PostAsync($"/api/v1/clients/{clientId}/accounts/pin/connect", null);
            var authorize = new Uri((string)(await Api.ReadObjectAsync(connect))["authorizeUrl"]!);
            Assert.StartsWith($"{fixture.Fake.BaseUrl}pinterest/oauth/?", authorize.ToString(), StringComparison.Ordinal);
            Assert.Equal("user_accounts:read,pins:read,boards:read", QueryHelpers.ParseQuery(authorize.Query)["scope"].ToString());

            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var consent = await browser.GetAsync(authorize);
            Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
            var callback = new UriBuilder(consent.Headers.Location!) { Host = fixture.Server.BaseAddress.Host, Port = fixture.Server.BaseAddress.Port }.Uri;
            using var page = await browser.GetAsync(callback);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        finally
        {
            fixture.Fake.SignIn(FakePlatform.Pinterest, null);
        }

        // The fake's token endpoint takes the app's credentials as Basic auth only: the connection shows they were sent so.
        await fixture.DrainAsync();
        var account = await fixture.AccountAsync(clientId, "pin");
        Assert.Equal("connected", (string)account["status"]!);
        Assert.Equal("succeeded", (string)account["lastRun"]!["outcome"]!);
        var stored = await fixture.StoredTokensAsync(clientId, "pin");
        Assert.StartsWith("pinr_", stored.RefreshToken, StringComparison.Ordinal);
        Assert.InRange(stored.RefreshExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366));
    }

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Continuing after (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC", RegexOptions.CultureInvariant)]
    private static partial Regex ContinuingAfter();
}
