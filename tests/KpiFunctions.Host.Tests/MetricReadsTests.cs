using KpiFunctions.App.Metrics;
using KpiFunctions.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// Reads of a client's history: concurrent queries after a push share one storage read, and the next queries are
/// answered from memory; a report render reads past the cache.
/// </summary>
public sealed class MetricReadsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ThirtyTwoConcurrentQueries_AfterAPush_ShareOneStorageRead()
    {
        var id = await fixture.CreateClientAsync("coalesce");
        await fixture.Admin.PushOkAsync(id, [.. Enumerable.Range(1, 28).Select(d => Api.Row($"2026-02-{d:00}", "fb", "facebook", ("impressions", 100)))]);
        var store = fixture.Server.Services.GetRequiredService<MetricStore>();
        var before = store.HistoryReads;

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ =>
            fixture.Admin.GetKpisAsync(id, "from=2026-02-01&to=2026-02-28&kpi=impressions&compare=none")));
        var afterBurst = store.HistoryReads;
        await fixture.Admin.GetKpisAsync(id, "from=2026-02-01&to=2026-02-28&kpi=impressions&compare=none");

        Assert.All(answers, a => Assert.Equal(2800, Api.Value(a, "impressions"))); // 28 days × 100
        Assert.Equal(1, afterBurst - before);
        Assert.Equal(afterBurst, store.HistoryReads); // the next query is answered from memory
    }

    [Fact]
    public async Task ReadOnce_ForARender_LeavesTheCacheAsItWas()
    {
        var id = await fixture.CreateClientAsync("render");
        await fixture.Admin.PushOkAsync(id, Api.Row("2026-02-01", "fb", "facebook", ("impressions", 100)));
        var store = fixture.Server.Services.GetRequiredService<MetricStore>();

        await store.ReadOnceAsync(id, CancellationToken.None);
        var afterRender = store.HistoryReads;
        await store.ReadAllAsync(id, CancellationToken.None);
        await store.ReadAllAsync(id, CancellationToken.None);

        Assert.Equal(afterRender + 1, store.HistoryReads); // the render kept nothing; the first query reads and keeps
    }
}
