using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using KpiFunctions.Demo;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Samples;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

// The report pipeline when many clients' monthly reports fall due at once: ScheduleReports enqueues them, RenderReport
// renders each PDF, DeliverReport e-mails it to MailDev, all run by the standalone host's trigger engine from the real
// Azurite queues. Once with host.json's queue settings (batches of 16, up to 24 messages at once), once with one message
// at a time, as the host's own queue poller did before. Figures are printed, never asserted.
//   dotnet run -c Release --project bench/KpiFunctions.PipelineBench [-- CLIENTS]
var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
Console.WriteLine($"Report pipeline benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {clients} clients due at once");
await using var azurite = await Azurite.StartAsync();
await using var mail = await MailDev.StartAsync();

var parallel = await RunAsync("host.json (batchSize 16, newBatchThreshold 8)", []);
var sequential = await RunAsync("one message at a time (batchSize 1, newBatchThreshold 0)", new()
{
    ["AzureWebJobs:extensions:queues:batchSize"] = "1",
    ["AzureWebJobs:extensions:queues:newBatchThreshold"] = "0",
});
Console.WriteLine($"  host.json settings are {sequential.TotalSeconds / parallel.TotalSeconds:F1}x faster");
return 0;

async Task<TimeSpan> RunAsync(string name, Dictionary<string, string?> queueSettings)
{
    var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero));
    var run = Guid.NewGuid().ToString("N")[..8];
    var settings = new Dictionary<string, string?>(queueSettings)
    {
        ["Scheduler:Enabled"] = "true",
        ["Scheduler:HostId"] = "bench-" + run,
        ["ReportSchedule"] = "*/2 * * * * *",
        ["AzureWebJobs:extensions:queues:maxPollingInterval"] = "00:00:00.100",
        ["Delivery:FromAddress"] = "reports@bench.example",
        ["Logging:LogLevel:Default"] = "Warning",
    };
    foreach (var (key, value) in mail.DeliverySettings)
    {
        settings[key] = value;
    }

    await using var server = await KpiFunctionsServer.StartAsync(azurite.ConnectionString, settings, s => s.AddSingleton<TimeProvider>(clock));
    using var admin = server.CreateAdminClient();

    // Each client: Stockholm, monthly on the 1st at 06:00 (set on 20 March), one recipient, March of two social
    // accounts (pushed on 1 April, before the report is due).
    var ids = Enumerable.Range(0, clients).Select(i => $"c{i:D4}-{run}").ToList();
    var options = new ParallelOptions { MaxDegreeOfParallelism = 8 };
    await Parallel.ForEachAsync(ids, options, async (id, _) =>
    {
        (await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = id, timeZone = "Europe/Stockholm", currency = "SEK", locale = "sv-SE" })).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/api/v1/clients/{id}", new
        {
            cadence = new { frequency = "monthly", sendTime = "06:00", delayDays = 0, compare = "previous" },
            recipients = new[] { new { email = $"{id}@example.com" } },
        })).EnsureSuccessStatusCode();
    });
    clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
    var rows = SampleMetrics.Rows(SampleMetrics.SocialAccounts(2), new DateRange(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31))).ToList();
    await Parallel.ForEachAsync(ids, options, async (id, _) =>
        (await admin.PostAsync($"/api/v1/clients/{id}/metrics", MetricsPayload.Json(rows))).EnsureSuccessStatusCode());

    var before = (await mail.ListAsync()).Count;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 6, 5, 0, TimeSpan.Zero)); // March is due for every client
    var firstMail = TimeSpan.Zero;
    while (true)
    {
        var received = (await mail.ListAsync()).Count - before;
        if (received > 0 && firstMail == TimeSpan.Zero)
        {
            firstMail = watch.Elapsed;
        }

        if (received >= clients)
        {
            break;
        }

        await Task.Delay(250);
    }

    var elapsed = watch.Elapsed;
    var busy = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount);
    Console.WriteLine();
    Console.WriteLine($"  {name}");
    Console.WriteLine($"    {clients} reports rendered and e-mailed in {elapsed.TotalSeconds,6:F1} s  ({clients / elapsed.TotalSeconds,5:F1} reports/s), first e-mail after {firstMail.TotalSeconds:F1} s");
    Console.WriteLine($"    this process (host and benchmark) used {busy:P0} of {Environment.ProcessorCount} cores");
    return elapsed;
}
