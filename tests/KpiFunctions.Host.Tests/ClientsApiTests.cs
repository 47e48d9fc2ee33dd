using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KpiFunctions.Host.Tests.Support;

namespace KpiFunctions.Host.Tests;

/// <summary><c>/api/v1/clients</c>: create, conflict, validation, read and list.</summary>
public sealed class ClientsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static object ValidBody(string id) =>
        new { id, name = "Acme AB", timeZone = "Europe/Stockholm", currency = "SEK", locale = "sv-SE" };

    [Fact]
    public async Task CreateClient_ValidBody_Returns201WithClientAndLocation()
    {
        var id = TestIds.New("create");

        using var response = await fixture.Admin.PostAsJsonAsync("/api/v1/clients", ValidBody(id));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal($"/api/v1/clients/{id}", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString);
        var body = await Api.ReadObjectAsync(response);
        Assert.Equal(id, (string)body["id"]!);
        Assert.Equal("Acme AB", (string)body["name"]!);
        Assert.Equal("Europe/Stockholm", (string)body["timeZone"]!);
        Assert.Equal("SEK", (string)body["currency"]!);
        Assert.Equal("sv-SE", (string)body["locale"]!);

        var fetched = await fixture.Admin.GetOkAsync(location.OriginalString);
        Assert.Equal(id, (string)fetched["id"]!);
        Assert.Equal("Acme AB", (string)fetched["name"]!);
    }

    [Theory]
    [InlineData("America/New_York", "USD", "en-US")]
    [InlineData("Asia/Shanghai", "CNY", "zh-CN")]
    [InlineData("Europe/Istanbul", "TRY", "tr-TR")]
    [InlineData("Europe/Oslo", "NOK", "nb-NO")]
    public async Task CreateClient_OtherZonesCurrenciesLocales_Returns201(string timeZone, string currency, string locale)
    {
        var id = TestIds.New("zones");

        using var response = await fixture.Admin.PostAsJsonAsync(
            "/api/v1/clients", new { id, name = "Elsewhere", timeZone, currency, locale });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(63)]
    public async Task CreateClient_IdAtTheLengthBounds_Returns201(int length)
    {
        // Fresh tables per test class, so a short id is unique here; the long one is padded with digits.
        var id = length == 2 ? "q7" : TestIds.New("long").PadRight(length, '9');
        Assert.Equal(length, id.Length);

        using var response = await fixture.Admin.PostAsJsonAsync("/api/v1/clients", ValidBody(id));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, (string)(await Api.ReadObjectAsync(response))["id"]!);
    }

    [Fact]
    public async Task CreateClient_BodyNotJson_Returns400()
    {
        using var response = await fixture.Admin.PostAsync(
            "/api/v1/clients", new StringContent("id=acme&name=Acme", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CreateClient_ExistingId_Returns409AndKeepsTheFirst()
    {
        var id = TestIds.New("dup");
        using (var first = await fixture.Admin.PostAsJsonAsync("/api/v1/clients", ValidBody(id)))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var second = await fixture.Admin.PostAsJsonAsync(
            "/api/v1/clients", new { id, name = "Someone else", timeZone = "Europe/Paris", currency = "EUR", locale = "fr-FR" });

        await Api.AssertProblemAsync(second, HttpStatusCode.Conflict);
        var stored = await fixture.Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.Equal("Acme AB", (string)stored["name"]!);
        Assert.Equal("SEK", (string)stored["currency"]!);
    }

    [Theory]
    [InlineData("id", "Upper-Case")]
    [InlineData("id", "-starts-with-dash")]
    [InlineData("id", "x")] // 1 character: the pattern needs 2 to 63
    [InlineData("id", "has_underscore")]
    [InlineData("id", "has space")]
    [InlineData("id", "a123456789012345678901234567890123456789012345678901234567890123")] // 64 characters
    [InlineData("timeZone", "CET-ish")]
    [InlineData("timeZone", "Mars/Base")]
    [InlineData("timeZone", "")]
    [InlineData("timeZone", "W. Europe Standard Time")] // a Windows id, not IANA
    [InlineData("timeZone", "+01:00")]
    [InlineData("currency", "XYZ")]
    [InlineData("currency", "sek")]
    [InlineData("currency", "EURO")]
    [InlineData("locale", "xx-YY")]
    [InlineData("locale", "not a locale")]
    [InlineData("name", "")]
    public async Task CreateClient_OneBadField_Returns400NamingTheField(string field, string value)
    {
        var body = new Dictionary<string, string>
        {
            ["id"] = TestIds.New("bad"),
            ["name"] = "Acme AB",
            ["timeZone"] = "Europe/Stockholm",
            ["currency"] = "SEK",
            ["locale"] = "sv-SE",
        };
        body[field] = value;

        using var response = await fixture.Admin.PostAsJsonAsync("/api/v1/clients", body);

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal([field], errors.Keys);
        if (field != "id")
        {
            using var get = await fixture.Admin.GetAsync($"/api/v1/clients/{body["id"]}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }
    }

    [Fact]
    public async Task CreateClient_EveryFieldBad_Returns400NamingEveryField()
    {
        using var response = await fixture.Admin.PostAsJsonAsync(
            "/api/v1/clients", new { id = "Bad Id", name = "", timeZone = "Mars/Base", currency = "XYZ", locale = "xx-YY" });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(["currency", "id", "locale", "name", "timeZone"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateClient_MissingFields_Returns400NamingThem()
    {
        using var response = await fixture.Admin.PostAsJsonAsync("/api/v1/clients", new { id = TestIds.New("partial"), name = "Acme" });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(["currency", "locale", "timeZone"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetClient_UnknownId_Returns404ProblemDetails()
    {
        using var response = await fixture.Admin.GetAsync($"/api/v1/clients/{TestIds.New("nobody")}");

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListClients_Admin_ListsCreatedClients()
    {
        var a = await fixture.CreateClientAsync("list-a");
        var b = await fixture.CreateClientAsync("list-b", currency: "EUR");

        using var response = await fixture.Admin.GetAsync("/api/v1/clients");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var clients = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        var ids = clients.Select(c => (string)c!["id"]!).ToList();
        Assert.Contains(a, ids);
        Assert.Contains(b, ids);
        Assert.Equal("EUR", (string)clients.Single(c => (string)c!["id"]! == b)!["currency"]!);
    }

    [Fact]
    public async Task ListClients_ClientKey_Returns403()
    {
        var id = await fixture.CreateClientAsync("list-key");
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(id, canWrite: true));

        using var response = await client.GetAsync("/api/v1/clients");

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListClients_NoKey_Returns401()
    {
        using var anonymous = fixture.CreateClient(null);

        using var response = await anonymous.GetAsync("/api/v1/clients");

        await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
