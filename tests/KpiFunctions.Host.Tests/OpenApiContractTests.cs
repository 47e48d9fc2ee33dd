using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using KpiFunctions.Host.Tests.Support;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The OpenAPI document against real answers: every operation it describes is called on the real host (Azurite, real
/// keys, the fake platforms), on its success path and on cheap error paths, and every answer is checked against the
/// document (<see cref="OpenApiContract"/>). A new route fails this test until it is called here.
/// </summary>
public sealed class OpenApiContractTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private const string Month = "2026-03-01";
    private const string MonthEnd = "2026-03-31";
    private const string Report = "2026-03-01_2026-03-31";

    [Fact]
    public async Task EveryOperation_RealAnswers_MatchTheDocument()
    {
        var contract = await OpenApiContract.LoadAsync(fixture.Admin);
        var server = fixture.Server.BaseAddress;
        using var admin = contract.Client(server, fixture.Server.AdminKey);
        using var anonymous = contract.Client(server, null);
        var id = TestIds.New("contract");
        var client = $"/api/v1/clients/{id}";

        await Expect(HttpStatusCode.OK, anonymous.GetAsync("/api/health"));

        // Clients
        await Expect(HttpStatusCode.Created, admin.PostAsJsonAsync("/api/v1/clients", new { id, name = "Contract", timeZone = "Europe/Stockholm", currency = "SEK", locale = "sv-SE" }));
        await Expect(HttpStatusCode.Conflict, admin.PostAsJsonAsync("/api/v1/clients", new { id, name = "Again", timeZone = "UTC", currency = "EUR", locale = "en-GB" }));
        await Expect(HttpStatusCode.BadRequest, admin.PostAsJsonAsync("/api/v1/clients", new { id = "X" }));
        await Expect(HttpStatusCode.UnsupportedMediaType, admin.PostAsync("/api/v1/clients", new StringContent("{}", Encoding.UTF8, "text/plain")));
        await Expect(HttpStatusCode.Unauthorized, anonymous.GetAsync("/api/v1/clients"));
        await Expect(HttpStatusCode.OK, admin.GetAsync("/api/v1/clients"));
        await Expect(HttpStatusCode.OK, admin.GetAsync(client));
        await Expect(HttpStatusCode.NotFound, admin.GetAsync($"/api/v1/clients/{TestIds.New("ghost")}"));
        await Expect(HttpStatusCode.OK, admin.PatchAsync(client, Patch("""
            {"cadence": {"frequency": "monthly", "sendTime": "08:00"}, "recipients": [{"email": "cmo@contract.example", "name": "Kim"}], "kpiReviewMonths": 24}
            """)));
        await Expect(HttpStatusCode.BadRequest, admin.PatchAsync(client, Patch("""{"name": 5}""")));

        // Keys
        using var created = await Expect(HttpStatusCode.Created, admin.PostAsJsonAsync($"{client}/keys", new { name = "dashboard" }));
        var key = (JsonObject)JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        using var reader = contract.Client(server, (string)key["key"]!);
        await Expect(HttpStatusCode.BadRequest, admin.PostAsJsonAsync($"{client}/keys", new { name = "" }));
        await Expect(HttpStatusCode.Forbidden, reader.GetAsync($"{client}/keys"));
        await Expect(HttpStatusCode.OK, admin.GetAsync($"{client}/keys"));

        // Metrics
        await Expect(HttpStatusCode.OK, admin.PushJsonAsync(id, Rows()));
        await Expect(HttpStatusCode.OK, admin.PushRawAsync(id, "date,accountId,platform,impressions,likes\r\n2026-03-03,fb-main,facebook,900,\r\n", "text/csv"));
        await Expect(HttpStatusCode.BadRequest, admin.PushJsonAsync(id, [Api.Row("2026-03-04", "fb-main", "mars")]));
        await Expect(HttpStatusCode.UnsupportedMediaType, admin.PushRawAsync(id, "{}", "text/plain"));
        await Expect(HttpStatusCode.Forbidden, reader.PushJsonAsync(id, Rows()));

        // KPIs: every value the document lists for a parameter is accepted.
        foreach (var compare in (string[])["previous", "previous_calendar", "year", "none"])
        {
            await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/kpis?from={Month}&to={MonthEnd}&compare={compare}"));
        }

        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/kpis?from={Month}&to={MonthEnd}&kpi=impressions,engagement_rate&breakdown=platform"));
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/kpis?from={Month}&to={MonthEnd}&breakdown=none"));
        await Expect(HttpStatusCode.BadRequest, reader.GetAsync($"{client}/kpis?from=2026-03-32&to={MonthEnd}"));
        foreach (var granularity in (string[])["day", "week", "month"])
        {
            await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/kpis/impressions/series?from={Month}&to={MonthEnd}&granularity={granularity}"));
        }

        await Expect(HttpStatusCode.BadRequest, reader.GetAsync($"{client}/kpis/nothing/series?from={Month}&to={MonthEnd}"));

        // Goals
        var goal = new { kpi = "impressions", target = 5000.5, startDate = Month, deadline = "2026-12-31", platform = "facebook" };
        await Expect(HttpStatusCode.Created, admin.PutAsJsonAsync($"{client}/goals/reach", goal));
        await Expect(HttpStatusCode.OK, admin.PutAsJsonAsync($"{client}/goals/reach", new { goal.kpi, goal.target, goal.startDate, goal.deadline, platform = (string?)null }));
        await Expect(HttpStatusCode.BadRequest, admin.PutAsJsonAsync($"{client}/goals/reach", new { kpi = "nothing" }));
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/goals"));
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/goals/reach"));
        await Expect(HttpStatusCode.NotFound, reader.GetAsync($"{client}/goals/nothing"));

        // Schedule
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/schedule?count=3"));
        await Expect(HttpStatusCode.BadRequest, reader.GetAsync($"{client}/schedule?count=0"));

        // Reports, their files and links
        await Expect(HttpStatusCode.Created, admin.PostAsJsonAsync($"{client}/reports", new { from = Month, to = MonthEnd, compare = "previous" }));
        await Expect(HttpStatusCode.BadRequest, admin.PostAsJsonAsync($"{client}/reports", new { from = MonthEnd, to = Month }));
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/reports"));
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/reports/{Report}"));
        await Expect(HttpStatusCode.NotFound, reader.GetAsync($"{client}/reports/2025-01-01_2025-01-31"));
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/reports/{Report}/data"));
        await Expect(HttpStatusCode.NotFound, reader.GetAsync($"{client}/reports/2025-01-01_2025-01-31/data"));
        using var linked = await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/reports/{Report}?link=true"));
        var link = new Uri((string)JsonNode.Parse(await linked.Content.ReadAsStringAsync())!["url"]!).PathAndQuery;
        await Expect(HttpStatusCode.OK, anonymous.GetAsync(link));
        await Expect(HttpStatusCode.Forbidden, anonymous.GetAsync(link.Replace("expires=", "expires=9", StringComparison.Ordinal)));

        // Delivery
        await Expect(HttpStatusCode.Accepted, admin.PostAsync($"{client}/reports/{Report}/resend", null));
        await Expect(HttpStatusCode.Accepted, admin.PostAsJsonAsync($"{client}/reports/{Report}/resend", new { recipients = new[] { "team@contract.example" } }));
        await Expect(HttpStatusCode.BadRequest, admin.PostAsJsonAsync($"{client}/reports/{Report}/resend", new { recipients = new[] { "not an address" } }));
        await Expect(HttpStatusCode.NotFound, admin.PostAsync($"{client}/reports/2025-01-01_2025-01-31/resend", null));
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/reports/{Report}/deliveries"));
        await Expect(HttpStatusCode.NotFound, reader.GetAsync($"{client}/reports/2025-01-01_2025-01-31/deliveries"));

        // Commentary and review: the client's reports now wait for the agency's approval (February, a period of its own).
        const string february = "2026-02-01_2026-02-28";
        await Expect(HttpStatusCode.OK, admin.PatchAsync(client, Patch("""
            {"reviewBeforeSending": true, "report": {"headlineKpis": ["impressions", "likes"], "tableKpis": ["reach", "engagement"], "hideEmptyKpis": true}}
            """)));
        await Expect(HttpStatusCode.NotFound, admin.GetAsync($"{client}/reports/{february}/commentary"));
        await Expect(HttpStatusCode.OK, admin.PutAsJsonAsync($"{client}/reports/{february}/commentary", new { summary = "A good month.", nextSteps = "More video" }));
        await Expect(HttpStatusCode.BadRequest, admin.PutAsJsonAsync($"{client}/reports/{february}/commentary", new { summary = "\u0007" }));
        await Expect(HttpStatusCode.Forbidden, reader.GetAsync($"{client}/reports/{february}/commentary"));
        await Expect(HttpStatusCode.OK, admin.GetAsync($"{client}/reports/{february}/commentary"));
        await Expect(HttpStatusCode.Created, admin.PostAsJsonAsync($"{client}/reports", new { from = "2026-02-01", to = "2026-02-28" }));
        await Expect(HttpStatusCode.Conflict, admin.PostAsync($"{client}/reports/{february}/resend", null));
        await Expect(HttpStatusCode.Accepted, admin.PostAsync($"{client}/reports/{february}/approve", null));
        await Expect(HttpStatusCode.Conflict, admin.PostAsync($"{client}/reports/{february}/approve", null));
        await Expect(HttpStatusCode.NotFound, admin.PostAsync($"{client}/reports/2025-01-01_2025-01-31/approve", null));
        await Expect(HttpStatusCode.OK, admin.PutAsJsonAsync($"{client}/reports/2025-03-01_2025-03-31/commentary", new { summary = "Drafted early." }));
        await Expect(HttpStatusCode.NoContent, admin.DeleteAsync($"{client}/reports/2025-03-01_2025-03-31/commentary"));
        await Expect(HttpStatusCode.NotFound, admin.DeleteAsync($"{client}/reports/2025-03-01_2025-03-31/commentary"));

        await CheckAccountsAsync(admin, anonymous, reader, client);

        // Keys last: the reader's key is revoked.
        await Expect(HttpStatusCode.NoContent, admin.DeleteAsync($"{client}/keys/{(string)key["id"]!}"));
        await Expect(HttpStatusCode.NotFound, admin.DeleteAsync($"{client}/keys/{(string)key["id"]!}"));
        await Expect(HttpStatusCode.NoContent, admin.DeleteAsync($"{client}/goals/reach"));
        await Expect(HttpStatusCode.NotFound, admin.DeleteAsync($"{client}/goals/reach"));

        Assert.True(contract.Failures.Count == 0, string.Join('\n', contract.Failures));
        var answers = contract.Answers;
        Assert.Equal(contract.Operations, answers.Keys.Order(StringComparer.Ordinal));
        Assert.All(answers, a => Assert.True(a.Value.Any(s => s is >= 200 and < 300), $"{a.Key} answered only {string.Join(", ", a.Value)}: call its success path."));
    }

    [Fact]
    public void Check_AnswerUnlikeTheDocument_NamesEachDifference()
    {
        var contract = OpenApiContract.Parse(File.ReadAllText(Path.Combine(KpiFunctions.Testing.RepoPaths.Root, "docs", "openapi.v1.json")));
        var answer = JsonNode.Parse("""
            {"clientId": "acme", "from": "2026-05-01", "to": "31.05.2026", "compare": null, "kpis": [
              {"id": "impressions", "name": "Impressions", "category": "reach", "unit": "count", "better": "sometimes",
               "value": "152000", "previous": null, "change": null, "changePercent": null, "note": "extra"}]}
            """);

        var errors = contract.Check(answer, "KpisResponse");

        Assert.Equal(
            [
                "$: the required 'currency' is missing.",
                "$.to: '31.05.2026' is not a date (yyyy-MM-dd).",
                "$.kpis[0].better: \"sometimes\" is not one of [\"higher\",\"lower\",\"none\"].",
                "$.kpis[0].value: \"152000\" is not null or number.",
                "$.kpis[0]: 'note' is not in the document.",
            ],
            errors);
        Assert.Empty(contract.Check(JsonNode.Parse("""{"status": "healthy"}"""), "HealthStatus"));
    }

    private async Task CheckAccountsAsync(HttpClient admin, HttpClient anonymous, HttpClient reader, string client)
    {
        var account = $"{client}/accounts/page";
        var externalId = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect(HttpStatusCode.Created, admin.PutAsJsonAsync(account, new { platform = "facebook", externalId, name = "Page" }));
        await Expect(HttpStatusCode.OK, admin.PutAsJsonAsync(account, new { platform = "facebook", externalId, name = "The page", timeZone = "Europe/Stockholm" }));
        await Expect(HttpStatusCode.BadRequest, admin.PutAsJsonAsync(account, new { platform = "mars" }));
        await Expect(HttpStatusCode.Conflict, admin.PutAsJsonAsync($"{client}/accounts/fb-main", new { platform = "instagram", externalId }));
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{client}/accounts"));
        await Expect(HttpStatusCode.OK, reader.GetAsync(account));
        await Expect(HttpStatusCode.NotFound, reader.GetAsync($"{client}/accounts/nothing"));
        await Expect(HttpStatusCode.Conflict, admin.PostAsync($"{account}/fetch", null));

        await Expect(HttpStatusCode.OK, admin.PutAsJsonAsync($"{account}/credentials", new { accessToken = fixture.Fake.IssueToken() }));
        await Expect(HttpStatusCode.BadRequest, admin.PutAsJsonAsync($"{account}/credentials", new { accessToken = "with spaces" }));
        await fixture.DrainAsync();
        using var fetched = await Expect(HttpStatusCode.Accepted, admin.PostAsJsonAsync($"{account}/fetch", new { from = Month, to = MonthEnd }));
        var runId = (string)JsonNode.Parse(await fetched.Content.ReadAsStringAsync())!["runId"]!;
        await fixture.DrainAsync();
        await Expect(HttpStatusCode.Accepted, admin.PostAsync($"{account}/fetch", null));
        await fixture.DrainAsync();
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{account}/runs"));
        await Expect(HttpStatusCode.OK, reader.GetAsync($"{account}/runs/{runId}"));
        await Expect(HttpStatusCode.NotFound, reader.GetAsync($"{account}/runs/nothing"));

        // OAuth: the consent page (the fake platform, not checked) sends the browser back to the callback.
        using var connect = await Expect(HttpStatusCode.OK, admin.PostAsync($"{account}/connect", null));
        var authorize = new Uri((string)JsonNode.Parse(await connect.Content.ReadAsStringAsync())!["authorizeUrl"]!);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
        var callback = consent.Headers.Location!.PathAndQuery;
        await Expect(HttpStatusCode.BadRequest, anonymous.GetAsync(callback.Replace("state=", "state=x", StringComparison.Ordinal)));
        await Expect(HttpStatusCode.OK, anonymous.GetAsync(callback));
        await fixture.DrainAsync();

        await Expect(HttpStatusCode.NoContent, admin.DeleteAsync(account));
        await Expect(HttpStatusCode.NotFound, admin.DeleteAsync($"{client}/accounts/nothing"));
    }

    private static Dictionary<string, object?>[] Rows() =>
    [
        Api.Row("2026-03-01", "fb-main", "facebook", ("impressions", 1200), ("reach", 800), ("likes", 40), ("comments", 3)),
        Api.Row("2026-03-02", "fb-main", "facebook", ("impressions", 1500), ("reach", 950), ("likes", 52)),
        Api.Row("2026-03-02", "ads", "meta_ads", ("spend", 12.5), ("paid_impressions", 4000), ("paid_clicks", 61)),
    ];

    private static StringContent Patch(string json) => new(json, Encoding.UTF8, "application/merge-patch+json");

    /// <summary>Awaits the call and checks its status; the answer's match with the document is checked by the client.</summary>
    private static async Task<HttpResponseMessage> Expect(HttpStatusCode status, Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == status, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
