using System.Globalization;
using System.Text.Json.Nodes;
using KpiFunctions.Host.Tests.Support;
using static KpiFunctions.Host.Tests.Support.Api;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// <c>GET .../kpis/{kpiId}/series</c> over one account with a hand-computable pattern: on day d of 2026
/// (1 = 2026-01-01, a Thursday, .. 120 = 2026-04-30) impressions = d, likes = 1, followers = 1000 + d.
/// </summary>
public sealed class SeriesApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private string _clientId = "";

    private HttpClient Admin => fixture.Admin;

    public async Task InitializeAsync()
    {
        _clientId = await fixture.CreateClientAsync("series");
        var first = new DateOnly(2026, 1, 1);
        await Admin.PushOkAsync(_clientId, [.. Enumerable.Range(1, 120).Select(d => Row(
            first.AddDays(d - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "fb-main",
            "facebook",
            ("impressions", d),
            ("likes", 1),
            ("followers", 1000 + d)))]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GetSeries_Day_GivesOnePointPerDay()
    {
        var series = await Admin.GetSeriesAsync(_clientId, "impressions", "from=2026-01-01&to=2026-01-03&granularity=day");

        Assert.Equal("impressions", (string)series["kpiId"]!);
        Assert.Equal("day", (string)series["granularity"]!);
        AssertPoints(series,
            ("2026-01-01", "2026-01-01", 1),
            ("2026-01-02", "2026-01-02", 2),
            ("2026-01-03", "2026-01-03", 3));
    }

    [Fact]
    public async Task GetSeries_Week_GivesIsoWeeksClippedToTheRange()
    {
        // 2026-01-01 is a Thursday and 2026-01-21 a Wednesday: the first and last weeks are clipped.
        var series = await Admin.GetSeriesAsync(_clientId, "impressions", "from=2026-01-01&to=2026-01-21&granularity=week");

        Assert.Equal("week", (string)series["granularity"]!);
        AssertPoints(series,
            ("2026-01-01", "2026-01-04", 10), // Thu..Sun: 1 + 2 + 3 + 4
            ("2026-01-05", "2026-01-11", 56), // Mon..Sun: 5 + ... + 11 = (5 + 11) * 7 / 2
            ("2026-01-12", "2026-01-18", 105), // 12 + ... + 18 = (12 + 18) * 7 / 2
            ("2026-01-19", "2026-01-21", 60)); // Mon..Wed: 19 + 20 + 21
    }

    [Fact]
    public async Task GetSeries_WeekAcrossNewYear_UsesMondayToSundayAndNullWithoutData()
    {
        // 2025-12-27 is a Saturday; ISO week 1 of 2026 runs Mon 2025-12-29 .. Sun 2026-01-04.
        var series = await Admin.GetSeriesAsync(_clientId, "impressions", "from=2025-12-27&to=2026-01-06&granularity=week");

        AssertPoints(series,
            ("2025-12-27", "2025-12-28", null), // no data before 2026
            ("2025-12-29", "2026-01-04", 10), // only 2026-01-01..04 carry data: 1 + 2 + 3 + 4
            ("2026-01-05", "2026-01-06", 11)); // 5 + 6
    }

    [Fact]
    public async Task GetSeries_Month_GivesCalendarMonthsClippedToTheRange()
    {
        var series = await Admin.GetSeriesAsync(_clientId, "impressions", "from=2026-01-15&to=2026-03-10&granularity=month");

        Assert.Equal("month", (string)series["granularity"]!);
        AssertPoints(series,
            ("2026-01-15", "2026-01-31", 391), // days 15..31: (15 + 31) * 17 / 2
            ("2026-02-01", "2026-02-28", 1274), // days 32..59: (32 + 59) * 28 / 2
            ("2026-03-01", "2026-03-10", 645)); // days 60..69: (60 + 69) * 10 / 2
    }

    [Fact]
    public async Task GetSeries_MonthOfRatio_IsRatioOfEachMonthsSums()
    {
        var series = await Admin.GetSeriesAsync(_clientId, "engagement_rate", "from=2026-01-01&to=2026-04-30&granularity=month");

        AssertPoints(series,
            ("2026-01-01", "2026-01-31", 31.0 / 496 * 100), // 31 likes / (1 + ... + 31 = 496) * 100 = 6.25
            ("2026-02-01", "2026-02-28", 28.0 / 1274 * 100), // 28 / (32 + ... + 59 = 1274) * 100
            ("2026-03-01", "2026-03-31", 31.0 / 2325 * 100), // 31 / (60 + ... + 90 = 4095 - 1770) * 100
            ("2026-04-01", "2026-04-30", 30.0 / 3165 * 100)); // 30 / (91 + ... + 120 = 7260 - 4095) * 100
    }

    [Fact]
    public async Task GetSeries_WeekOfLevels_ReadsEachWeeksEnds()
    {
        var followers = await Admin.GetSeriesAsync(_clientId, "followers", "from=2026-01-01&to=2026-01-14&granularity=week");
        var growth = await Admin.GetSeriesAsync(_clientId, "follower_growth", "from=2026-01-01&to=2026-01-14&granularity=week");

        AssertPoints(followers,
            ("2026-01-01", "2026-01-04", 1004), // 1000 + 4 on Sunday the 4th
            ("2026-01-05", "2026-01-11", 1011), // 1000 + 11
            ("2026-01-12", "2026-01-14", 1014)); // 1000 + 14, clipped
        AssertPoints(growth,
            ("2026-01-01", "2026-01-04", 3), // 1004 - 1001: nothing before, so the earliest value in the week
            ("2026-01-05", "2026-01-11", 7), // 1011 - 1004 (the day before the week)
            ("2026-01-12", "2026-01-14", 3)); // 1014 - 1011
    }

    [Fact]
    public async Task GetSeries_UnknownClient_Returns404()
    {
        using var response = await Admin.GetAsync($"/api/v1/clients/{TestIds.New("ghost")}/kpis/impressions/series?from=2026-01-01&to=2026-01-02&granularity=day");

        await AssertProblemAsync(response, System.Net.HttpStatusCode.NotFound);
    }

    private static void AssertPoints(JsonObject series, params (string From, string To, double? Value)[] expected)
    {
        var points = series["points"]!.AsArray();
        Assert.Equal(expected.Length, points.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var point = points[i]!.AsObject();
            Assert.Equal(expected[i].From, (string)point["from"]!);
            Assert.Equal(expected[i].To, (string)point["to"]!);
            if (expected[i].Value is { } value)
            {
                Approx.Equal(value, Number(point, "value"));
            }
            else
            {
                Assert.Null(Number(point, "value"));
            }
        }
    }
}
