using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Host.Tests.Support;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// TikTok's Business API against the fake: the daily insights and videos mapped with values set by hand, errors read from
/// 200 bodies (40100 throttles, 40105 needs a person, 40002 skipped with a warning), rotating refresh tokens, the
/// 3-day re-read and the version in every path.
/// </summary>
public sealed class IngestionTikTokTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    // TikTok's data of yesterday is ready at 11:00 (it is about 11 hours late).
    private static DateOnly Last => IngestionFixture.LastComplete(11);

    private static DateOnly Day => Last.AddDays(-5);

    [Fact]
    public async Task DayWithValuesSetByHand_MappedToTheKpiInputs_VideosCountedAndPaged()
    {
        var (clientId, accountId, businessId, _) = await fixture.ConnectedAccountAsync(FakePlatform.TikTok);
        // The connection's backfill stays within TikTok's 60-day look-back: nothing skipped.
        Assert.Equal("succeeded", (string)(await fixture.AccountAsync(clientId, accountId))["lastRun"]!["outcome"]!);
        fixture.Fake.SetDay(FakePlatform.TikTok, businessId, Day, new Dictionary<string, double?>
        {
            ["video_views"] = 5_000, ["profile_views"] = 140, ["likes"] = 600, ["comments"] = 45, ["shares"] = 30,
            ["bio_link_clicks"] = 12, ["daily_new_followers"] = 25, ["daily_lost_followers"] = 4, ["posts"] = 3,
        });
        // Enough videos after the day to need several pages of 20.
        for (var day = Day.AddDays(1); day <= Last; day = day.AddDays(1))
        {
            fixture.Fake.SetDay(FakePlatform.TikTok, businessId, day, new Dictionary<string, double?> { ["posts"] = 6 });
        }

        fixture.Fake.ClearRequests();
        await fixture.FetchAsync(clientId, accountId, Day, Last);

        var row = (await fixture.RowsAsync(clientId, accountId))[Day];
        var expected = new Dictionary<string, double>
        {
            ["video_views"] = 5_000, ["profile_visits"] = 140, ["likes"] = 600, ["comments"] = 45, ["shares"] = 30,
            ["clicks"] = 12, ["followers_gained"] = 25, ["followers_lost"] = 4, ["posts"] = 3,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), row.OrderBy(p => p.Key));
        Assert.True(fixture.Fake.Requests.Count(r => r.Path.EndsWith("/business/video/list/", StringComparison.Ordinal)) >= 2);
        Assert.All(fixture.Fake.Requests.Where(r => r.Path.Contains("/open_api/", StringComparison.Ordinal)), r => Assert.Equal("v1.3", r.Version));
    }

    [Fact]
    public async Task ThrottledIn200Body_AccountThrottled_ThenResumes()
    {
        var (clientId, accountId, businessId, _) = await fixture.ConnectedAccountAsync(FakePlatform.TikTok);
        fixture.Fake.Throttle(FakePlatform.TikTok, businessId, requests: 1);

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("throttled", (string)run["outcome"]!);
        Assert.Equal("throttled", (string)(await fixture.AccountAsync(clientId, accountId))["status"]!);
        var job = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<KpiFunctions.App.Ingestion.IngestAccountJob>(fixture.Server.Services);
        await job.RunAsync(new KpiFunctions.App.Storage.IngestAccountMessage(clientId, accountId, (string)run["id"]!, Day, Day, Attempt: 2), CancellationToken.None);
        Assert.Equal("connected", (string)(await fixture.AccountAsync(clientId, accountId))["status"]!);
    }

    [Fact]
    public async Task InvalidToken40105_NeedsReauth()
    {
        var (clientId, accountId, _, token) = await fixture.ConnectedAccountAsync(FakePlatform.TikTok);
        fixture.Fake.ExpireToken(token);

        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);

        Assert.Equal("needs_reauth", (string)run["outcome"]!);
        var account = await fixture.AccountAsync(clientId, accountId);
        Assert.Equal("needs_reauth", (string)account["status"]!);
        Assert.Contains("40105", (string)account["statusReason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BeyondTheSixtyDayLookBack_Skipped40002WithAWarning_VideosStillFetched()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.TikTok);
        var old = Last.AddDays(-80);

        var run = await fixture.FetchAsync(clientId, accountId, old, old.AddDays(5));

        Assert.Equal("partial", (string)run["outcome"]!);
        Assert.Contains(run["warnings"]!.AsArray(), w => ((string)w!).Contains("40002", StringComparison.Ordinal));
        var rows = await fixture.RowsAsync(clientId, accountId);
        Assert.False(rows[old].ContainsKey("video_views")); // missing, not 0
        Assert.True(rows[old].ContainsKey("posts"));
    }

    [Fact]
    public async Task DayLongToken_RefreshedBeforeEachFetch_RotatedRefreshTokenSavedOnlyOnSuccess()
    {
        var (clientId, accountId, _, _) = await fixture.ConnectedAccountAsync(FakePlatform.TikTok);
        var access = fixture.Fake.IssueToken();
        var refresh = fixture.Fake.IssueTikTokRefreshToken();
        using (var put = await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/{accountId}/credentials",
            new { accessToken = access, refreshToken = refresh, expiresAt = DateTimeOffset.UtcNow.AddHours(20) }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var stored = await StoredAsync(clientId, accountId);

        // The refresh fails (TikTok down through every retry): the stored tokens stay, the run uses the current one.
        fixture.Fake.FailNext(4, 503);
        await fixture.DrainAsync();
        Assert.Equal(stored, await StoredAsync(clientId, accountId));

        // Then it works: both tokens rotate and are saved; the old refresh token is spent at TikTok.
        var run = await fixture.FetchAsync(clientId, accountId, Day, Day);
        Assert.Equal("succeeded", (string)run["outcome"]!);
        var rotated = await StoredAsync(clientId, accountId);
        Assert.NotEqual(stored.Access, rotated.Access);
        Assert.NotEqual(stored.Refresh, rotated.Refresh);
        Assert.False(string.IsNullOrEmpty(rotated.Refresh));
    }

    [Fact]
    public async Task RevisedWithinTheThreeDayReRead_Replaced()
    {
        var (clientId, accountId, businessId, _) = await fixture.ConnectedAccountAsync(FakePlatform.TikTok);
        var revised = Last.AddDays(-2);
        fixture.Fake.SetDay(FakePlatform.TikTok, businessId, revised, new Dictionary<string, double?> { ["video_views"] = 7_777 });

        var run = await fixture.FetchAsync(clientId, accountId);

        Assert.Equal(revised.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string)run["from"]!);
        Assert.Equal(7_777, (await fixture.RowsAsync(clientId, accountId))[revised]["video_views"]);
    }

    private async Task<(string Access, string? Refresh)> StoredAsync(string clientId, string accountId)
    {
        var table = new TableServiceClient(fixture.StorageConnectionString).GetTableClient(fixture.Server.Prefix + "Accounts");
        var entity = (await table.GetEntityAsync<TableEntity>(clientId, accountId)).Value;
        return (entity.GetString("AccessToken"), entity.GetString("RefreshToken"));
    }
}
