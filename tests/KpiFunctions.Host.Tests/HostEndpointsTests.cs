using System.Net;
using System.Text.Json.Nodes;
using KpiFunctions.Host.Tests.Support;

namespace KpiFunctions.Host.Tests;

/// <summary>The endpoints that need no key: health and the OpenAPI document.</summary>
public sealed class HostEndpointsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task GetHealth_NoKey_Returns200()
    {
        using var anonymous = fixture.CreateClient(null);

        using var response = await anonymous.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetOpenApi_NoKey_Returns200JsonWithTheKpisPath()
    {
        using var anonymous = fixture.CreateClient(null);

        using var response = await anonymous.GetAsync("/api/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/clients/{clientId}/kpis"), string.Join(", ", paths.Select(p => p.Key)));
        Assert.True(paths.ContainsKey("/api/v1/clients/{clientId}/kpis/{kpiId}/series"));
        Assert.True(paths.ContainsKey("/api/v1/clients/{clientId}/metrics"));
        Assert.True(paths.ContainsKey("/api/v1/clients"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task StartServer_NoAdminKeyOutsideDevelopment_RefusesWithAClearMessage(string adminKey)
    {
        var settings = new Dictionary<string, string?> { ["Auth:AdminKey"] = adminKey };

        var error = await Assert.ThrowsAsync<KpiFunctions.App.StartupException>(
            () => KpiFunctions.Testing.KpiFunctionsServer.StartAsync(fixture.StorageConnectionString, settings));

        Assert.Contains("Auth__AdminKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUnknownApiPath_Admin_Returns404()
    {
        using var response = await fixture.Admin.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
