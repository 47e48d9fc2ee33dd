using System.Net;
using System.Text.Json.Nodes;
using static KpiFunctions.Host.Tests.Support.Api;
using static KpiFunctions.Host.Tests.Support.ClientSetup;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// A client's <c>recipients</c> through <c>PATCH</c>/<c>GET /api/v1/clients/{clientId}</c>: replaced whole, validated,
/// and checked against the deployment's allow-list (<c>example.com</c>, <c>example.org</c> here) when saved.
/// </summary>
public sealed class DeliveryRecipientsTests(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task Patch_Recipients_ReplacesTheListAndGetShowsIt()
    {
        var id = await fixture.CreateClientAsync("r-set", "sv-SE", "Europe/Stockholm");
        var empty = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.Empty(empty["recipients"]!.AsArray());

        var patched = await PatchRecipientsOkAsync(id, """[{"email":"Anna@Example.com","name":"Anna Berg"},{"email":"ops@mail.example.org"}]""");

        var expected = JsonNode.Parse("""[{"email":"Anna@example.com","name":"Anna Berg"},{"email":"ops@mail.example.org","name":null}]""");
        Assert.True(JsonNode.DeepEquals(expected, patched["recipients"]), patched["recipients"]!.ToJsonString());
        var read = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.True(JsonNode.DeepEquals(expected, read["recipients"]), read["recipients"]!.ToJsonString());

        // Another field leaves the list alone; a new list replaces it whole; null empties it.
        await fixture.PatchOkAsync(id, """{"name":"Acme renamed"}""");
        Assert.True(JsonNode.DeepEquals(expected, (await Admin.GetOkAsync($"/api/v1/clients/{id}"))["recipients"]));
        var replaced = await PatchRecipientsOkAsync(id, """[{"email":"bo@example.com","name":"Bo"}]""");
        Assert.Equal("bo@example.com", (string)Assert.Single(replaced["recipients"]!.AsArray())!["email"]!);
        var cleared = await fixture.PatchOkAsync(id, """{"recipients":null}""");
        Assert.Empty(cleared["recipients"]!.AsArray());
    }

    [Theory]
    [InlineData("""[{"email":"ok@example.com"},{"email":"not an address"}]""", "recipients[1].email")]
    [InlineData("""[{"email":"a@example.com"},{"email":"b@"}]""", "recipients[1].email")]
    [InlineData("""[{"email":"a@example"}]""", "recipients[0].email")]
    [InlineData("""[{"email":"a..b@example.com"}]""", "recipients[0].email")]
    [InlineData("""[{"email":"a@example.com"},{"email":"b@example.com"},{"email":"A@EXAMPLE.COM"}]""", "recipients[2].email")]
    [InlineData("""[{"name":"No address"}]""", "recipients[0].email")]
    [InlineData("""[{"email":"a@example.com","name":"Line\nbreak"}]""", "recipients[0].name")]
    [InlineData("""[{"email":"a@example.com","phone":"123"}]""", "recipients[0].phone")]
    [InlineData("""["a@example.com"]""", "recipients[0]")]
    [InlineData("""{"email":"a@example.com"}""", "recipients")]
    public async Task Patch_InvalidRecipients_400NamesTheFieldAndChangesNothing(string recipients, string field)
    {
        var id = await fixture.CreateClientAsync("r-bad", "en-GB", "Europe/London", ("kept@example.com", "Kept"));

        using var response = await Admin.PatchClientAsync(id, $$"""{"recipients":{{recipients}}}""");

        var errors = await AssertValidationProblemAsync(response);
        Assert.True(errors.ContainsKey(field), $"Expected an error for {field}: {string.Join(", ", errors.Keys)}");
        var client = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.Equal("kept@example.com", (string)Assert.Single(client["recipients"]!.AsArray())!["email"]!);
    }

    [Fact]
    public async Task Patch_DomainNotOnTheAllowList_400NamesTheRecipient()
    {
        var id = await fixture.CreateClientAsync("r-deny", "en-GB", "Europe/London");

        using var response = await Admin.PatchClientAsync(
            id, """{"recipients":[{"email":"a@example.com"},{"email":"b@sub.example.org"},{"email":"c@evil.test"},{"email":"d@notexample.com"}]}""");

        var errors = await AssertValidationProblemAsync(response);
        Assert.Equal(["recipients[2].email", "recipients[3].email"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("evil.test", errors["recipients[2].email"][0], StringComparison.Ordinal);
        Assert.Contains("allow-list", errors["recipients[2].email"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_MoreThan50Recipients_400()
    {
        var id = await fixture.CreateClientAsync("r-many", "en-GB", "Europe/London");
        var list = Enumerable.Range(0, 51).Select(i => new { email = $"p{i}@example.com" });

        using var response = await Admin.PatchClientAsync(id, Json(new { recipients = list }));

        var errors = await AssertValidationProblemAsync(response);
        Assert.Contains("50", Assert.Single(errors["recipients"]), StringComparison.Ordinal);

        await PatchRecipientsOkAsync(id, Json(list.Take(50)));
    }

    [Fact]
    public async Task Patch_RecipientsWithAClientKey_403()
    {
        var id = await fixture.CreateClientAsync("r-key", "en-GB", "Europe/London");
        using var client = fixture.Server.CreateClient(await CreateKeyAsync(id));

        using var response = await client.PatchClientAsync(id, """{"recipients":[{"email":"a@example.com"}]}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<string> CreateKeyAsync(string clientId)
    {
        using var response = await Admin.PostAsync(
            $"/api/v1/clients/{clientId}/keys", System.Net.Http.Json.JsonContent.Create(new { name = "k", canWrite = true }));
        return (string)(await ReadObjectAsync(response))["key"]!;
    }

    private Task<JsonObject> PatchRecipientsOkAsync(string clientId, string recipientsJson) =>
        fixture.PatchOkAsync(clientId, $$"""{"recipients":{{recipientsJson}}}""");
}
