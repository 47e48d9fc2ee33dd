using System.Net;
using System.Text;
using KpiFunctions.App.Api;
using KpiFunctions.Host.Tests.Support;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// Bodies over a route's limit, with a length given or sent in chunks, and pushes that cross a limit while being read:
/// a 413 or 400 problem naming the limit, never a 500, nothing written.
/// </summary>
public sealed class BodyLimitTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    public static TheoryData<string> RoutesWithBodies() => [.. ApiRoutes.All.Where(r => r.Body is not null).Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(RoutesWithBodies))]
    public async Task EveryRouteWithABody_ContentLengthOverItsLimit_Returns413ProblemWithoutReadingIt(string name)
    {
        var route = ApiRoutes.Get(name);
        var id = await fixture.CreateClientAsync("big");
        var path = route.Path.Replace("{clientId}", id, StringComparison.Ordinal).Replace("{goalId}", "g1", StringComparison.Ordinal)
            .Replace("{reportId}", "2026-03-01_2026-03-31", StringComparison.Ordinal);
        using var response = await SendLargeAsync(route.Method, path, route.MaxBodyBytes + 1, "application/json");

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"{route.MaxBodyBytes:N0} bytes", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushMetrics_31MegabyteBody_Returns413()
    {
        var id = await fixture.CreateClientAsync("big");
        using var response = await SendLargeAsync("POST", $"/api/v1/clients/{id}/metrics", 31 * 1024 * 1024, "text/csv");

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task PatchClient_ChunkedBodyOverTheLimit_Returns413AndChangesNothing()
    {
        var id = await fixture.CreateClientAsync("big");
        var json = "{\"name\":\"" + new string('x', 300 * 1024) + "\"}";
        using var content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(json))) { Headers = { ContentType = new("application/merge-patch+json") } };

        using var response = await fixture.Admin.PatchAsync($"/api/v1/clients/{id}", content);

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal($"Test client big", (string)(await fixture.Admin.GetOkAsync($"/api/v1/clients/{id}"))["name"]!);
    }

    [Fact]
    public async Task PushCsv_200000OneCellLines_Returns400AfterTheFirst100BadRowsAndWritesNothing()
    {
        var id = await fixture.CreateClientAsync("lines");
        var csv = new StringBuilder("date,accountId,platform,impressions\n");
        for (var i = 0; i < 200_000; i++)
        {
            csv.Append("x\n");
        }

        using var response = await fixture.Admin.PushRawAsync(id, csv.ToString(), "text/csv");

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"rows[{i}]").Order(StringComparer.Ordinal), errors.Keys.Order(StringComparer.Ordinal));
        await AssertNothingWrittenAsync(id);
    }

    [Fact]
    public async Task PushCsv_10001GoodRows_Returns400AtTheRowLimitAndWritesNothing()
    {
        var id = await fixture.CreateClientAsync("lines");
        var csv = new StringBuilder("date,accountId,platform,impressions\n");
        for (var i = 0; i < 10_001; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"2026-03-01,a{i},facebook,1\n");
        }

        using var response = await fixture.Admin.PushRawAsync(id, csv.ToString(), "text/csv");

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Contains(errors["rows"], m => m.Contains("More than 10,000 rows", StringComparison.Ordinal));
        await AssertNothingWrittenAsync(id);
    }

    [Theory]
    [InlineData(70_000, 1, "longer than 65,536 characters")]
    [InlineData(1, 1_500, "more than 1,000 cells")]
    public async Task PushCsv_LineOverALimit_Returns400NamingIt(int cellLength, int cells, string message)
    {
        var id = await fixture.CreateClientAsync("line");
        var line = string.Join(',', Enumerable.Repeat(new string('1', cellLength), cells));
        var csv = $"date,accountId,platform,impressions\n2026-03-01,fb,facebook,10\n{line}\n2026-03-02,fb,facebook,10\n";

        using var response = await fixture.Admin.PushRawAsync(id, csv, "text/csv");

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Contains(errors["body"], m => m.Contains(message, StringComparison.Ordinal));
        await AssertNothingWrittenAsync(id);
    }

    [Fact]
    public async Task PushJson_MoreThan10000Rows_Returns400AtTheRowLimit()
    {
        var id = await fixture.CreateClientAsync("rows");
        var rows = string.Join(',', Enumerable.Range(0, 10_001).Select(i => "{\"date\":\"2026-03-01\",\"accountId\":\"a" + i + "\",\"platform\":\"facebook\",\"impressions\":1}"));

        using var response = await fixture.Admin.PushRawAsync(id, "{\"rows\":[" + rows + "]}", "application/json");

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Contains(errors["rows"], m => m.Contains("More than 10,000 rows", StringComparison.Ordinal));
        await AssertNothingWrittenAsync(id);
    }

    [Fact]
    public async Task PushJson_RowLongerThan64Kilobytes_Returns400()
    {
        var id = await fixture.CreateClientAsync("row");
        var body = "{\"rows\":[{\"date\":\"2026-03-01\",\"accountId\":\"" + new string('a', 70_000) + "\",\"platform\":\"facebook\"}]}";

        using var response = await fixture.Admin.PushRawAsync(id, body, "application/json");

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Contains(errors["rows[0]"], m => m.Contains("longer than 65,536 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PushJson_10000RowsWithProblems_StopsAtTheFirst100AndSaysSo()
    {
        var id = await fixture.CreateClientAsync("many");
        var rows = string.Join(',', Enumerable.Range(0, 10_000).Select(i => "{\"date\":\"2026-03-01\",\"accountId\":\"a" + i + "\",\"platform\":\"mars\"}"));

        using var response = await fixture.Admin.PushRawAsync(id, "{\"rows\":[" + rows + "]}", "application/json");

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(100, errors.Count);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Checking stopped at the first 100 fields with problems: fix these and send it again.", (string)problem["detail"]!);
    }

    /// <summary>Sends a body of <paramref name="bytes"/> zero bytes with Expect: 100-continue, so the host can answer before it is sent.</summary>
    private async Task<HttpResponseMessage> SendLargeAsync(string method, string path, long bytes, string contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new ByteArrayContent(new byte[bytes]) { Headers = { ContentType = new(contentType) } },
            Headers = { ExpectContinue = true },
        };
        return await fixture.Admin.SendAsync(request);
    }

    private async Task AssertNothingWrittenAsync(string clientId)
    {
        var kpis = await fixture.Admin.GetKpisAsync(clientId, "from=2026-03-01&to=2026-03-02&kpi=impressions&compare=none");
        Assert.Null(Api.Value(kpis, "impressions"));
    }

    /// <summary>A body whose length HttpClient does not know, so it is sent in chunks.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
