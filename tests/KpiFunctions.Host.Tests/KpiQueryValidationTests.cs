using KpiFunctions.Host.Tests.Support;

namespace KpiFunctions.Host.Tests;

/// <summary>Bad query input on the KPI and series endpoints answers 400 problem details naming the parameter.</summary>
public sealed class KpiQueryValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private string _clientId = "";

    public async Task InitializeAsync() => _clientId = await fixture.CreateClientAsync("query");

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("from=2026-03-05&to=2026-03-01", "from")] // from after to
    [InlineData("to=2026-03-01", "from")] // from missing
    [InlineData("from=2026-03-01", "to")] // to missing
    [InlineData("from=&to=2026-03-01", "from")]
    [InlineData("from=2026-02-30&to=2026-03-01", "from")] // no such day
    [InlineData("from=01/03/2026&to=2026-03-01", "from")]
    [InlineData("from=2026-03-01&to=tomorrow", "to")]
    [InlineData("from=2023-01-01&to=2026-01-01", "to")] // 3 years and 1 day
    [InlineData("from=2020-01-01&to=2026-01-01", "to")]
    [InlineData("from=2026-03-01&to=2026-03-02&kpi=nope", "kpi")]
    [InlineData("from=2026-03-01&to=2026-03-02&kpi=impressions,Engagement_Rate", "kpi")]
    [InlineData("from=2026-03-01&to=2026-03-02&compare=month", "compare")]
    [InlineData("from=2026-03-01&to=2026-03-02&compare=last", "compare")]
    [InlineData("from=2026-03-01&to=2026-03-02&breakdown=account", "breakdown")]
    public async Task GetKpis_BadQuery_Returns400NamingTheParameter(string query, string parameter)
    {
        using var response = await fixture.Admin.GetAsync($"/api/v1/clients/{_clientId}/kpis?{query}");

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal([parameter], errors.Keys);
    }

    [Fact]
    public async Task GetKpis_SeveralBadParameters_NamesEachOfThem()
    {
        using var response = await fixture.Admin.GetAsync($"/api/v1/clients/{_clientId}/kpis?to=2026-03-01&compare=weekly&kpi=bogus");

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal(["compare", "from", "kpi"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("impressions", "from=2026-03-01&to=2026-03-31&granularity=hour", "granularity")]
    [InlineData("impressions", "from=2026-03-01&to=2026-03-31&granularity=quarter", "granularity")]
    [InlineData("impressions", "from=2026-03-31&to=2026-03-01&granularity=week", "from")]
    [InlineData("impressions", "from=2026-03-01&granularity=day", "to")]
    [InlineData("impressions", "to=2026-03-01&granularity=day", "from")]
    [InlineData("impressions", "from=2022-01-01&to=2026-01-01&granularity=month", "to")]
    [InlineData("not_a_kpi", "from=2026-03-01&to=2026-03-31&granularity=day", "kpiId")]
    public async Task GetSeries_BadQuery_Returns400NamingTheParameter(string kpiId, string query, string parameter)
    {
        using var response = await fixture.Admin.GetAsync($"/api/v1/clients/{_clientId}/kpis/{kpiId}/series?{query}");

        var errors = await Api.AssertValidationProblemAsync(response);
        Assert.Equal([parameter], errors.Keys);
    }
}
