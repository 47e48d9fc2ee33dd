using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Azure;
using Azure.Data.Tables;
using KpiFunctions.Demo;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Samples;
using KpiFunctions.Testing;

// The scale benchmark. For each N: a fresh Azurite, MailDev and standalone host (its own process, as deployed); N clients
// with two months of data (two accounts) and two recipients each; then all their November reports fall due at once
// (their cadence is moved back to 1 November) and run through the real ScheduleReports timer, render-report and
// deliver-report queues into MailDev until every e-mail has arrived. Then a query load on the last host: one-year KPI
// queries at 1, 8 and 32 connections while a push lands every 3 s. Figures are printed, never asserted.
//   dotnet run -c Release --project bench/KpiFunctions.ScaleBench [-- 50,200,1000 [LOAD_SECONDS]]
var sizes = (args.Length > 0 ? args[0] : "50,200,1000").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
var loadSeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
Console.WriteLine($"Scale benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();
await RunColdStartsAsync(5);
Console.WriteLine();
Console.WriteLine("clients  load s  schedule s  render s  deliver s   reports/s  host CPU ms/report  host peak MB  Azurite peak MB");

foreach (var clients in sizes)
{
    await using var azurite = await Azurite.StartAsync();
    await using var mail = await MailDev.StartAsync();
    var adminKey = Secret();
    await using var host = await HostProcess.StartAsync(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Auth:AdminKey"] = adminKey,
        ["Auth:ClientKeyRequestsPerMinute"] = "1000000",
        ["Reports:LinkSecret"] = Secret(),
        ["Tokens:Keys:k1"] = Secret(),
        ["Reports:AgencyName"] = "Scale Agency",
        ["ReportSchedule"] = "*/5 * * * * *",
        ["Delivery:FromAddress"] = "reports@scale.example",
        ["Delivery:SmtpHost"] = "127.0.0.1",
        ["Delivery:SmtpPort"] = mail.SmtpPort.ToString(CultureInfo.InvariantCulture),
        ["Delivery:Security"] = "None",
        ["Logging:LogLevel:Default"] = "Warning",
    });
    using var admin = host.CreateClient(adminKey);
    var run = await RunPipelineAsync(clients, admin, azurite, mail, host);
    Console.WriteLine(
        $"{clients,7:N0}  {run.Load.TotalSeconds,6:F1}  {run.Schedule.TotalSeconds,10:F1}  {run.Render.TotalSeconds,8:F1}  {run.Deliver.TotalSeconds,9:F1}" +
        $"  {clients / run.Deliver.TotalSeconds,10:F1}  {run.CpuPerReport.TotalMilliseconds,18:F0}  {ProcessMemory.PeakMegabytes(host.ProcessId),11:F0}  {ProcessMemory.PeakMegabytes(azurite.ProcessId),15:F0}");

    if (clients == sizes[^1])
    {
        Console.WriteLine();
        await RunQueryLoadAsync(admin, loadSeconds);
    }
}

return 0;

// Cold start, as a client waits for it on Flex Consumption: a fresh host process on an existing storage account, timed from
// starting the process to its first healthy answer, then to the first KPI query (a year, compare=previous) answered.
static async Task RunColdStartsAsync(int starts)
{
    await using var azurite = await Azurite.StartAsync();
    var adminKey = Secret();
    var settings = new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Auth:AdminKey"] = adminKey,
        ["Reports:LinkSecret"] = Secret(),
        ["Tokens:Keys:k1"] = Secret(),
        ["Logging:LogLevel:Default"] = "Warning",
    };
    const string id = "cold-start";
    var query = $"/api/v1/clients/{id}/kpis?from=2025-12-01&to=2026-11-30&compare=previous";
    Console.WriteLine("Cold start: process start to the first healthy answer, and to the first KPI query answered");
    Console.WriteLine(" start  healthy ms  first query ms");
    for (var start = 0; start <= starts; start++)
    {
        await using var host = await HostProcess.StartAsync(settings);
        using var admin = host.CreateClient(adminKey);
        if (start == 0)
        {
            // The first start sets up the storage account and the client, as a deployment has; it is not counted.
            (await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = id, timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
            var rows = SampleMetrics.Rows(SampleMetrics.SocialAccounts(2), new DateRange(new DateOnly(2024, 12, 1), new DateOnly(2026, 11, 30)));
            (await admin.PostAsync($"/api/v1/clients/{id}/metrics", MetricsPayload.Json(rows))).EnsureSuccessStatusCode();
            continue;
        }

        (await admin.GetAsync(query)).EnsureSuccessStatusCode();
        var answered = host.Age;
        Console.WriteLine($"{start,6}  {host.ReadyAfter.TotalMilliseconds,10:F0}  {answered.TotalMilliseconds,14:F0}");
    }
}

static string Secret() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

// Load, then release: every stage is timed from the moment the reports fall due (schedule: all claimed and queued;
// render: all rendered; deliver: every e-mail in MailDev).
static async Task<PipelineRun> RunPipelineAsync(int clients, HttpClient admin, Azurite azurite, MailDev mail, HostProcess host)
{
    var load = Stopwatch.StartNew();
    var ids = Enumerable.Range(0, clients).Select(i => $"scale-{i:D4}").ToList();
    var rows = SampleMetrics.Rows(SampleMetrics.SocialAccounts(2), new DateRange(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 30))).ToList();
    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
    {
        (await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = id, timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/api/v1/clients/{id}", new
        {
            cadence = new { frequency = "monthly", sendTime = "00:00", delayDays = 0, compare = "previous" },
            recipients = new[] { new { email = $"cmo@{id}.example" }, new { email = $"team@{id}.example" } },
        })).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/v1/clients/{id}/metrics", MetricsPayload.Json(rows))).EnsureSuccessStatusCode();
    });
    load.Stop();

    // The cadences were set today, so November is not theirs; moved back to 1 November, it is due at once.
    var tables = new TableServiceClient(azurite.ConnectionString);
    var clientsTable = tables.GetTableClient("Clients");
    var reports = tables.GetTableClient("Reports");
    var cpuBefore = ProcessMemory.CpuTime(host.ProcessId);
    var released = Stopwatch.StartNew();
    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
        await clientsTable.UpdateEntityAsync(new TableEntity("client", id) { ["CadenceSince"] = "2026-11-01" }, ETag.All, TableUpdateMode.Merge, ct));

    TimeSpan? scheduled = null, rendered = null;
    while (true)
    {
        var states = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var report in reports.QueryAsync<TableEntity>(select: ["Status"]))
        {
            var status = report.GetString("Status");
            states[status] = states.GetValueOrDefault(status) + 1;
        }

        var total = states.Values.Sum();
        scheduled ??= total == clients && states.GetValueOrDefault("Claimed") == 0 ? released.Elapsed : null;
        rendered ??= states.GetValueOrDefault("Rendered") == clients ? released.Elapsed : null;
        if (rendered is not null && (await mail.ListAsync()).Count >= 2 * clients)
        {
            var delivered = released.Elapsed;
            var cpu = ProcessMemory.CpuTime(host.ProcessId) - cpuBefore;
            return new PipelineRun(load.Elapsed, scheduled ?? rendered.Value, rendered.Value, delivered, cpu / clients);
        }

        await Task.Delay(500);
    }
}

// One client with two years of ten accounts; one-year queries with compare=previous (two years read) at 1, 8 and 32
// connections for LOAD_SECONDS each, while one account-day is pushed every 3 s (each push changes the client's version).
static async Task RunQueryLoadAsync(HttpClient admin, int seconds)
{
    const string id = "query-load";
    (await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = id, timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
    var accounts = SampleMetrics.SocialAccounts(10);
    foreach (var account in accounts)
    {
        var history = SampleMetrics.Rows([account], new DateRange(new DateOnly(2024, 12, 1), new DateOnly(2026, 11, 30)));
        (await admin.PostAsync($"/api/v1/clients/{id}/metrics", MetricsPayload.Json(history))).EnsureSuccessStatusCode();
    }

    var query = $"/api/v1/clients/{id}/kpis?from=2025-12-01&to=2026-11-30&compare=previous";
    Console.WriteLine($"Query load: GET one year compare=previous (all KPIs, 7,300 rows stored), a push every 3 s, {seconds} s each");
    Console.WriteLine("connections  requests/s     p50 ms     p95 ms     p99 ms  pushes");
    foreach (var connections in (int[])[1, 8, 32])
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var pushes = 0;
        var pusher = Task.Run(async () =>
        {
            var day = new DateOnly(2026, 11, 30);
            while (!stop.IsCancellationRequested)
            {
                var row = SampleMetrics.Rows([accounts[0]], new DateRange(day, day));
                (await admin.PostAsync($"/api/v1/clients/{id}/metrics", MetricsPayload.Json(row))).EnsureSuccessStatusCode();
                pushes++;
                await Task.Delay(3000, CancellationToken.None);
            }
        });
        var watch = Stopwatch.StartNew();
        var latencies = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var mine = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await admin.GetAsync(query, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                response.EnsureSuccessStatusCode();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return mine;
        }));
        await pusher;
        var all = latencies.SelectMany(l => l).Order().ToList();
        Console.WriteLine($"{connections,11}  {all.Count / watch.Elapsed.TotalSeconds,10:F0}  {Percentile(all, 50),9:F1}  {Percentile(all, 95),9:F1}  {Percentile(all, 99),9:F1}  {pushes,6}");
    }
}

static double Percentile(List<double> sorted, int percent) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

internal sealed record PipelineRun(TimeSpan Load, TimeSpan Schedule, TimeSpan Render, TimeSpan Deliver, TimeSpan CpuPerReport);
