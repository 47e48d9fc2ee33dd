using System.Net;
using System.Net.Http.Json;
using KpiFunctions.Host.Tests.Support;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// Every id and address the API takes, with a line break at its end (where .NET's <c>$</c> used to match): refused
/// with a 4xx that names it, never a 500, never stored in another form.
/// </summary>
public sealed class TrailingNewlineTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task CreateClient_IdEndingInNewline_Returns400NamingId()
    {
        using var response = await fixture.Admin.PostAsJsonAsync(
            "/api/v1/clients", new { id = "acme\n", name = "Acme", timeZone = "UTC", currency = "EUR", locale = "en-GB" });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(["id"], errors.Keys);
    }

    [Fact]
    public async Task CreateClient_NameWithLineBreak_Returns400NamingName()
    {
        using var response = await fixture.Admin.PostAsJsonAsync(
            "/api/v1/clients", new { id = TestIds.New("nl"), name = "Acme\nInc", timeZone = "UTC", currency = "EUR", locale = "en-GB" });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(["name"], errors.Keys);
    }

    [Theory]
    [InlineData("/api/v1/clients/{0}%0A")]
    [InlineData("/api/v1/clients/{0}/goals/gg%0A")]
    [InlineData("/api/v1/clients/{0}/reports/2026-03-01_2026-03-31%0A")]
    [InlineData("/api/v1/clients/{0}/reports/2026-03-01_2026-03-31%0A/deliveries")]
    public async Task Get_IdEndingInNewline_Returns404(string path)
    {
        var id = await fixture.CreateClientAsync("nl");

        using var response = await fixture.Admin.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id));

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutGoal_GoalIdEndingInNewline_Returns400NamingGoalIdAndSavesNothing()
    {
        var id = await fixture.CreateClientAsync("nl");

        using var response = await fixture.Admin.PutAsJsonAsync(
            $"/api/v1/clients/{id}/goals/gg%0A", new { kpi = "reach", target = 1000, startDate = "2026-01-01", deadline = "2026-06-30" });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Contains("goalId", errors.Keys);
        Assert.Empty((await fixture.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/api/v1/clients/{id}/goals"))!);
    }

    [Fact]
    public async Task DeleteKey_KeyIdEndingInNewline_Returns404()
    {
        var id = await fixture.CreateClientAsync("nl");

        using var response = await fixture.Admin.DeleteAsync($"/api/v1/clients/{id}/keys/0123456789abcdef%0A");

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PushMetrics_AccountIdEndingInNewline_Returns400AndWritesNothing()
    {
        var id = await fixture.CreateClientAsync("nl");

        using var response = await fixture.Admin.PushJsonAsync(id, [Api.Row("2026-03-01", "bad\n", "facebook", ("impressions", 10))]);

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Contains(errors.Keys, k => k.Contains("accountId", StringComparison.Ordinal));
        var kpis = await fixture.Admin.GetKpisAsync(id, "from=2026-03-01&to=2026-03-01&kpi=impressions&compare=none");
        Assert.Null(Api.Value(kpis, "impressions"));
    }

    [Theory]
    [InlineData("bob\n@example.com")]
    [InlineData("bob@example.com\n")]
    [InlineData("bob@example.com\r\n")]
    [InlineData("bob@exam\nple.com")]
    public async Task PatchRecipients_AddressWithLineBreak_Returns400AndKeepsTheRecipients(string email)
    {
        var id = await fixture.CreateClientAsync("nl");

        using var response = await fixture.Admin.PatchAsJsonAsync($"/api/v1/clients/{id}", new { recipients = new[] { new { email } } });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(["recipients[0].email"], errors.Keys);
        var client = await fixture.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/v1/clients/{id}");
        Assert.Empty(client!["recipients"]!.AsArray());
    }

    [Fact]
    public async Task Resend_RecipientEndingInNewline_Returns400NamingIt()
    {
        var id = await fixture.CreateClientAsync("nl");

        using var response = await fixture.Admin.PostAsJsonAsync(
            $"/api/v1/clients/{id}/reports/2026-03-01_2026-03-31/resend", new { recipients = new[] { "bob@example.com\n" } });

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(["recipients[0]"], errors.Keys);
    }
}
