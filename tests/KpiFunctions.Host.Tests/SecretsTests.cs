using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KpiFunctions.App;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The secrets a deployment starts with: no short ones outside development, a link-signing key of its own, and two
/// admin keys at once so that a key can be rotated without downtime.
/// </summary>
public sealed class SecretsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("Auth:AdminKey", "zQ", "Auth__AdminKey")]
    [InlineData("Auth:AdminKey", "0123456789012345678901234567890", "Auth__AdminKey")] // 31 characters
    [InlineData("Auth:SecondaryAdminKey", "zQx-k", "Auth__SecondaryAdminKey")]
    [InlineData("Reports:LinkSecret", "zQy", "Reports__LinkSecret")]
    [InlineData("Reports:LinkSecret", "", "Reports__LinkSecret")]
    [InlineData("Tokens:Keys:k1", "zQz", "Tokens__Keys__k1")]
    [InlineData("Tokens:Keys:k1", "", "Tokens__Keys__k1")]
    public async Task StartServer_MissingOrShortSecretOutsideDevelopment_RefusesNamingTheSetting(string key, string value, string setting)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() =>
            KpiFunctionsServer.StartAsync(fixture.StorageConnectionString, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value.Length > 0 ? value : "\u0001", error.Message, StringComparison.Ordinal); // the secret is not echoed
    }

    [Fact]
    public async Task AdminKeys_PrimaryAndSecondary_BothWorkAndNothingElse()
    {
        var secondary = "rotated-" + Guid.NewGuid().ToString("N");
        await using var server = await KpiFunctionsServer.StartAsync(
            fixture.StorageConnectionString, new Dictionary<string, string?> { ["Auth:SecondaryAdminKey"] = secondary });

        foreach (var (key, expected) in new[] { (server.AdminKey, HttpStatusCode.OK), (secondary, HttpStatusCode.OK), (secondary + "x", HttpStatusCode.Unauthorized) })
        {
            using var http = server.CreateClient(key);
            using var response = await http.GetAsync("/api/v1/clients");
            Assert.Equal(expected, response.StatusCode);
        }
    }

    /// <summary>
    /// A download link signed by one host works on another with the same link key and another admin key, and not on
    /// one with the same admin key and another link key: links are signed with their own secret.
    /// </summary>
    [Fact]
    public async Task DownloadLink_SignedWithTheLinkSecret_NotWithAnythingDerivedFromTheAdminKey()
    {
        var linkSecret = "links-" + Guid.NewGuid().ToString("N");
        await using var signer = await KpiFunctionsServer.StartAsync(
            fixture.StorageConnectionString, new Dictionary<string, string?> { ["Reports:LinkSecret"] = linkSecret });
        await using var sameLinkKey = await KpiFunctionsServer.StartAsync(fixture.StorageConnectionString, new Dictionary<string, string?>
        {
            ["Storage:Prefix"] = signer.Prefix, ["Reports:LinkSecret"] = linkSecret,
        });
        await using var sameAdminKey = await KpiFunctionsServer.StartAsync(fixture.StorageConnectionString, new Dictionary<string, string?>
        {
            ["Storage:Prefix"] = signer.Prefix, ["Auth:AdminKey"] = signer.AdminKey,
        });
        using var admin = signer.CreateAdminClient();
        var id = TestIds.New("links");
        (await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = "Links", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        await admin.PushOkAsync(id, Api.Row("2026-03-01", "fb", "facebook", ("impressions", 100)));
        (await admin.PostAsJsonAsync($"/api/v1/clients/{id}/reports", new { from = "2026-03-01", to = "2026-03-31" })).EnsureSuccessStatusCode();
        var link = new Uri((string)JsonNode.Parse(await admin.GetStringAsync($"/api/v1/clients/{id}/reports/2026-03-01_2026-03-31?link=true"))!["url"]!);

        using var good = await sameLinkKey.CreateClient(null).GetAsync(link.PathAndQuery);
        using var bad = await sameAdminKey.CreateClient(null).GetAsync(link.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("application/pdf", good.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
    }
}
