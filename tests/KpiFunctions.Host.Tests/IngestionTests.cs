using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Storage;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The ingestion pipeline against the fake Meta platforms on Azurite: each platform's mapping with values set by hand on
/// the fake, late revisions, a retired metric, throttling, token refresh and rejection, OAuth, isolation and secrecy.
/// </summary>
public sealed class IngestionTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static DateOnly Day => IngestionFixture.LastCompleteDay.AddDays(-5);

    [Fact]
    public async Task Facebook_DayWithValuesSetByHand_StoredUnderTheKpiInputNames()
    {
        var (clientId, accountId, pageId, _) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        fixture.Fake.SetDay(FakePlatform.Facebook, pageId, Day, new Dictionary<string, double?>
        {
            ["page_media_view"] = 1000, ["page_total_media_view_unique"] = 700, ["page_daily_follows_unique"] = 12,
            ["page_daily_unfollows_unique"] = 3, ["page_views_total"] = 45, ["page_video_views"] = 230, ["page_total_actions"] = 31,
            ["page_follows"] = 15_000, ["page_actions_post_reactions_total"] = 50, ["posts"] = 2, ["comments"] = 9, ["shares"] = 5,
        });

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("succeeded", (string)run["outcome"]!);
        var row = (await fixture.RowsAsync(clientId, accountId))[Day];
        // Reactions arrive as {"like": 40, "love": 10}: 50 likes. Two posts split 9 comments (5 + 4) and 5 shares (3 + 2).
        var expected = new Dictionary<string, double>
        {
            ["impressions"] = 1000, ["reach"] = 700, ["followers_gained"] = 12, ["followers_lost"] = 3, ["profile_visits"] = 45,
            ["video_views"] = 230, ["clicks"] = 31, ["followers"] = 15_000, ["likes"] = 50, ["posts"] = 2, ["comments"] = 9, ["shares"] = 5,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), row.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Instagram_DayWithValuesSetByHand_OneTotalPerDayNeverSummedTwice()
    {
        var (clientId, accountId, igId, _) = await fixture.ConnectedAccountAsync(FakePlatform.Instagram);
        fixture.Fake.SetDay(FakePlatform.Instagram, igId, Day, new Dictionary<string, double?>
        {
            ["reach"] = 800, ["views"] = 2_000, ["likes"] = 90, ["comments"] = 11, ["shares"] = 4, ["saves"] = 13,
            ["profile_views"] = 27, ["website_clicks"] = 8, ["follows_and_unfollows:FOLLOWER"] = 17, ["follows_and_unfollows:NON_FOLLOWER"] = 20,
            ["posts"] = 1,
        });

        await fixture.FetchAsync(clientId, accountId, Day.AddDays(-1), Day.AddDays(1));

        var row = (await fixture.RowsAsync(clientId, accountId))[Day];
        var expected = new Dictionary<string, double>
        {
            ["reach"] = 800, ["impressions"] = 2_000, ["likes"] = 90, ["comments"] = 11, ["shares"] = 4, ["saves"] = 13,
            ["profile_visits"] = 27, ["clicks"] = 8, ["followers_gained"] = 17, ["followers_lost"] = 20, ["posts"] = 1,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), row.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task MetaAds_PurchaseListedUnderThreeActionTypes_CountedOnce()
    {
        var (clientId, accountId, adAccount, _) = await fixture.ConnectedAccountAsync(FakePlatform.MetaAds);
        fixture.Fake.SetDay(FakePlatform.MetaAds, adAccount, Day, new Dictionary<string, double?>
        {
            ["spend"] = 123.45, ["impressions"] = 5_000, ["clicks"] = 80, ["inline_link_clicks"] = 60, ["conversions"] = 7, ["revenue"] = 2_100.5,
        });

        await fixture.FetchAsync(clientId, accountId, Day, Day);

        var row = (await fixture.RowsAsync(clientId, accountId))[Day];
        var expected = new Dictionary<string, double>
        {
            ["spend"] = 123.45, ["paid_impressions"] = 5_000, ["impressions"] = 5_000, ["paid_clicks"] = 80, ["link_clicks"] = 60,
            ["conversions"] = 7, ["revenue"] = 2_100.5,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), row.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task MetaAds_LongBackfill_GoesThroughAsyncJobsSplitWhenTheyFail()
    {
        var (clientId, accountId, adAccount, _) = await fixture.ConnectedAccountAsync(FakePlatform.MetaAds);
        var from = IngestionFixture.LastCompleteDay.AddDays(-79);
        fixture.Fake.SetDay(FakePlatform.MetaAds, adAccount, from, new Dictionary<string, double?> { ["spend"] = 11.11 });
        fixture.Fake.FailAsyncJobsLongerThan(45);
        try
        {
            fixture.Fake.ClearRequests();
            var run = await fixture.FetchAsync(clientId, accountId, from, IngestionFixture.LastCompleteDay);

            Assert.Equal("succeeded", (string)run["outcome"]!);
            var rows = await fixture.RowsAsync(clientId, accountId);
            Assert.Equal(11.11, rows[from]["spend"]);
            Assert.Equal(80, rows.Keys.Count(d => d >= from));
            // One 80-day job failed and was split in two 40-day jobs.
            Assert.Equal(3, fixture.Fake.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/insights", StringComparison.Ordinal)));
        }
        finally
        {
            fixture.Fake.FailAsyncJobsLongerThan(null);
        }
    }

    [Fact]
    public async Task LookbackWindow_ValueRevisedByThePlatform_ReplacedWithoutDuplicates()
    {
        var (clientId, accountId, pageId, _) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        var last = IngestionFixture.LastCompleteDay;
        var revised = last.AddDays(-2); // inside Facebook's 3-day lookback
        var before = (await fixture.RowsAsync(clientId, accountId)).Count;
        fixture.Fake.SetDay(FakePlatform.Facebook, pageId, revised, new Dictionary<string, double?> { ["page_media_view"] = 4_321 });

        var run = await fixture.FetchAsync(clientId, accountId);

        // syncedThrough was the last complete day: the run goes back 3 days (the lookback) and no further.
        Assert.Equal(last.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string)run["from"]!);
        var rows = await fixture.RowsAsync(clientId, accountId);
        Assert.Equal(4_321, rows[revised]["impressions"]);
        Assert.Equal(before, rows.Count);
        Assert.Equal(last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string)(await fixture.AccountAsync(clientId, accountId))["syncedThrough"]!);
    }

    [Fact]
    public async Task NewConnection_BackfillsThirteenMonths_AndMissingDaysStayMissing()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);

        var rows = await fixture.RowsAsync(clientId, accountId);

        var last = IngestionFixture.LastCompleteDay;
        Assert.Equal(last.AddDays(-395), rows.Keys.Min());
        Assert.Equal(last, rows.Keys.Max());
        var account = await fixture.AccountAsync(clientId, accountId);
        Assert.Equal("connected", (string)account["status"]!);
        Assert.Equal("succeeded", (string)account["lastRun"]!["outcome"]!);
    }

    [Fact]
    public async Task RetiredMetric_SkippedWithAWarning_EveryOtherMetricFetched()
    {
        var (clientId, accountId, pageId, _) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        fixture.Fake.SetDay(FakePlatform.Facebook, pageId, Day, new Dictionary<string, double?> { ["page_media_view"] = 999, ["page_video_views"] = 77 });
        var before = (await fixture.RowsAsync(clientId, accountId))[Day];
        fixture.Fake.RetireMetric(FakePlatform.Facebook, "page_video_views");
        try
        {
            var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

            Assert.Equal("partial", (string)run["outcome"]!);
            Assert.Contains(run["warnings"]!.AsArray(), w => ((string)w!).Contains("page_video_views", StringComparison.Ordinal));
            var row = (await fixture.RowsAsync(clientId, accountId))[Day];
            Assert.Equal(999, row["impressions"]);
            Assert.Equal(before["video_views"], row["video_views"]); // not overwritten with 0: the platform did not send it
        }
        finally
        {
            fixture.Fake.RestoreMetric(FakePlatform.Facebook, "page_video_views");
        }
    }

    [Fact]
    public async Task Throttled_AccountShowsThrottled_RetryEnqueuedWithDelay_ThenResumes()
    {
        var (clientId, accountId, pageId, _) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        fixture.Fake.Throttle(FakePlatform.Facebook, pageId, requests: 1, code: 17, minutesToRegain: 2);

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("throttled", (string)run["outcome"]!);
        Assert.Null(run["finishedAt"]);
        Assert.Equal("throttled", (string)(await fixture.AccountAsync(clientId, accountId))["status"]!);

        // The retry waits on the queue (invisible) for the two minutes Meta asked for.
        var queue = fixture.Server.Services.GetRequiredService<Queues>().Get(Queues.IngestAccount);
        Assert.Empty((await queue.ReceiveMessagesAsync(32)).Value);
        Assert.True((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount >= 1);

        // Run as the queue will hand it over once visible: attempt 2 of the same run.
        var job = fixture.Server.Services.GetRequiredService<IngestAccountJob>();
        await job.RunAsync(new IngestAccountMessage(clientId, accountId, (string)run["id"]!, Day, Day, Attempt: 2), CancellationToken.None);
        var resumed = await fixture.Admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/{accountId}/runs/{(string)run["id"]!}");
        Assert.Equal("succeeded", (string)resumed["outcome"]!);
        Assert.Equal("connected", (string)(await fixture.AccountAsync(clientId, accountId))["status"]!);
    }

    [Fact]
    public async Task ExpiredToken_OneAccountNeedsReauth_TheClientsOtherAccountStillFetched()
    {
        var (clientId, accountId, _, token) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        using (var put = await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/ig-main", new { platform = "instagram", externalId = "178414000" }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        await fixture.StoreTokenAsync(clientId, "ig-main", fixture.Fake.IssueToken());
        fixture.Fake.ExpireToken(token);

        await fixture.FetchAsync(clientId, accountId);
        var igRun = await fixture.FetchAsync(clientId, "ig-main", Day, Day);

        var facebook = await fixture.AccountAsync(clientId, accountId);
        Assert.Equal("needs_reauth", (string)facebook["status"]!);
        Assert.Contains("190", (string)facebook["statusReason"]!, StringComparison.Ordinal);
        Assert.Equal("succeeded", (string)igRun["outcome"]!);
        Assert.Contains(Day, (await fixture.RowsAsync(clientId, "ig-main")).Keys);

        // No fetch is started for it until someone reconnects it.
        using var fetch = await fixture.Admin.PostAsync($"/api/v1/clients/{clientId}/accounts/{accountId}/fetch", null);
        Assert.Equal(HttpStatusCode.Conflict, fetch.StatusCode);
    }

    [Fact]
    public async Task TokenExpiringSoon_RefreshedBeforeTheFetch_RotatedTokenSaved_FailedRefreshKeepsTheOldOne()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        var soon = fixture.Fake.IssueToken();
        await fixture.StoreTokenAsync(clientId, accountId, soon, DateTimeOffset.UtcNow.AddDays(2));
        var stored = await StoredTokenAsync(clientId, accountId);

        // The refresh failed (the platform was down through every retry): the stored token stays, the fetch goes on.
        fixture.Fake.FailNext(4, 503);
        await fixture.DrainAsync();
        Assert.Equal("succeeded", (string)(await fixture.AccountAsync(clientId, accountId))["lastRun"]!["outcome"]!);
        Assert.Equal(stored.AccessToken, (await StoredTokenAsync(clientId, accountId)).AccessToken);

        fixture.Fake.ClearRequests();
        await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Contains(fixture.Fake.Requests, r => r.Path.EndsWith("/oauth/access_token", StringComparison.Ordinal) && r.Query.Contains("fb_exchange_token", StringComparison.Ordinal));
        var rotated = await StoredTokenAsync(clientId, accountId);
        Assert.NotEqual(stored.AccessToken, rotated.AccessToken);
        Assert.True(rotated.ExpiresAt > DateTimeOffset.UtcNow.AddDays(50)); // Meta's 60-day tokens
    }

    [Fact]
    public async Task Credentials_TokenThePlatformRejects_400NamingTheFieldAndNothingSaved()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        var before = await StoredTokenAsync(clientId, accountId);

        using var response = await fixture.Admin.PutAsJsonAsync(
            $"/api/v1/clients/{clientId}/accounts/{accountId}/credentials", new { accessToken = "EAAnot-a-token-the-platform-issued" });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Contains("accessToken", errors.Keys);
        Assert.DoesNotContain("EAAnot-a-token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.AccessToken, (await StoredTokenAsync(clientId, accountId)).AccessToken);
    }

    [Theory]
    [InlineData("{\"platform\":\"myspace\",\"externalId\":\"1\"}", "platform")]
    [InlineData("{\"platform\":\"other\",\"externalId\":\"1\"}", "platform")]
    [InlineData("{\"platform\":\"facebook\"}", "externalId")]
    [InlineData("{\"platform\":\"facebook\",\"externalId\":\"12\\n\"}", "externalId")]
    [InlineData("{\"platform\":\"facebook\",\"externalId\":\"12/..\"}", "externalId")]
    [InlineData("{\"platform\":\"facebook\",\"externalId\":\"12\",\"timeZone\":\"Mars/Olympus\"}", "timeZone")]
    [InlineData("{\"platform\":\"facebook\",\"externalId\":\"12\",\"name\":\"a\\nb\"}", "name")]
    public async Task PutAccount_BadField_400NamingItAndNothingSaved(string body, string field)
    {
        var clientId = await NewClientAsync();

        using var response = await fixture.Admin.PutAsync(
            $"/api/v1/clients/{clientId}/accounts/main", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains(field, (await Api.AssertValidationProblemAsync(response)).Keys);
        Assert.Empty((await fixture.Admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts"))["accounts"]!.AsArray());
    }

    [Fact]
    public async Task PutAccount_IdOfPushedRowsOfAnotherPlatform_409()
    {
        var clientId = await NewClientAsync();
        await fixture.Admin.PushOkAsync(clientId, Api.Row("2026-01-05", "shop", "other", ("total_sessions", 10)));

        using var response = await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/shop", new { platform = "facebook", externalId = "123" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task OAuth_ConsentThenCallback_ConnectsWithPkce_AlteredStateRefused()
    {
        var clientId = await NewClientAsync();
        (await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/fb", new { platform = "facebook", externalId = "4242" })).EnsureSuccessStatusCode();

        using var connect = await fixture.Admin.PostAsync($"/api/v1/clients/{clientId}/accounts/fb/connect", null);
        var authorize = new Uri((string)(await Api.ReadObjectAsync(connect))["authorizeUrl"]!);
        Assert.StartsWith($"{fixture.Fake.BaseUrl}{IngestionFixture.ApiVersion}/dialog/oauth?", authorize.ToString(), StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(43, query["code_challenge"].ToString().Length);

        // The platform's consent page sends the browser back to the callback (the configured public address).
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
        var callback = new UriBuilder(consent.Headers.Location!) { Host = fixture.Server.BaseAddress.Host, Port = fixture.Server.BaseAddress.Port }.Uri;
        var altered = new Uri(callback.ToString().Replace("state=", "state=x", StringComparison.Ordinal));

        using var refused = await browser.GetAsync(altered);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var page = await browser.GetAsync(callback);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("4242", html, StringComparison.Ordinal);
        Assert.Equal("connected", (string)(await fixture.AccountAsync(clientId, "fb"))["status"]!);
    }

    [Fact]
    public async Task ClientKey_SeesOnlyItsClientsAccounts_NeverATokenOrAChange()
    {
        var (clientId, accountId, _, token) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        var (otherClient, _, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.Instagram);
        using var clientHttp = fixture.Server.CreateClient(await KeyAsync(clientId));

        using var mine = await clientHttp.GetAsync($"/api/v1/clients/{clientId}/accounts");
        using var theirs = await clientHttp.GetAsync($"/api/v1/clients/{otherClient}/accounts");
        using var change = await clientHttp.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/{accountId}/credentials", new { accessToken = "x" });

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var body = await mine.Content.ReadAsStringAsync();
        Assert.Contains(accountId, body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain("accessToken", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
    }

    [Fact]
    public async Task Tokens_EncryptedAtRest_NeverInAnAnswerARawResponseOrALogLine()
    {
        var (clientId, accountId, _, token) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        var stored = await StoredTokenAsync(clientId, accountId);
        Assert.StartsWith("v1.k1.", stored.AccessToken, StringComparison.Ordinal);
        Assert.DoesNotContain(token, stored.AccessToken, StringComparison.Ordinal);
        Assert.DoesNotContain(token, (await fixture.AccountAsync(clientId, accountId)).ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Logs.Lines, l => l.Contains(token, StringComparison.Ordinal));

        // The raw responses of the run are kept, gzipped, under raw/facebook/{client}/{account}/{run}/, without the token.
        var blobs = fixture.Server.Services.GetRequiredService<Blobs>().Raw;
        var kept = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"facebook/{clientId}/{accountId}/{(string)run["id"]!}/", CancellationToken.None))
        {
            kept.Add(blob.Name);
            var content = (await blobs.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToStream();
            await using var gzip = new System.IO.Compression.GZipStream(content, System.IO.Compression.CompressionMode.Decompress);
            var text = await new StreamReader(gzip).ReadToEndAsync();
            Assert.Contains("page_media_view", text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        }

        Assert.NotEmpty(kept);
    }

    [Fact]
    public async Task EveryRequest_CarriesTheConfiguredApiVersion()
    {
        fixture.Fake.ClearRequests();
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.Instagram);
        await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.NotEmpty(fixture.Fake.Requests);
        Assert.All(fixture.Fake.Requests, r => Assert.Equal(IngestionFixture.ApiVersion, r.Version));
    }

    [Fact]
    public async Task Report_TopPostsSection_FromThePostsFetched()
    {
        var (clientId, accountId, pageId, _) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        fixture.Fake.SetDay(FakePlatform.Facebook, pageId, Day, new Dictionary<string, double?>
        {
            ["posts"] = 1, ["page_actions_post_reactions_total"] = 20, ["comments"] = 6, ["shares"] = 4,
        });
        await fixture.FetchAsync(clientId, accountId, Day, Day);

        using var render = await fixture.Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/reports", new { from = Day, to = Day });
        Assert.Equal(HttpStatusCode.Created, render.StatusCode);
        var text = await Api.PdfTextAsync(await fixture.Admin.GetByteArrayAsync($"/api/v1/clients/{clientId}/reports/{Day:yyyy-MM-dd}_{Day:yyyy-MM-dd}"));

        Assert.Contains("Top posts", text, StringComparison.Ordinal);
        Assert.Contains($"Post 1 of {Day:yyyy-MM-dd}", text, StringComparison.Ordinal);
        Assert.Contains("30", text, StringComparison.Ordinal); // 20 reactions + 6 comments + 4 shares
    }

    [Fact]
    public async Task Report_AccountThatNeedsReauth_DataNoteNamesTheGapAndItsFirstDay()
    {
        var (clientId, accountId, _, token) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        await fixture.Server.Services.GetRequiredService<AccountStore>().UpdateAsync(
            clientId, accountId, a => a with { SyncedThrough = Day }, CancellationToken.None);
        fixture.Fake.ExpireToken(token);
        await fixture.FetchAsync(clientId, accountId);
        var from = Day.AddDays(-3);
        var to = Day.AddDays(3);

        using var render = await fixture.Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/reports", new { from, to });
        Assert.Equal(HttpStatusCode.Created, render.StatusCode);
        var data = await fixture.Admin.GetOkAsync($"/api/v1/clients/{clientId}/reports/{from:yyyy-MM-dd}_{to:yyyy-MM-dd}/data");
        var text = await Api.PdfTextAsync(await fixture.Admin.GetByteArrayAsync($"/api/v1/clients/{clientId}/reports/{from:yyyy-MM-dd}_{to:yyyy-MM-dd}"));

        // The JSON snapshot of the report says the same: the first day missing is the day after the last one fetched.
        var gap = Assert.Single(data["dataNote"]!["gaps"]!.AsArray());
        Assert.Equal(accountId, (string)gap!["accountId"]!);
        // The PDF names the account as the platform does (the page's name), not by its id.
        var name = (string)gap["displayName"]!;
        Assert.False(string.IsNullOrWhiteSpace(name));
        Assert.NotEqual(accountId, name);
        Assert.Contains("Data gap", text, StringComparison.Ordinal);
        Assert.Contains($"{name} (Facebook) was not connected from", System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " "), StringComparison.Ordinal);
        Assert.Equal(Day.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string)gap["missingFrom"]!);
    }

    [Fact]
    public async Task Delete_DisconnectsAndKeepsTheRows()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.Facebook);
        var rows = (await fixture.RowsAsync(clientId, accountId)).Count;

        using var delete = await fixture.Admin.DeleteAsync($"/api/v1/clients/{clientId}/accounts/{accountId}");
        using var again = await fixture.Admin.DeleteAsync($"/api/v1/clients/{clientId}/accounts/{accountId}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty((await fixture.Admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts"))["accounts"]!.AsArray());
        Assert.Equal(rows, (await fixture.RowsAsync(clientId, accountId)).Count);
    }

    private async Task<string> NewClientAsync()
    {
        var clientId = TestIds.New("acc");
        (await fixture.Admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "Accounts", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        return clientId;
    }

    private async Task<string> KeyAsync(string clientId)
    {
        using var response = await fixture.Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/keys", new { name = "portal", canWrite = false });
        return (string)(await Api.ReadObjectAsync(response))["key"]!;
    }

    private async Task<(string AccessToken, DateTimeOffset? ExpiresAt)> StoredTokenAsync(string clientId, string accountId)
    {
        var table = new TableServiceClient(fixture.StorageConnectionString).GetTableClient(fixture.Server.Prefix + "Accounts");
        var entity = (await table.GetEntityAsync<TableEntity>(clientId, accountId)).Value;
        return (entity.GetString("AccessToken"), entity.GetDateTimeOffset("TokenExpiresAt"));
    }
}
