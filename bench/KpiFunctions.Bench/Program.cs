using System.Diagnostics;
using System.Net.Http.Json;
using KpiFunctions.Kpis;
using KpiFunctions.Demo;
using KpiFunctions.Kpis.Samples;
using KpiFunctions.Testing;

// Ingestion and KPI-query figures against a real Azurite, over real HTTP on loopback.
// Run with ./bench/run (Release build). Figures are printed, never asserted.
const int Accounts = 10;
const int QueryRuns = 200;
var period = new DateRange(new DateOnly(2024, 11, 1), new DateOnly(2026, 10, 31)); // 730 days
var lastYear = new DateRange(new DateOnly(2025, 11, 1), new DateOnly(2026, 10, 31));

Console.WriteLine($"KpiFunctions benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
await using var azurite = await Azurite.StartAsync();
await using var server = await KpiFunctionsServer.StartAsync(azurite.ConnectionString);
using var admin = server.CreateAdminClient();

var accounts = SampleMetrics.SocialAccounts(Accounts);
var rows = SampleMetrics.Rows(accounts, period).ToList();

// 1. Batched: one push per account (730 rows), as a connector sends them; the host writes 100-row transactions.
await CreateClientAsync("bench-batched");
var batched = Stopwatch.StartNew();
foreach (var account in accounts)
{
    await PushAsync("bench-batched", rows.Where(r => r.AccountId == account.Id));
}

batched.Stop();
var batchedRate = rows.Count / batched.Elapsed.TotalSeconds;

// 2. Baseline: one row per request (and so one table upsert per request), over one account's 730 rows.
await CreateClientAsync("bench-single");
var baselineRows = rows.Where(r => r.AccountId == accounts[0].Id).ToList();
var single = Stopwatch.StartNew();
foreach (var row in baselineRows)
{
    await PushAsync("bench-single", [row]);
}

single.Stop();
var singleRate = baselineRows.Count / single.Elapsed.TotalSeconds;

Console.WriteLine();
Console.WriteLine("Ingestion through POST /api/v1/clients/{id}/metrics into Azurite");
Console.WriteLine($"  batched, 10 pushes of 730 rows   {rows.Count,6:N0} rows  {batched.Elapsed.TotalSeconds,7:F2} s  {batchedRate,8:N0} rows/s");
Console.WriteLine($"  baseline, 1 row per request      {baselineRows.Count,6:N0} rows  {single.Elapsed.TotalSeconds,7:F2} s  {singleRate,8:N0} rows/s");
Console.WriteLine($"  batched / baseline               {batchedRate / singleRate,6:F1}x");

// 3. KPI query: one year, compare=previous (so both years of data are read), every KPI of the catalog.
var query = $"/api/v1/clients/bench-batched/kpis?from={lastYear.From:yyyy-MM-dd}&to={lastYear.To:yyyy-MM-dd}&compare=previous";
var firstQuery = await TimeAsync(admin, query);
var warm = await MeasureAsync(admin, query, QueryRuns);

// The same query on a second host whose row cache is off: every request reads all 7,300 rows from storage.
await using var uncachedServer = await KpiFunctionsServer.StartAsync(
    azurite.ConnectionString,
    new Dictionary<string, string?> { ["Storage:Prefix"] = server.Prefix, ["Storage:CacheMegabytes"] = "0", ["Auth:AdminKey"] = server.AdminKey });
using var uncachedAdmin = uncachedServer.CreateAdminClient();
var uncached = await MeasureAsync(uncachedAdmin, query, 20);

Console.WriteLine();
Console.WriteLine($"GET .../kpis one year, compare=previous, all {KpiCatalog.All.Count} KPIs, {rows.Count:N0} rows stored");
Console.WriteLine($"  first request after the pushes          {firstQuery,8:F1} ms");
Console.WriteLine($"  {QueryRuns} sequential, row cache on        p50 {Percentile(warm, 50),6:F1} ms  p95 {Percentile(warm, 95),6:F1} ms  p99 {Percentile(warm, 99),6:F1} ms");
Console.WriteLine($"  20 sequential, row cache off          p50 {Percentile(uncached, 50),6:F1} ms  p95 {Percentile(uncached, 95),6:F1} ms  p99 {Percentile(uncached, 99),6:F1} ms");
return 0;

async Task CreateClientAsync(string id)
{
    var response = await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = id, timeZone = "Europe/Stockholm", currency = "SEK", locale = "sv-SE" });
    response.EnsureSuccessStatusCode();
}

async Task PushAsync(string clientId, IEnumerable<DailyRow> batch)
{
    var response = await admin.PostAsync($"/api/v1/clients/{clientId}/metrics", MetricsPayload.Json(batch));
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
    }
}

static async Task<double> TimeAsync(HttpClient client, string url)
{
    var watch = Stopwatch.StartNew();
    using var response = await client.GetAsync(url);
    await response.Content.ReadAsByteArrayAsync();
    response.EnsureSuccessStatusCode();
    return watch.Elapsed.TotalMilliseconds;
}

static async Task<List<double>> MeasureAsync(HttpClient client, string url, int runs)
{
    for (var i = 0; i < 5; i++)
    {
        await TimeAsync(client, url); // warm-up: JIT, connection, cache
    }

    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        times.Add(await TimeAsync(client, url));
    }

    return times;
}

static double Percentile(List<double> values, int percent)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}
