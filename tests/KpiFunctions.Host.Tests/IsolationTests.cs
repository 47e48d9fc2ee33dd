using System.Net.Http.Json;
using KpiFunctions.Host.Tests.Support;
using static KpiFunctions.Host.Tests.Support.Api;

namespace KpiFunctions.Host.Tests;

/// <summary>Two clients on one host never see each other's data.</summary>
public sealed class IsolationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Period = "from=2026-09-01&to=2026-09-02&compare=none";

    [Fact]
    public async Task GetKpis_TwoClientsWithTheSameAccountIds_SeeOnlyTheirOwnData()
    {
        var a = await fixture.CreateClientAsync("iso-a");
        var b = await fixture.CreateClientAsync("iso-b");

        // The same account ids, even as different platforms, are separate accounts in separate clients.
        await fixture.Admin.PushOkAsync(a,
            Row("2026-09-01", "shared", "facebook", ("impressions", 100), ("likes", 10)),
            Row("2026-09-02", "only-a", "linkedin", ("impressions", 50)));
        await fixture.Admin.PushOkAsync(b, Row("2026-09-01", "shared", "instagram", ("impressions", 7)));

        var kpisA = await fixture.Admin.GetKpisAsync(a, $"{Period}&breakdown=platform");
        var kpisB = await fixture.Admin.GetKpisAsync(b, $"{Period}&breakdown=platform");

        Approx.Equal(150, Value(kpisA, "impressions")); // 100 + 50
        Approx.Equal(10, Value(kpisA, "likes"));
        Approx.Equal(7, Value(kpisB, "impressions"));
        Assert.Null(Value(kpisB, "likes")); // A's likes never reach B
        Assert.Equal(["facebook", "linkedin"], kpisA["platforms"]!.AsArray().Select(p => (string)p!["platform"]!).Order(StringComparer.Ordinal));
        Assert.Equal(["instagram"], kpisB["platforms"]!.AsArray().Select(p => (string)p!["platform"]!));
    }

    [Fact]
    public async Task GetKpis_ClientKeys_SeeOnlyTheirOwnClient()
    {
        var a = await fixture.CreateClientAsync("iso-key-a");
        var b = await fixture.CreateClientAsync("iso-key-b");
        using var keyA = fixture.CreateClient(await fixture.CreateKeyAsync(a, canWrite: true));
        using var keyB = fixture.CreateClient(await fixture.CreateKeyAsync(b, canWrite: true));

        await keyA.PushOkAsync(a, Row("2026-09-01", "acc", "facebook", ("impressions", 1000)));
        await keyB.PushOkAsync(b, Row("2026-09-01", "acc", "facebook", ("impressions", 1)));

        Approx.Equal(1000, Value(await keyA.GetKpisAsync(a, Period), "impressions"));
        Approx.Equal(1, Value(await keyB.GetKpisAsync(b, Period), "impressions"));
        using var crossed = await keyA.GetAsync($"/api/v1/clients/{b}/kpis?{Period}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, crossed.StatusCode);
    }

    [Fact]
    public async Task GetKpis_ClientIdsThatPrefixEachOther_SeeOnlyTheirOwnData()
    {
        // Ids where one is the start of another ("x", "x-b", "x0") must not share rows, however rows are keyed.
        var a = TestIds.New("pfx");
        string[] ids = [a, a + "-b", a + "0", a + "-b-c"];
        for (var i = 0; i < ids.Length; i++)
        {
            using var created = await fixture.Admin.PostAsJsonAsync(
                "/api/v1/clients", new { id = ids[i], name = $"prefix {i}", timeZone = "UTC", currency = "SEK", locale = "en-GB" });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            await fixture.Admin.PushOkAsync(ids[i], Row("2026-09-01", "acc", "facebook", ("impressions", Math.Pow(10, i)), ("followers", i + 1)));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var kpis = await fixture.Admin.GetKpisAsync(ids[i], Period);
            Approx.Equal(Math.Pow(10, i), Value(kpis, "impressions")); // 1, 10, 100, 1000: any sum would show
            Approx.Equal(i + 1, Value(kpis, "followers"));
        }
    }

    [Fact]
    public async Task GetSeries_OtherClientHasData_ShowsNullForAClientWithout()
    {
        var a = await fixture.CreateClientAsync("iso-ser-a");
        var empty = await fixture.CreateClientAsync("iso-ser-empty");
        await fixture.Admin.PushOkAsync(a, Row("2026-09-01", "acc", "facebook", ("impressions", 1000)));

        var series = await fixture.Admin.GetSeriesAsync(empty, "impressions", "from=2026-09-01&to=2026-09-02&granularity=day");

        Assert.All(series["points"]!.AsArray(), p => Assert.Null(Number(p!.AsObject(), "value")));
    }
}
