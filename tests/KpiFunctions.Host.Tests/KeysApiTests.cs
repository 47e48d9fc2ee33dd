using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using KpiFunctions.Host.Tests.Support;
using static KpiFunctions.Host.Tests.Support.Api;

namespace KpiFunctions.Host.Tests;

/// <summary>Client keys: creation, what a key may read and write, 401/403/404, revocation, listing.</summary>
public sealed class KeysApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Period = "from=2026-08-01&to=2026-08-02";

    private HttpClient Admin => fixture.Admin;

    [Theory]
    [InlineData("GET", "keys")]
    [InlineData("POST", "keys")]
    [InlineData("DELETE", "keys/0123456789abcdef")]
    public async Task Keys_UnknownClient_Returns404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/clients/nobody-{Guid.NewGuid():N}/{path}")
        {
            Content = method == "POST" ? JsonContent.Create(new { name = "portal", canWrite = false }) : null,
        };

        using var response = await fixture.Admin.SendAsync(request);

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateKey_Admin_Returns201WithIdAndKey()
    {
        var clientId = await fixture.CreateClientAsync("key-create");

        using var response = await Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/keys", new { name = "Looker Studio", canWrite = false });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ReadObjectAsync(response);
        var id = (string)body["id"]!;
        var key = (string)body["key"]!;
        Assert.False(string.IsNullOrWhiteSpace(id));
        Assert.True(key.Length >= 32, "A key should carry at least 128 bits of randomness.");
        Assert.DoesNotContain(fixture.Server.AdminKey, key, StringComparison.Ordinal);
        Assert.Equal("Looker Studio", (string)body["name"]!);
        Assert.False((bool)body["canWrite"]!);
    }

    [Fact]
    public async Task CreateKey_Admin_StoresNoPartOfTheSecret()
    {
        var clientId = await fixture.CreateClientAsync("key-hash");
        var key = await fixture.CreateKeyAsync(clientId, canWrite: true);

        // Read the ApiKeys table directly: the secret must not be stored, only a hash of it.
        var table = new TableServiceClient(fixture.StorageConnectionString).GetTableClient(fixture.Server.Prefix + "ApiKeys");
        var stored = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            stored.AddRange(entity.Select(p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }

        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, v => v.Contains(key[^20..], StringComparison.Ordinal)); // not even the key's tail
    }

    [Fact]
    public async Task CreateKey_UnknownClient_Returns404()
    {
        using var response = await Admin.PostAsJsonAsync($"/api/v1/clients/{TestIds.New("ghost")}/keys", new { name = "k", canWrite = true });

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateKey_NoName_Returns400NamingName()
    {
        var clientId = await fixture.CreateClientAsync("key-noname");

        using var response = await Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/keys", new { canWrite = true });

        var errors = await AssertValidationProblemAsync(response);
        Assert.Equal(["name"], errors.Keys);
    }

    [Fact]
    public async Task ReadOnlyKey_ReadsItsOwnClientKpisAndSeries()
    {
        var clientId = await fixture.CreateClientAsync("key-read");
        await Admin.PushOkAsync(clientId,
            Row("2026-08-01", "fb", "facebook", ("impressions", 300)),
            Row("2026-08-02", "fb", "facebook", ("impressions", 200)));
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(clientId, canWrite: false));

        var self = await client.GetOkAsync($"/api/v1/clients/{clientId}");
        var kpis = await client.GetKpisAsync(clientId, $"{Period}&kpi=impressions");
        var series = await client.GetSeriesAsync(clientId, "impressions", $"{Period}&granularity=day");

        Assert.Equal(clientId, (string)self["id"]!);
        Approx.Equal(500, Value(kpis, "impressions")); // 300 + 200
        Approx.Equal(300, Number(series["points"]![0]!.AsObject(), "value"));
        Approx.Equal(200, Number(series["points"]![1]!.AsObject(), "value"));
    }

    [Fact]
    public async Task PushMetrics_ReadOnlyKey_Returns403AndWritesNothing()
    {
        var clientId = await fixture.CreateClientAsync("key-ro");
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(clientId, canWrite: false));

        using var response = await client.PushJsonAsync(clientId, [Row("2026-08-01", "fb", "facebook", ("impressions", 300))]);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        var kpis = await Admin.GetKpisAsync(clientId, $"{Period}&kpi=impressions");
        Assert.Null(Value(kpis, "impressions"));
    }

    [Fact]
    public async Task PushMetrics_WriteKey_Returns200AndKpisReflectIt()
    {
        var clientId = await fixture.CreateClientAsync("key-rw");
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(clientId, canWrite: true));

        using var response = await client.PushJsonAsync(clientId, [Row("2026-08-01", "fb", "facebook", ("impressions", 300))]);

        await AssertRowsWrittenAsync(response, 1);
        var kpis = await client.GetKpisAsync(clientId, $"{Period}&kpi=impressions");
        Approx.Equal(300, Value(kpis, "impressions"));
    }

    [Fact]
    public async Task ClientKey_OnAnotherClient_Returns404LikeAClientThatDoesNotExist()
    {
        var own = await fixture.CreateClientAsync("key-own");
        var other = await fixture.CreateClientAsync("key-other");
        var missing = TestIds.New("key-missing");
        await Admin.PushOkAsync(other, Row("2026-08-01", "fb", "facebook", ("impressions", 300)));
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(own, canWrite: true));

        string[] paths =
        [
            "/api/v1/clients/{0}",
            "/api/v1/clients/{0}/kpis?" + Period,
            "/api/v1/clients/{0}/kpis/impressions/series?" + Period + "&granularity=day",
        ];
        foreach (var path in paths)
        {
            using var toOther = await client.GetAsync(path.Replace("{0}", other, StringComparison.Ordinal));
            using var toMissing = await client.GetAsync(path.Replace("{0}", missing, StringComparison.Ordinal));
            Assert.Equal(
                await ComparableProblemAsync(toMissing, missing),
                await ComparableProblemAsync(toOther, other));
        }

        using var pushOther = await client.PushJsonAsync(other, [Row("2026-08-02", "fb", "facebook", ("impressions", 1))]);
        using var pushMissing = await client.PushJsonAsync(missing, [Row("2026-08-02", "fb", "facebook", ("impressions", 1))]);
        Assert.Equal(await ComparableProblemAsync(pushMissing, missing), await ComparableProblemAsync(pushOther, other));
        var kpis = await Admin.GetKpisAsync(other, $"{Period}&kpi=impressions");
        Approx.Equal(300, Value(kpis, "impressions")); // the foreign push wrote nothing
    }

    [Fact]
    public async Task AnyEndpoint_NoKey_Returns401()
    {
        var clientId = await fixture.CreateClientAsync("key-none");
        using var anonymous = fixture.CreateClient(null);

        using var get = await anonymous.GetAsync($"/api/v1/clients/{clientId}/kpis?{Period}");
        using var push = await anonymous.PushJsonAsync(clientId, [Row("2026-08-01", "fb", "facebook", ("impressions", 1))]);
        using var create = await anonymous.PostAsJsonAsync("/api/v1/clients", new { id = TestIds.New("x"), name = "x", timeZone = "Europe/Stockholm", currency = "SEK", locale = "sv-SE" });

        foreach (var response in new[] { get, push, create })
        {
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }

        var kpis = await Admin.GetKpisAsync(clientId, $"{Period}&kpi=impressions");
        Assert.Null(Value(kpis, "impressions"));
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("kf_0123456789abcdef.c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0")]
    [InlineData("")]
    public async Task AnyEndpoint_UnknownKey_Returns401(string key)
    {
        var clientId = await fixture.CreateClientAsync("key-unknown");
        using var client = fixture.CreateClient(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {key}");

        using var response = await client.GetAsync($"/api/v1/clients/{clientId}");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnyEndpoint_KeyWithWrongSecret_Returns401()
    {
        var clientId = await fixture.CreateClientAsync("key-tamper");
        var key = await fixture.CreateKeyAsync(clientId, canWrite: true);
        var tampered = key[..^4] + (key[^4..] == "AAAA" ? "BBBB" : "AAAA");
        using var client = fixture.CreateClient(tampered);

        using var response = await client.GetAsync($"/api/v1/clients/{clientId}");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnyEndpoint_AdminKeyWithExtraCharacter_Returns401()
    {
        using var client = fixture.CreateClient(fixture.Server.AdminKey + "x");

        using var response = await client.GetAsync("/api/v1/clients");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokeKey_Admin_Returns204AndTheKeyStopsWorking()
    {
        var clientId = await fixture.CreateClientAsync("key-revoke");
        using var created = await Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/keys", new { name = "leaving", canWrite = true });
        var body = await ReadObjectAsync(created);
        using var client = fixture.CreateClient((string)body["key"]!);
        using (var before = await client.GetAsync($"/api/v1/clients/{clientId}"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoke = await Admin.DeleteAsync($"/api/v1/clients/{clientId}/keys/{(string)body["id"]!}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var after = await client.GetAsync($"/api/v1/clients/{clientId}");
        await AssertProblemAsync(after, HttpStatusCode.Unauthorized);
        using var push = await client.PushJsonAsync(clientId, [Row("2026-08-01", "fb", "facebook", ("impressions", 1))]);
        await AssertProblemAsync(push, HttpStatusCode.Unauthorized);
        using var again = await Admin.DeleteAsync($"/api/v1/clients/{clientId}/keys/{(string)body["id"]!}");
        await AssertProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RevokeKey_OfAnotherClient_Returns404AndTheKeyKeepsWorking()
    {
        var a = await fixture.CreateClientAsync("key-rev-a");
        var b = await fixture.CreateClientAsync("key-rev-b");
        using var created = await Admin.PostAsJsonAsync($"/api/v1/clients/{a}/keys", new { name = "a's", canWrite = false });
        var body = await ReadObjectAsync(created);

        using var revoke = await Admin.DeleteAsync($"/api/v1/clients/{b}/keys/{(string)body["id"]!}");

        await AssertProblemAsync(revoke, HttpStatusCode.NotFound);
        using var client = fixture.CreateClient((string)body["key"]!);
        await client.GetOkAsync($"/api/v1/clients/{a}");
    }

    [Fact]
    public async Task ClientKey_CreatingClientsOrKeys_Returns403()
    {
        var clientId = await fixture.CreateClientAsync("key-noadmin");
        var key = await fixture.CreateKeyAsync(clientId, canWrite: true);
        using var client = fixture.CreateClient(key);
        var newId = TestIds.New("by-key");

        using var createClient = await client.PostAsJsonAsync(
            "/api/v1/clients", new { id = newId, name = "x", timeZone = "Europe/Stockholm", currency = "SEK", locale = "sv-SE" });
        using var createKey = await client.PostAsJsonAsync($"/api/v1/clients/{clientId}/keys", new { name = "escalate", canWrite = true });
        using var listKeys = await client.GetAsync($"/api/v1/clients/{clientId}/keys");

        await AssertProblemAsync(createClient, HttpStatusCode.Forbidden);
        await AssertProblemAsync(createKey, HttpStatusCode.Forbidden);
        await AssertProblemAsync(listKeys, HttpStatusCode.Forbidden);
        using var get = await Admin.GetAsync($"/api/v1/clients/{newId}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        var keys = await ListKeysAsync(clientId);
        Assert.Single(keys);
    }

    [Fact]
    public async Task RevokeKey_ClientKey_Returns403()
    {
        var clientId = await fixture.CreateClientAsync("key-selfrevoke");
        using var created = await Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/keys", new { name = "self", canWrite = true });
        var body = await ReadObjectAsync(created);
        using var client = fixture.CreateClient((string)body["key"]!);

        using var revoke = await client.DeleteAsync($"/api/v1/clients/{clientId}/keys/{(string)body["id"]!}");

        await AssertProblemAsync(revoke, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListKeys_Admin_NeverShowsTheSecret()
    {
        var clientId = await fixture.CreateClientAsync("key-list");
        var other = await fixture.CreateClientAsync("key-list-other");
        var readKey = await fixture.CreateKeyAsync(clientId, canWrite: false);
        var writeKey = await fixture.CreateKeyAsync(clientId, canWrite: true);
        await fixture.CreateKeyAsync(other, canWrite: true);

        using var response = await Admin.GetAsync($"/api/v1/clients/{clientId}/keys");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var keys = JsonNode.Parse(text)!.AsArray();
        Assert.Equal(2, keys.Count); // not the other client's key
        Assert.Equal([false, true], keys.Select(k => (bool)k!["canWrite"]!).Order());
        foreach (var key in new[] { readKey, writeKey })
        {
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(key[^20..], text, StringComparison.Ordinal); // nor the secret's tail
        }

        Assert.All(keys, k => Assert.False(k!.AsObject().ContainsKey("key")));
    }

    private async Task<JsonArray> ListKeysAsync(string clientId)
    {
        using var response = await Admin.GetAsync($"/api/v1/clients/{clientId}/keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    // The status and body with the client id replaced and the per-request trace id left out.
    private static async Task<string> ComparableProblemAsync(HttpResponseMessage response, string clientId)
    {
        var body = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        body.Remove("traceId");
        return body.ToJsonString().Replace(clientId, "{clientId}", StringComparison.Ordinal);
    }
}
