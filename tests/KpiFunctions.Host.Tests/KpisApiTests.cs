using System.Text.Json.Nodes;
using KpiFunctions.Host.Tests.Support;
using static KpiFunctions.Host.Tests.Support.Api;

namespace KpiFunctions.Host.Tests;

/// <summary><c>GET .../kpis</c>: values by the formulas of KPIS.md, comparisons, the kpi filter, breakdowns.</summary>
public sealed class KpisApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // KPIS.md, every table: id, unit, better. The ids are a public contract.
    private static readonly (string Id, string Unit, string Better)[][] CatalogByTable =
    [
        [
            ("followers", "count", "higher"), ("follower_growth", "count", "higher"), ("follower_growth_rate", "percent", "higher"),
            ("impressions", "count", "higher"), ("reach", "count", "higher"), ("profile_visits", "count", "higher"),
            ("video_views", "count", "higher"), ("mentions", "count", "higher"), ("share_of_voice", "percent", "higher"),
            ("posts", "count", "none"), ("posting_frequency", "per_week", "none"), ("social_traffic_share", "percent", "higher"),
            ("backlinks_gained", "count", "higher"),
        ],
        [
            ("likes", "count", "higher"), ("comments", "count", "higher"), ("shares", "count", "higher"), ("saves", "count", "higher"),
            ("engagements", "count", "higher"), ("engagement_rate", "percent", "higher"), ("engagement_rate_by_reach", "percent", "higher"),
            ("applause_rate", "percent", "higher"), ("conversation_rate", "percent", "higher"), ("amplification_rate", "percent", "higher"),
            ("clicks", "count", "higher"), ("link_clicks", "count", "higher"), ("ctr", "percent", "higher"),
        ],
        [
            ("conversions", "count", "higher"), ("conversion_rate", "percent", "higher"), ("leads", "count", "higher"),
            ("customers", "count", "higher"), ("lead_conversion_rate", "percent", "higher"), ("revenue", "currency", "higher"),
            ("social_bounce_rate", "percent", "lower"),
        ],
        [
            ("spend", "currency", "none"), ("budget_utilization", "percent", "none"), ("cpc", "currency", "lower"),
            ("cpm", "currency", "lower"), ("cpa", "currency", "lower"), ("cpl", "currency", "lower"), ("roi", "percent", "higher"),
            ("roas", "ratio", "higher"),
        ],
        [
            ("response_time", "minutes", "lower"), ("response_within_1h_rate", "percent", "higher"), ("issues_resolved", "count", "higher"),
            ("issue_resolution_rate", "percent", "higher"), ("positive_sentiment_share", "percent", "higher"), ("net_sentiment", "percent", "higher"),
        ],
        [
            ("email_subscribers", "count", "higher"), ("email_subscriber_growth", "count", "higher"), ("opt_out_rate", "percent", "lower"),
            ("reviews", "count", "higher"), ("average_rating", "rating", "higher"),
        ],
        [
            ("employee_shares", "count", "higher"), ("employee_clicks", "count", "higher"), ("employee_engagements", "count", "higher"),
            ("employee_reach", "count", "higher"), ("influencer_reach", "count", "higher"), ("influencer_engagements", "count", "higher"),
        ],
    ];

    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task GetKpis_WorkedExampleOfKpisMd_MatchesTheSpec()
    {
        var id = await PushWorkedExampleAsync();

        var kpis = await Admin.GetKpisAsync(id, "from=2026-03-02&to=2026-03-03&compare=none");

        Approx.Equal(1010, Value(kpis, "followers")); // on d2, the last day
        Approx.Equal(20, Value(kpis, "follower_growth")); // 1010 - 990 (the day before d1)
        Approx.Equal(20.0 / 990 * 100, Value(kpis, "follower_growth_rate")); // 20 / 990 * 100 = 2.0202...
        Approx.Equal(170, Value(kpis, "engagements")); // (50 + 70) + (10 + 20) + (5 + 15), saves missing as 0
        Approx.Equal(3.4, Value(kpis, "engagement_rate")); // 170 / (2000 + 3000) * 100, not (3.25 + 3.5) / 2 = 3.375
        Approx.Equal(2.0, Value(kpis, "ctr")); // (40 + 60) / 5000 * 100
        Approx.Equal(120.0 / 3 / 1010 * 100, Value(kpis, "applause_rate")); // 120 / 3 / 1010 * 100 = 3.9604...
        Approx.Equal(30.0 / 3 / 1010 * 100, Value(kpis, "conversation_rate")); // (10 + 20) / 3 posts / 1010 * 100
        Approx.Equal(20.0 / 3 / 1010 * 100, Value(kpis, "amplification_rate")); // (5 + 15) / 3 / 1010 * 100
        Approx.Equal(1.25, Value(kpis, "cpc")); // (20 + 30) / (16 + 24) = 50 / 40
        Approx.Equal(10.5, Value(kpis, "posting_frequency")); // 3 posts / 2 days * 7
        Approx.Equal(5000, Value(kpis, "impressions")); // 2000 + 3000
        Approx.Equal(50, Value(kpis, "spend")); // 20 + 30
        Approx.Equal(3, Value(kpis, "posts")); // 1 + 2
        Assert.Null(Value(kpis, "saves")); // never pushed
        Assert.Null(Value(kpis, "cpm")); // no paid_impressions
        Assert.Null(Value(kpis, "engagement_rate_by_reach")); // no reach
    }

    [Fact]
    public async Task GetKpis_WorkedExampleComparedWithPrevious_GivesChangesAndNullsWhereUndefined()
    {
        var id = await PushWorkedExampleAsync();

        var kpis = await Admin.GetKpisAsync(id, "from=2026-03-02&to=2026-03-03&compare=previous");

        // The previous period is the 2 days before d1: 2026-02-28 .. 2026-03-01, whose only row is followers 990.
        Assert.Equal("2026-02-28", (string)kpis["compare"]!["from"]!);
        Assert.Equal("2026-03-01", (string)kpis["compare"]!["to"]!);
        var followers = Kpi(kpis, "followers");
        Approx.Equal(1010, Number(followers, "value"));
        Approx.Equal(990, Number(followers, "previous"));
        Approx.Equal(20, Number(followers, "change")); // 1010 - 990
        Approx.Equal(20.0 / 990 * 100, Number(followers, "changePercent")); // 20 / |990| * 100
        var growth = Kpi(kpis, "follower_growth");
        Approx.Equal(0, Number(growth, "previous")); // start = end = 990 (the earliest value inside the period)
        Approx.Equal(20, Number(growth, "change")); // 20 - 0
        Assert.Null(Number(growth, "changePercent")); // previous is 0
        var impressions = Kpi(kpis, "impressions");
        Assert.Null(Number(impressions, "previous")); // no impressions in the previous period
        Assert.Null(Number(impressions, "change"));
        Assert.Null(Number(impressions, "changePercent"));
    }

    [Fact]
    public async Task GetKpis_ComparePrevious_GivesPreviousChangeAndChangePercent()
    {
        var id = await PushComparisonDataAsync();

        var kpis = await Admin.GetKpisAsync(id, "from=2026-03-03&to=2026-03-04&compare=previous");

        AssertPeriod(kpis["compare"], "2026-03-01", "2026-03-02");
        AssertCompared(Kpi(kpis, "impressions"), 3000, 2000, 1000, 50); // 1500 * 2 vs 1000 * 2; 1000 / 2000 * 100
        AssertCompared(Kpi(kpis, "likes"), 60, 20, 40, 200); // 30 * 2 vs 10 * 2; 40 / 20 * 100
        // Percent KPIs change in percentage points: 60 / 3000 * 100 = 2.0 vs 20 / 2000 * 100 = 1.0.
        AssertCompared(Kpi(kpis, "engagement_rate"), 2.0, 1.0, 1.0, 100);
        // Growth fell by 10 (500 before the period -> 490) and then rose by 20 (490 -> 510):
        // change 20 - (-10) = 30, changePercent 30 / |-10| * 100 = 300.
        AssertCompared(Kpi(kpis, "follower_growth"), 20, -10, 30, 300);
    }

    [Theory]
    [InlineData("from=2026-11-01&to=2026-11-30", "2026-10-01", "2026-10-31")] // November with October, not 2–31 October
    [InlineData("from=2026-07-01&to=2026-09-30", "2026-04-01", "2026-06-30")] // Q3 with Q2
    [InlineData("from=2026-03-03&to=2026-03-04", "2026-03-01", "2026-03-02")] // not whole months: as previous
    public async Task GetKpis_ComparePreviousCalendar_WholeMonthsWithTheMonthsBefore(string range, string from, string to)
    {
        var id = await PushComparisonDataAsync();

        var kpis = await Admin.GetKpisAsync(id, range + "&compare=previous_calendar");

        AssertPeriod(kpis["compare"], from, to);
    }

    [Fact]
    public async Task GetKpis_CompareOmitted_DefaultsToPrevious()
    {
        var id = await PushComparisonDataAsync();

        var kpis = await Admin.GetKpisAsync(id, "from=2026-03-03&to=2026-03-04");

        AssertPeriod(kpis["compare"], "2026-03-01", "2026-03-02");
        AssertCompared(Kpi(kpis, "impressions"), 3000, 2000, 1000, 50);
    }

    [Fact]
    public async Task GetKpis_CompareYear_ComparesWithTheSameDatesAYearEarlier()
    {
        var id = await PushComparisonDataAsync();

        var kpis = await Admin.GetKpisAsync(id, "from=2026-03-03&to=2026-03-04&compare=year");

        AssertPeriod(kpis["compare"], "2025-03-03", "2025-03-04");
        AssertCompared(Kpi(kpis, "impressions"), 3000, 2400, 600, 25); // 1200 * 2 a year earlier; 600 / 2400 * 100
        AssertCompared(Kpi(kpis, "likes"), 60, 24, 36, 150); // 12 * 2; 36 / 24 * 100
        AssertCompared(Kpi(kpis, "engagement_rate"), 2.0, 1.0, 1.0, 100); // 24 / 2400 * 100 = 1.0
        var growth = Kpi(kpis, "follower_growth");
        Assert.Null(Number(growth, "previous")); // no followers before 2026
        Assert.Null(Number(growth, "changePercent"));
    }

    [Fact]
    public async Task GetKpis_CompareNone_HasNullCompareAndNoPrevious()
    {
        var id = await PushComparisonDataAsync();

        var kpis = await Admin.GetKpisAsync(id, "from=2026-03-03&to=2026-03-04&compare=none");

        Assert.True(kpis.ContainsKey("compare"));
        Assert.Null(kpis["compare"]);
        var impressions = Kpi(kpis, "impressions");
        Approx.Equal(3000, Number(impressions, "value"));
        Assert.Null(Number(impressions, "previous"));
        Assert.Null(Number(impressions, "change"));
        Assert.Null(Number(impressions, "changePercent"));
    }

    [Fact]
    public async Task GetKpis_PreviousZero_ChangePercentIsNull()
    {
        var id = await fixture.CreateClientAsync("prev-zero");
        await Admin.PushOkAsync(id,
            Row("2026-06-01", "a1", "facebook", ("impressions", 0)),
            Row("2026-06-02", "a1", "facebook", ("impressions", 400)));

        var kpis = await Admin.GetKpisAsync(id, "from=2026-06-02&to=2026-06-02&kpi=impressions");

        AssertCompared(Kpi(kpis, "impressions"), 400, 0, 400, null); // 400 - 0; percent of 0 is undefined
    }

    [Fact]
    public async Task GetKpis_KpiFilter_ListsOnlyTheNamedKpis()
    {
        var id = await PushWorkedExampleAsync();

        var kpis = await Admin.GetKpisAsync(id, "from=2026-03-02&to=2026-03-03&compare=none&kpi=ctr,impressions,cpc");

        var ids = kpis["kpis"]!.AsArray().Select(k => (string)k!["id"]!).ToList();
        Assert.Equal(["cpc", "ctr", "impressions"], ids.Order(StringComparer.Ordinal));
        Approx.Equal(2.0, Value(kpis, "ctr")); // 100 / 5000 * 100
        Approx.Equal(1.25, Value(kpis, "cpc")); // 50 / 40
    }

    [Fact]
    public async Task GetKpis_NoKpiFilter_ListsEveryCatalogKpiWithNullWhereUndefined()
    {
        var id = await fixture.CreateClientAsync("catalog");
        await Admin.PushOkAsync(id, Row("2026-06-01", "a1", "facebook", ("impressions", 900)));

        var kpis = await Admin.GetKpisAsync(id, "from=2026-06-01&to=2026-06-01&compare=none");

        var entries = kpis["kpis"]!.AsArray().Select(k => k!.AsObject()).ToList();
        var expected = CatalogByTable.SelectMany(t => t).ToList();
        Assert.Equal(58, expected.Count); // 13 + 13 + 7 + 8 + 6 + 5 + 6 in KPIS.md
        Assert.Equal(expected.Select(k => k.Id).Order(StringComparer.Ordinal), entries.Select(k => (string)k["id"]!).Order(StringComparer.Ordinal));
        foreach (var (kpiId, unit, better) in expected)
        {
            var entry = Kpi(kpis, kpiId);
            Assert.Equal(unit, (string)entry["unit"]!);
            Assert.Equal(better, (string)entry["better"]!);
            Assert.False(string.IsNullOrWhiteSpace((string?)entry["name"]), kpiId);
            Assert.False(string.IsNullOrWhiteSpace((string?)entry["category"]), kpiId);
            var value = Number(entry, "value");
            if (kpiId == "impressions")
            {
                Approx.Equal(900, value);
            }
            else
            {
                Assert.True(value is null, $"{kpiId} is {value}, expected null: only impressions were pushed.");
            }
        }

        // One category per table of KPIS.md, a different one for each table.
        var categories = CatalogByTable.Select(t => Assert.Single(t.Select(k => (string)Kpi(kpis, k.Id)["category"]!).Distinct())).ToList();
        Assert.Equal(7, categories.Distinct().Count());
    }

    [Fact]
    public async Task GetKpis_EchoesClientPeriodAndCurrency()
    {
        var id = await fixture.CreateClientAsync("currency", currency: "EUR");

        var kpis = await Admin.GetKpisAsync(id, "from=2026-01-01&to=2026-01-31&kpi=revenue");

        Assert.Equal(id, (string)kpis["clientId"]!);
        Assert.Equal("2026-01-01", (string)kpis["from"]!);
        Assert.Equal("2026-01-31", (string)kpis["to"]!);
        Assert.Equal("EUR", (string)kpis["currency"]!);
        AssertPeriod(kpis["compare"], "2025-12-01", "2025-12-31"); // the 31 days before 2026-01-01
        Assert.Null(Value(kpis, "revenue")); // no data at all
    }

    [Fact]
    public async Task GetKpis_BreakdownPlatform_GivesEachPlatformItsOwnKpis()
    {
        var id = await fixture.CreateClientAsync("breakdown");
        await Admin.PushOkAsync(id,
            Row("2026-06-01", "fb-1", "facebook", ("impressions", 1000), ("likes", 30), ("followers", 400)),
            Row("2026-06-01", "fb-2", "facebook", ("impressions", 250), ("followers", 100)),
            Row("2026-06-01", "ig-1", "instagram", ("impressions", 500), ("likes", 40), ("followers", 300)));

        var kpis = await Admin.GetKpisAsync(id, "from=2026-06-01&to=2026-06-01&compare=none&breakdown=platform&kpi=impressions,likes,engagement_rate,followers");

        Approx.Equal(1750, Value(kpis, "impressions")); // 1000 + 250 + 500
        Approx.Equal(4.0, Value(kpis, "engagement_rate")); // (30 + 40) / 1750 * 100
        Approx.Equal(800, Value(kpis, "followers")); // 400 + 100 + 300
        var platforms = kpis["platforms"]!.AsArray().Select(p => (string)p!["platform"]!).ToList();
        Assert.Equal(["facebook", "instagram"], platforms.Order(StringComparer.Ordinal));
        var facebook = Platform(kpis, "facebook");
        Approx.Equal(1250, Value(facebook, "impressions")); // 1000 + 250
        Approx.Equal(2.4, Value(facebook, "engagement_rate")); // 30 / 1250 * 100
        Approx.Equal(500, Value(facebook, "followers")); // 400 + 100
        Assert.Equal(4, facebook["kpis"]!.AsArray().Count); // the kpi filter applies to platforms too
        var instagram = Platform(kpis, "instagram");
        Approx.Equal(500, Value(instagram, "impressions"));
        Approx.Equal(8.0, Value(instagram, "engagement_rate")); // 40 / 500 * 100
        Approx.Equal(300, Value(instagram, "followers"));
    }

    [Fact]
    public async Task GetKpis_NoBreakdown_HasNoPlatforms()
    {
        var id = await fixture.CreateClientAsync("no-breakdown");
        await Admin.PushOkAsync(id, Row("2026-06-01", "fb-1", "facebook", ("impressions", 1000)));

        var kpis = await Admin.GetKpisAsync(id, "from=2026-06-01&to=2026-06-01");

        Assert.False(kpis.ContainsKey("platforms"), kpis.ToJsonString());
    }

    [Fact]
    public async Task GetKpis_ExactlyThreeYears_Returns200()
    {
        var id = await fixture.CreateClientAsync("three-years");
        await Admin.PushOkAsync(id,
            Row("2023-01-01", "a1", "facebook", ("impressions", 1)),
            Row("2025-12-31", "a1", "facebook", ("impressions", 2)));

        var kpis = await Admin.GetKpisAsync(id, "from=2023-01-01&to=2025-12-31&compare=none&kpi=impressions");

        Approx.Equal(3, Value(kpis, "impressions")); // 1 + 2, both ends inclusive
    }

    private static void AssertPeriod(JsonNode? period, string from, string to)
    {
        Assert.NotNull(period);
        Assert.Equal(from, (string)period["from"]!);
        Assert.Equal(to, (string)period["to"]!);
    }

    private static void AssertCompared(JsonObject kpi, double value, double previous, double change, double? changePercent)
    {
        Approx.Equal(value, Number(kpi, "value"));
        Approx.Equal(previous, Number(kpi, "previous"));
        Approx.Equal(change, Number(kpi, "change"));
        if (changePercent is { } p)
        {
            Approx.Equal(p, Number(kpi, "changePercent"));
        }
        else
        {
            Assert.Null(Number(kpi, "changePercent"));
        }
    }

    // KPIS.md's worked example: d1 = 2026-03-02, d2 = 2026-03-03, followers 990 on the day before d1.
    private async Task<string> PushWorkedExampleAsync()
    {
        var id = await fixture.CreateClientAsync("worked");
        await Admin.PushOkAsync(id,
            Row("2026-03-01", "acc", "facebook", ("followers", 990)),
            Row("2026-03-02", "acc", "facebook",
                ("followers", 1000), ("impressions", 2000), ("likes", 50), ("comments", 10), ("shares", 5),
                ("link_clicks", 40), ("posts", 1), ("spend", 20), ("paid_clicks", 16)),
            Row("2026-03-03", "acc", "facebook",
                ("followers", 1010), ("impressions", 3000), ("likes", 70), ("comments", 20), ("shares", 15),
                ("link_clicks", 60), ("posts", 2), ("spend", 30), ("paid_clicks", 24)));
        return id;
    }

    // Period 2026-03-03..04: impressions 1500, likes 30 a day. The 2 days before: 1000 and 10 a day. A year
    // earlier: 1200 and 12 a day. Followers: 500 on 2026-02-28, 490 on 2026-03-02, 510 on 2026-03-04.
    private async Task<string> PushComparisonDataAsync()
    {
        var id = await fixture.CreateClientAsync("compare");
        await Admin.PushOkAsync(id,
            Row("2025-03-03", "fb", "facebook", ("impressions", 1200), ("likes", 12)),
            Row("2025-03-04", "fb", "facebook", ("impressions", 1200), ("likes", 12)),
            Row("2026-02-28", "fb", "facebook", ("followers", 500)),
            Row("2026-03-01", "fb", "facebook", ("impressions", 1000), ("likes", 10)),
            Row("2026-03-02", "fb", "facebook", ("impressions", 1000), ("likes", 10), ("followers", 490)),
            Row("2026-03-03", "fb", "facebook", ("impressions", 1500), ("likes", 30)),
            Row("2026-03-04", "fb", "facebook", ("impressions", 1500), ("likes", 30), ("followers", 510)));
        return id;
    }
}
