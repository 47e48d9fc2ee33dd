using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using KpiFunctions.Demo;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Samples;
using KpiFunctions.Testing;

// The ingestion benchmark. A fresh Azurite and standalone host (its own process, as deployed) whose Meta platforms are
// the fake; N accounts (every platform with a connector, in turn) are connected with a token, and each one's first
// fetch backfills D days (or what the platform keeps) through the ingest-account queue. Timed from the first connection
// until every run has finished. Then as many rows are pushed through the API (one request per account) to a second client.
//   dotnet run -c Release --project bench/KpiFunctions.IngestBench [-- ACCOUNTS [DAYS]]
var accounts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
Console.WriteLine($"Ingestion benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores: {accounts} accounts x {days} days");

await using var azurite = await Azurite.StartAsync();
await using var fake = await FakeMeta.StartAsync(new FakeMetaOptions { AcceptAnyToken = true, AsyncPolls = 0 });
var adminKey = Secret();
var settings = new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["Auth:AdminKey"] = adminKey,
    ["Auth:ClientKeyRequestsPerMinute"] = "1000000",
    ["Reports:LinkSecret"] = Secret(),
    ["Tokens:Keys:k1"] = Secret(),
    ["AzureWebJobs:extensions:queues:maxPollingInterval"] = "00:00:00.200",
    ["Logging:LogLevel:Default"] = "Warning",
};
// Every platform with a connector, in turn; Meta's at the fake's root, the others under their own prefix. A platform
// that keeps less history than DAYS (TikTok 58 days, Pinterest 87, LinkedIn 360) backfills what it has.
var fakeUrl = fake.BaseUrl.ToString();
(string Id, string Section, Dictionary<string, string> Urls)[] connectors =
[
    ("facebook", "Facebook", new() { ["BaseUrl"] = fakeUrl }),
    ("instagram", "Instagram", new() { ["BaseUrl"] = fakeUrl }),
    ("meta_ads", "MetaAds", new() { ["BaseUrl"] = fakeUrl }),
    ("tiktok", "TikTok", new() { ["BaseUrl"] = fakeUrl + "tiktok" }),
    ("x", "X", new() { ["BaseUrl"] = fakeUrl + "x" }),
    ("youtube", "YouTube", new() { ["BaseUrl"] = fakeUrl + "youtube/analytics", ["DataBaseUrl"] = fakeUrl + "youtube/data", ["TokenUrl"] = fakeUrl + "youtube/token" }),
    ("linkedin", "LinkedIn", new() { ["BaseUrl"] = fakeUrl + "linkedin" }),
    ("pinterest", "Pinterest", new() { ["BaseUrl"] = fakeUrl + "pinterest" }),
];
foreach (var (_, section, urls) in connectors)
{
    foreach (var (key, url) in urls)
    {
        settings[$"Platforms:{section}:{key}"] = url;
    }

    // TikTok, LinkedIn and Pinterest keep less history: their own backfill limits apply.
    if (section is not ("TikTok" or "LinkedIn" or "Pinterest"))
    {
        settings[$"Platforms:{section}:BackfillDays"] = days.ToString(CultureInfo.InvariantCulture);
    }
}

await using var host = await HostProcess.StartAsync(settings);
using var admin = host.CreateClient(adminKey);
var platforms = connectors.Select(c => c.Id).ToArray();

// Fetched: connect every account; a connection starts its backfill at once.
await CreateClientAsync(admin, "fetched");
var cpu = (Host: ProcessMemory.CpuTime(host.ProcessId), Fake: Process.GetCurrentProcess().TotalProcessorTime, Azurite: ProcessMemory.CpuTime(azurite.ProcessId));
var fetch = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, accounts), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
{
    var id = $"acct-{i:D3}";
    var platform = platforms[i % platforms.Length];
    var externalId = $"{900_000 + i}";
    // Pinterest's token names its own user: one issued for this account.
    var token = platform == "pinterest" ? fake.IssueTokens(platform, owner: externalId).AccessToken : $"bench-token-{i}";
    await OkAsync(admin.PutAsJsonAsync($"/api/v1/clients/fetched/accounts/{id}", new { platform, externalId }));
    await OkAsync(admin.PutAsJsonAsync($"/api/v1/clients/fetched/accounts/{id}/credentials", new { accessToken = token }));
});
int fetchedRows;
while (true)
{
    var list = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/clients/fetched/accounts")).GetProperty("accounts").EnumerateArray().ToList();
    if (list.All(a => a.GetProperty("lastRun").GetProperty("finishedAt").ValueKind == JsonValueKind.String))
    {
        fetch.Stop();
        fetchedRows = list.Sum(a => a.GetProperty("lastRun").GetProperty("rowsWritten").GetInt32());
        var failed = list.Where(a => a.GetProperty("lastRun").GetProperty("outcome").GetString() != "succeeded").ToList();
        if (failed.Count > 0)
        {
            Console.WriteLine($"  {failed.Count} runs did not succeed, e.g. {failed[0]}");
        }

        break;
    }

    await Task.Delay(250);
}

var fetchPeak = ProcessMemory.PeakMegabytes(host.ProcessId);
var fetchCpu = (
    Host: ProcessMemory.CpuTime(host.ProcessId) - cpu.Host,
    Fake: Process.GetCurrentProcess().TotalProcessorTime - cpu.Fake,
    Azurite: ProcessMemory.CpuTime(azurite.ProcessId) - cpu.Azurite);

// Pushed: as many rows of sample data as were fetched, one JSON push per account.
await CreateClientAsync(admin, "pushed");
var to = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
var perAccount = (int)Math.Ceiling(fetchedRows / (double)accounts);
var period = new DateRange(to.AddDays(1 - perAccount), to);
var bodies = SampleMetrics.SocialAccounts(accounts).Select(a => MetricsPayload.Json([.. SampleMetrics.Rows([a], period)])).ToList();
var push = Stopwatch.StartNew();
await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (body, _) =>
    (await admin.PostAsync("/api/v1/clients/pushed/metrics", body)).EnsureSuccessStatusCode());
push.Stop();
var pushedRows = accounts * perAccount;

Console.WriteLine();
Console.WriteLine("                                   rows     wall s      rows/s");
Console.WriteLine($"fetched from the platforms  {fetchedRows,11:N0}  {fetch.Elapsed.TotalSeconds,9:F1}  {fetchedRows / fetch.Elapsed.TotalSeconds,10:N0}");
Console.WriteLine($"pushed through the API      {pushedRows,11:N0}  {push.Elapsed.TotalSeconds,9:F1}  {pushedRows / push.Elapsed.TotalSeconds,10:N0}");
Console.WriteLine($"CPU during the backfill: host {fetchCpu.Host.TotalSeconds:F1} s, fake platforms (and this benchmark) {fetchCpu.Fake.TotalSeconds:F1} s, Azurite {fetchCpu.Azurite.TotalSeconds:F1} s");
Console.WriteLine($"backfill / push time: {fetch.Elapsed / push.Elapsed:F1}x; platform requests: {fake.Requests.Count:N0}; host peak memory {fetchPeak:F0} MB (after the backfill), {ProcessMemory.PeakMegabytes(host.ProcessId):F0} MB (after the push)");
return 0;

static string Secret() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

// Fails with the answer's body, which says what was wrong.
static async Task OkAsync(Task<HttpResponseMessage> request)
{
    using var response = await request;
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

static async Task CreateClientAsync(HttpClient admin, string id) =>
    (await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = id, timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
