using System.Globalization;
using System.Text;
using KpiFunctions.Host.Tests.Support;
using static KpiFunctions.Host.Tests.Support.Api;

namespace KpiFunctions.Host.Tests;

/// <summary><c>POST .../metrics</c> with good JSON and CSV, merge semantics and pushes of many batches.</summary>
public sealed class MetricsPushTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task PushMetrics_Json_Returns200AndKpisReflectIt()
    {
        var id = await fixture.CreateClientAsync("json");

        using var response = await Admin.PushJsonAsync(id,
        [
            Row("2026-10-01", "fb-main", "facebook", ("impressions", 5400), ("likes", 120), ("spend", 12.5)),
            Row("2026-10-02", "fb-main", "facebook", ("impressions", 4600), ("likes", 80), ("spend", 7.25)),
        ]);

        await AssertRowsWrittenAsync(response, 2);
        var kpis = await Admin.GetKpisAsync(id, "from=2026-10-01&to=2026-10-02&compare=none");
        Approx.Equal(10000, Value(kpis, "impressions")); // 5400 + 4600
        Approx.Equal(200, Value(kpis, "likes")); // 120 + 80
        Approx.Equal(2.0, Value(kpis, "engagement_rate")); // 200 / 10000 * 100
        Approx.Equal(19.75, Value(kpis, "spend")); // 12.5 + 7.25: money may have cents
    }

    [Fact]
    public async Task PushMetrics_JsonNullMetric_IsMissingNotZero()
    {
        var id = await fixture.CreateClientAsync("json-null");
        var row = Row("2026-10-01", "fb-main", "facebook", ("impressions", 1000));
        row["comments"] = null;

        using var response = await Admin.PushJsonAsync(id, [row]);

        await AssertRowsWrittenAsync(response, 1);
        var kpis = await Admin.GetKpisAsync(id, "from=2026-10-01&to=2026-10-01&compare=none");
        Assert.Null(Value(kpis, "comments")); // no row carries comments: missing, not 0
        Approx.Equal(1000, Value(kpis, "impressions"));
    }

    [Fact]
    public async Task PushMetrics_ZeroValue_IsZeroNotMissing()
    {
        var id = await fixture.CreateClientAsync("zero");

        await Admin.PushOkAsync(id, Row("2026-10-01", "fb-main", "facebook", ("impressions", 0), ("likes", 0)));

        var kpis = await Admin.GetKpisAsync(id, "from=2026-10-01&to=2026-10-01&compare=none");
        Approx.Equal(0, Value(kpis, "impressions"));
        Approx.Equal(0, Value(kpis, "likes"));
        Approx.Equal(0, Value(kpis, "engagements")); // 0 + missing comments, shares, saves as 0
        Assert.Null(Value(kpis, "engagement_rate")); // 0 / 0 impressions: denominator 0
    }

    [Fact]
    public async Task PushMetrics_CsvWithQuotedCellsEmptyCellsAndCrlf_Returns200AndKpisReflectIt()
    {
        var id = await fixture.CreateClientAsync("csv");
        var csv =
            "date,accountId,platform,impressions,likes,comments,spend\r\n" +
            "\"2026-09-01\",\"fb-main\",facebook,\"1200\",30,,\"10.50\"\r\n" +
            "2026-09-02,ig.main,\"instagram\",800,,5,\r\n" +
            "2026-09-02,fb-main,facebook,1000,20,,4.5\r\n";

        using var response = await Admin.PushRawAsync(id, csv, "text/csv");

        await AssertRowsWrittenAsync(response, 3);
        var kpis = await Admin.GetKpisAsync(id, "from=2026-09-01&to=2026-09-02&compare=none&breakdown=platform");
        Approx.Equal(3000, Value(kpis, "impressions")); // 1200 + 800 + 1000
        Approx.Equal(50, Value(kpis, "likes")); // 30 + (empty) + 20
        Approx.Equal(5, Value(kpis, "comments")); // (empty) + 5 + (empty)
        Approx.Equal(15, Value(kpis, "spend")); // 10.50 + (empty) + 4.5
        Approx.Equal(55, Value(kpis, "engagements")); // 50 likes + 5 comments + missing shares and saves
        Approx.Equal(55.0 / 3000 * 100, Value(kpis, "engagement_rate")); // 55 / 3000 * 100
        var facebook = Platform(kpis, "facebook");
        Approx.Equal(2200, Value(facebook, "impressions")); // 1200 + 1000
        Assert.Null(Value(facebook, "comments")); // both facebook cells empty: missing, not 0
        var instagram = Platform(kpis, "instagram");
        Assert.Null(Value(instagram, "likes")); // the one instagram cell is empty
        Approx.Equal(5, Value(instagram, "comments"));
    }

    [Fact]
    public async Task PushMetrics_CsvWithLfAndCharsetAndNoTrailingNewline_Returns200()
    {
        var id = await fixture.CreateClientAsync("csv-lf");
        var csv = "date,accountId,platform,reach\n2026-09-01,li-1,linkedin,300\n2026-09-03,li-1,linkedin,200";

        using var response = await Admin.PostAsync(
            $"/api/v1/clients/{id}/metrics", new StringContent(csv, Encoding.UTF8, "text/csv"));

        await AssertRowsWrittenAsync(response, 2);
        var kpis = await Admin.GetKpisAsync(id, "from=2026-09-01&to=2026-09-03&compare=none&kpi=reach");
        Approx.Equal(500, Value(kpis, "reach")); // 300 + 200
    }

    [Fact]
    public async Task PushMetrics_CsvWithUtf8ByteOrderMark_Returns200()
    {
        // Spreadsheet programs save "CSV UTF-8" with a byte order mark before the header.
        var id = await fixture.CreateClientAsync("csv-bom");
        byte[] bom = [0xEF, 0xBB, 0xBF];
        using var content = new ByteArrayContent([.. bom, .. Encoding.UTF8.GetBytes("date,accountId,platform,leads\r\n2026-09-01,crm,other,4\r\n")]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        using var response = await Admin.PostAsync($"/api/v1/clients/{id}/metrics", content);

        await AssertRowsWrittenAsync(response, 1);
        var kpis = await Admin.GetKpisAsync(id, "from=2026-09-01&to=2026-09-01&compare=none&kpi=leads");
        Approx.Equal(4, Value(kpis, "leads"));
    }

    [Fact]
    public async Task PushMetrics_LaterPushOfOtherMetric_KeepsBoth()
    {
        var id = await fixture.CreateClientAsync("merge");
        await Admin.PushOkAsync(id, Row("2026-07-01", "fb-main", "facebook", ("impressions", 1000)));

        await Admin.PushOkAsync(id, Row("2026-07-01", "fb-main", "facebook", ("likes", 50)));

        var kpis = await Admin.GetKpisAsync(id, "from=2026-07-01&to=2026-07-01&compare=none");
        Approx.Equal(1000, Value(kpis, "impressions")); // kept from the first push
        Approx.Equal(50, Value(kpis, "likes"));
        Approx.Equal(5.0, Value(kpis, "engagement_rate")); // 50 / 1000 * 100
    }

    [Fact]
    public async Task PushMetrics_RepushedMetric_OverwritesItAndKeepsTheOthers()
    {
        var id = await fixture.CreateClientAsync("overwrite");
        await Admin.PushOkAsync(id, Row("2026-07-01", "fb-main", "facebook", ("impressions", 1000), ("likes", 50)));

        await Admin.PushOkAsync(id, Row("2026-07-01", "fb-main", "facebook", ("impressions", 2000)));

        var kpis = await Admin.GetKpisAsync(id, "from=2026-07-01&to=2026-07-01&compare=none");
        Approx.Equal(2000, Value(kpis, "impressions")); // replaced, not 1000 + 2000
        Approx.Equal(50, Value(kpis, "likes")); // untouched
        Approx.Equal(2.5, Value(kpis, "engagement_rate")); // 50 / 2000 * 100
    }

    [Fact]
    public async Task PushMetrics_CsvEmptyCellOrJsonNullAfterStoredValue_KeepsStoredValue()
    {
        var id = await fixture.CreateClientAsync("merge-empty");
        await Admin.PushOkAsync(id, Row("2026-07-01", "fb-main", "facebook", ("impressions", 1000), ("likes", 50), ("comments", 7)));

        using (var csv = await Admin.PushRawAsync(id, "date,accountId,platform,impressions,likes\r\n2026-07-01,fb-main,facebook,,60\r\n", "text/csv"))
        {
            await AssertRowsWrittenAsync(csv, 1);
        }

        var row = Row("2026-07-01", "fb-main", "facebook", ("shares", 3));
        row["comments"] = null;
        using (var json = await Admin.PushJsonAsync(id, [row]))
        {
            await AssertRowsWrittenAsync(json, 1);
        }

        var kpis = await Admin.GetKpisAsync(id, "from=2026-07-01&to=2026-07-01&compare=none");
        Approx.Equal(1000, Value(kpis, "impressions")); // the empty CSV cell is missing: the stored 1000 stays
        Approx.Equal(60, Value(kpis, "likes")); // overwritten by the CSV push
        Approx.Equal(7, Value(kpis, "comments")); // JSON null is missing: the stored 7 stays
        Approx.Equal(3, Value(kpis, "shares"));
        Approx.Equal(70, Value(kpis, "engagements")); // 60 + 7 + 3 + missing saves
    }

    [Fact]
    public async Task PushMetrics_ThreeAccountsTimes120Days_WritesEveryBatch()
    {
        // 360 rows, 2026-01-01 .. 2026-04-30 (31 + 28 + 31 + 30 = 120 days) for accounts k = 1, 2, 3:
        // impressions = day index d (1..120), likes = k, followers = 1000 * k + d.
        var id = await fixture.CreateClientAsync("bulk");
        string[] platforms = ["facebook", "instagram", "linkedin"];
        var rows = new List<Dictionary<string, object?>>();
        var first = new DateOnly(2026, 1, 1);
        for (var k = 1; k <= 3; k++)
        {
            for (var d = 1; d <= 120; d++)
            {
                rows.Add(Row(
                    first.AddDays(d - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    $"acc-{k}",
                    platforms[k - 1],
                    ("impressions", d),
                    ("likes", k),
                    ("followers", (1000 * k) + d)));
            }
        }

        using var response = await Admin.PushJsonAsync(id, rows);

        await AssertRowsWrittenAsync(response, 360);
        var all = await Admin.GetKpisAsync(id, "from=2026-01-01&to=2026-04-30&compare=none&breakdown=platform");
        Approx.Equal(21780, Value(all, "impressions")); // 3 accounts * (1 + ... + 120) = 3 * 120 * 121 / 2 = 3 * 7260
        Approx.Equal(720, Value(all, "likes")); // 120 days * (1 + 2 + 3)
        Approx.Equal(6360, Value(all, "followers")); // (1000 + 120) + (2000 + 120) + (3000 + 120)
        Approx.Equal(357, Value(all, "follower_growth")); // 6360 - (1001 + 2001 + 3001) = 6360 - 6003
        Approx.Equal(7260, Value(Platform(all, "instagram"), "impressions")); // 1 + ... + 120
        Approx.Equal(240, Value(Platform(all, "instagram"), "likes")); // 120 * 2

        var february = await Admin.GetKpisAsync(id, "from=2026-02-01&to=2026-02-28&compare=none");
        Approx.Equal(3822, Value(february, "impressions")); // days 32..59: 3 * (32 + 59) * 28 / 2 = 3 * 1274
        Approx.Equal(168, Value(february, "likes")); // 28 days * (1 + 2 + 3)
        Approx.Equal(6177, Value(february, "followers")); // (1059 + 2059 + 3059) on day 59
        Approx.Equal(84, Value(february, "follower_growth")); // 6177 - (1031 + 2031 + 3031 on day 31) = 6177 - 6093

        var lastDay = await Admin.GetKpisAsync(id, "from=2026-04-30&to=2026-04-30&compare=none");
        Approx.Equal(360, Value(lastDay, "impressions")); // 3 * 120: the last row of every account, in the last batch
    }
}
