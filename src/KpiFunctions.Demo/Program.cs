using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KpiFunctions.Kpis;
using KpiFunctions.Demo;
using KpiFunctions.Kpis.Samples;

// Seeds a running KpiFunctions host with the demo client over its public API, then prints how to query it.
// Usage: KpiFunctions.Demo --url http://127.0.0.1:7071 --admin-key <key>
var url = Argument("--url") ?? "http://127.0.0.1:7071";
var adminKey = Argument("--admin-key") ?? Environment.GetEnvironmentVariable("Auth__AdminKey")
    ?? throw new ArgumentException("Pass --admin-key or set Auth__AdminKey.");
var reportsFolder = Argument("--reports-folder") ?? Path.Combine(Environment.CurrentDirectory, "reports");
var inbox = Argument("--inbox");
var platforms = Argument("--platforms");
var keyFile = Argument("--key-file");
var once = args.Contains("--once");
const string ClientId = "nordlys-coffee";
const string TimeZoneId = "Europe/Stockholm";

using var http = new HttpClient { BaseAddress = new Uri(url) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);

// The host listens at once and answers 503 until its storage is set up (or back): wait for it to be ready.
for (var ready = Stopwatch.StartNew(); !(await http.GetAsync("/api/health")).IsSuccessStatusCode; await Task.Delay(50))
{
    if (ready.Elapsed > TimeSpan.FromSeconds(60))
    {
        Console.Error.WriteLine($"The host at {url} did not become healthy within 60 s: is its storage reachable?");
        return 1;
    }
}

var created = await http.PostAsJsonAsync("/api/v1/clients", new
{
    id = ClientId,
    name = "Nordlys Coffee Roasters",
    timeZone = TimeZoneId,
    currency = "SEK",
    locale = "sv-SE",
});
if (created.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
{
    throw new InvalidOperationException($"Creating the demo client failed: {await created.Content.ReadAsStringAsync()}");
}

// The 13 full months before this one and this month up to yesterday, on the client's clock.
var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
var period = new DateRange(new DateOnly(today.Year, today.Month, 1).AddMonths(-13), today.AddDays(-1));

// With the fake platforms, the social and ads accounts are connected and fetched by the host's ingestion pipeline (some
// through the OAuth consent, the others with a stored token); the web shop and the care desk are pushed as CSV.
var connected = platforms is null ? [] : await ConnectAccountsAsync(http, new Uri(platforms), ClientId);

// Platform accounts go in as JSON, one push per account as a connector would; the spreadsheet figures as CSV.
var written = 0;
foreach (var account in SampleMetrics.Accounts.Where(a => !connected.Contains(a.Id)))
{
    var rows = SampleMetrics.Rows([account], period).ToList();
    var content = account.Profile is SampleMetrics.Profile.Web or SampleMetrics.Profile.Care ? MetricsPayload.Csv(rows) : MetricsPayload.Json(rows);
    var pushed = await http.PostAsync($"/api/v1/clients/{ClientId}/metrics", content);
    var body = await pushed.Content.ReadAsStringAsync();
    if (!pushed.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Pushing {account.Id} failed: {body}");
    }

    written += JsonDocument.Parse(body).RootElement.GetProperty("rowsWritten").GetInt32();
}

var fetched = connected.Count == 0 ? [] : await WaitForFetchesAsync(http, ClientId);

// The read-only key of an earlier run is kept (a key is shown only when it is made); a new one only when it no longer works.
var readKey = await ReadKeyAsync(http, url, ClientId, keyFile);

var lastMonthEnd = new DateOnly(today.Year, today.Month, 1).AddDays(-1);
var lastMonthStart = new DateOnly(lastMonthEnd.Year, lastMonthEnd.Month, 1);
var api = $"{url}/api/v1/clients/{ClientId}";

// The agency's agreements with the client: a monthly report on the 4th at 09:00, and half-year SMART goals
// that started two months ago, one per kind of KPI.
await Send(http.PatchAsJsonAsync($"/api/v1/clients/{ClientId}", new
{
    cadence = new { frequency = "monthly", sendTime = "09:00", delayDays = 3, compare = "previous_calendar" },
    kpiReviewMonths = 12,
}));
var goalStart = new DateOnly(today.Year, today.Month, 1).AddMonths(-2);
var goalEnd = goalStart.AddMonths(6).AddDays(-1);
// Targets from where the client stood when the goals started: 10 % more followers and impressions than before.
var before = await http.GetFromJsonAsync<JsonElement>(
    $"/api/v1/clients/{ClientId}/kpis?from={goalStart.AddMonths(-6):yyyy-MM-dd}&to={goalStart.AddDays(-1):yyyy-MM-dd}&compare=none&kpi=followers,impressions");
double Before(string kpi) => before.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("id").GetString() == kpi).GetProperty("value").GetDouble();
(string Id, string Kpi, double Target, string? Platform)[] goals =
[
    ("followers-plus-10", "followers", Math.Round(Before("followers") * 1.1 / 100) * 100, null),
    ("impressions-half-year", "impressions", Math.Round(Before("impressions") * 1.1 / 100_000) * 100_000, null),
    ("engagement-rate", "engagement_rate", 3.5, null),
    ("cheaper-clicks", "cpc", 1.7, "meta_ads"),
    ("faster-answers", "response_time", 35, null),
];
foreach (var goal in goals)
{
    await Send(http.PutAsJsonAsync($"/api/v1/clients/{ClientId}/goals/{goal.Id}", new
    {
        kpi = goal.Kpi,
        target = goal.Target,
        startDate = goalStart,
        deadline = goalEnd,
        platform = goal.Platform,
    }));
}

// Read last month's headline KPIs back with the read-only key, as a dashboard would.
using var reader = new HttpClient { BaseAddress = new Uri(url) };
reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", readKey);
var headline = await reader.GetFromJsonAsync<JsonElement>(
    $"/api/v1/clients/{ClientId}/kpis?from={lastMonthStart:yyyy-MM-dd}&to={lastMonthEnd:yyyy-MM-dd}&compare=previous_calendar" +
    "&kpi=followers,impressions,engagements,engagement_rate,ctr,conversions,roas,response_time");

Console.WriteLine($"""

    Demo client '{ClientId}': {SampleMetrics.Accounts.Count} accounts; {written:N0} daily rows pushed from {period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}.
    """);
if (fetched.Count > 0)
{
    Console.WriteLine($"    The others fetched from the (fake) platforms by the ingestion pipeline, as served by GET {api}/accounts:");
    foreach (var line in fetched)
    {
        Console.WriteLine($"      {line}");
    }
}

Console.WriteLine($"""

    Headline KPIs for {lastMonthStart:MMMM yyyy}, as served by GET {api}/kpis:
    """);
var currency = headline.GetProperty("currency").GetString();
foreach (var kpi in headline.GetProperty("kpis").EnumerateArray())
{
    var value = kpi.GetProperty("value");
    var change = kpi.GetProperty("changePercent");
    var unit = kpi.GetProperty("unit").GetString() switch
    {
        "percent" => "%",
        "currency" => currency,
        "minutes" => "min",
        _ => "",
    };
    // Counts as whole numbers, money in cents, rates with two decimals at most.
    var format = kpi.GetProperty("unit").GetString() switch
    {
        "percent" or "ratio" => "#,0.##",
        "currency" => "#,0.00",
        "minutes" => "#,0.#",
        _ => "#,0",
    };
    var shown = value.ValueKind == JsonValueKind.Number
        ? $"{value.GetDouble().ToString(format, CultureInfo.InvariantCulture)} {unit}"
        : "no data";
    var trend = change.ValueKind == JsonValueKind.Number
        ? $"{change.GetDouble().ToString("+0.0;-0.0", CultureInfo.InvariantCulture)} % vs {lastMonthStart.AddMonths(-1):MMMM yyyy}"
        : "";
    Console.WriteLine($"      {kpi.GetProperty("name").GetString(),-24} {shown,16}  {trend}");
}

// Last month's report: rendered into Blob Storage, copied to a local folder, e-mailed to the client's
// stakeholders (once: a second ./run finds it delivered and leaves it).
await Send(http.PatchAsJsonAsync($"/api/v1/clients/{ClientId}", new
{
    recipients = new[]
    {
        new { email = "anna.lindqvist@nordlys-coffee.example", name = "Anna Lindqvist" },
        new { email = "marketing@nordlys-coffee.example", name = "Nordlys marketing team" },
    },
    // Replies to the report e-mails go to the client's account manager.
    replyTo = "maria.holm@northwind-social.example",
}));
var reportId = $"{lastMonthStart:yyyy-MM-dd}_{lastMonthEnd:yyyy-MM-dd}";
// The agency's words on the month, on the report's summary page. A report already sent keeps what it said (409).
using (var commentary = await http.PutAsJsonAsync($"/api/v1/clients/{ClientId}/reports/{reportId}/commentary", new
{
    // In the client's language (sv-SE), as the rest of its report.
    summary = "Räckvidden och länkklicken växte på Instagram och TikTok, samtidigt som annonsklicken på Meta blev billigare.",
    nextSteps = "Flytta en del av Facebook-budgeten till Instagram Reels\nTesta en prenumerationstävling tillsammans med webbshoppen",
}))
{
    if (!commentary.IsSuccessStatusCode && commentary.StatusCode != HttpStatusCode.Conflict)
    {
        throw new InvalidOperationException($"PUT commentary failed: {await commentary.Content.ReadAsStringAsync()}");
    }
}

await Send(http.PostAsJsonAsync($"/api/v1/clients/{ClientId}/reports", new { from = lastMonthStart, to = lastMonthEnd }));
Directory.CreateDirectory(reportsFolder);
var reportFile = Path.Combine(reportsFolder, $"{ClientId}-{reportId}.pdf");
await File.WriteAllBytesAsync(reportFile, await http.GetByteArrayAsync($"/api/v1/clients/{ClientId}/reports/{reportId}"));
var deliveries = await http.GetFromJsonAsync<JsonElement>($"/api/v1/clients/{ClientId}/reports/{reportId}/deliveries");
if (!deliveries.EnumerateArray().Any(d => d.GetProperty("status").GetString() == "sent"))
{
    await Send(http.PostAsJsonAsync($"/api/v1/clients/{ClientId}/reports/{reportId}/resend", new { }));
}

// Delivery runs on the host's deliver-report queue: wait until every recipient has an outcome (the recipients are
// sent to one after the other, so the second has no row yet while the first is done).
for (var waited = 0; waited < 60; waited++)
{
    deliveries = await http.GetFromJsonAsync<JsonElement>($"/api/v1/clients/{ClientId}/reports/{reportId}/deliveries");
    if (deliveries.GetArrayLength() >= 2 && deliveries.EnumerateArray().All(d => d.GetProperty("status").GetString() is "sent" or "failed"))
    {
        break;
    }

    await Task.Delay(500);
}

// The goals as the report shows them: measured as of the day after its period, from the report's own snapshot.
var snapshot = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/clients/{ClientId}/reports/{reportId}/data");
var goalList = snapshot.GetProperty("goals");
var asOf = goalList.GetArrayLength() > 0 ? goalList[0].GetProperty("progress").GetProperty("asOf").GetString() : null;
Console.WriteLine($"""

    Goals from {goalStart:yyyy-MM-dd} to {goalEnd:yyyy-MM-dd} as the {lastMonthStart:MMMM yyyy} report shows them (as of {asOf}), from GET {api}/reports/{reportId}/data:
          {"goal",-22} {"target",12} {"value",12} {"progress",9} {"expected",9} {"forecast",12}  status
    """);
foreach (var goal in goalList.EnumerateArray())
{
    var progress = goal.GetProperty("progress");
    Console.WriteLine(
        $"      {goal.GetProperty("id").GetString(),-22} {Number(goal.GetProperty("target")),12} {Number(progress.GetProperty("value")),12}" +
        $" {Number(progress.GetProperty("progressPercent"), "0'%'"),9} {Number(progress.GetProperty("expectedProgressPercent"), "0'%'"),9}" +
        $" {Number(progress.GetProperty("forecast")),12}  {progress.GetProperty("status").GetString()}");
}

var schedule = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/clients/{ClientId}/schedule?count=3");
Console.WriteLine();
Console.WriteLine($"    Next reports (monthly, Europe/Stockholm), as served by GET {api}/schedule; KPI review due {schedule.GetProperty("kpiReviewDue")}:");
foreach (var report in schedule.GetProperty("reports").EnumerateArray())
{
    Console.WriteLine($"      {report.GetProperty("from")} to {report.GetProperty("to")}: sent {report.GetProperty("sendAtLocal")} local = {report.GetProperty("sendAtUtc")}");
}

Console.WriteLine();
Console.WriteLine($"    The {lastMonthStart:MMMM yyyy} report: rendered into Blob Storage (reports/{ClientId}/{reportId}.pdf and .json),");
Console.WriteLine($"    copied to {reportFile}");
foreach (var delivery in deliveries.EnumerateArray())
{
    Console.WriteLine($"      e-mail to {delivery.GetProperty("email").GetString(),-42} {delivery.GetProperty("status").GetString()}");
}

if (inbox is not null && !once)
{
    Console.WriteLine($"    Read the e-mails in the local inbox: {inbox}");
}

Console.WriteLine($"""

    Admin key:                  {adminKey}
    Read-only client key:       {readKey}
    """);
if (once)
{
    // ./run --once stops the servers now: no links to them.
    Console.WriteLine("The servers stop now (--once). Run ./run to keep them serving, with the inbox and ready-to-paste API calls.");
    return 0;
}

Console.WriteLine($"""
    Try (copy and paste):
      curl -s {url}/api/health
      curl -s -H "Authorization: Bearer {adminKey}" {url}/api/v1/clients
      curl -s -H "Authorization: Bearer {readKey}" "{api}/kpis?from={lastMonthStart:yyyy-MM-dd}&to={lastMonthEnd:yyyy-MM-dd}&compare=previous_calendar&kpi=followers,impressions,engagement_rate,ctr,roas"
      curl -s -H "Authorization: Bearer {readKey}" "{api}/kpis?from={lastMonthStart:yyyy-MM-dd}&to={lastMonthEnd:yyyy-MM-dd}&compare=year&breakdown=platform"
      curl -s -H "Authorization: Bearer {readKey}" "{api}/kpis/engagement_rate/series?from={period.From:yyyy-MM-dd}&to={period.To:yyyy-MM-dd}&granularity=month"
      curl -s -H "Authorization: Bearer {readKey}" {api}/goals
      curl -s -H "Authorization: Bearer {readKey}" "{api}/schedule?count=6"
      curl -s -H "Authorization: Bearer {readKey}" {api}/reports
      curl -s -H "Authorization: Bearer {readKey}" -o report.pdf {api}/reports/{reportId}
      curl -s {url}/api/openapi/v1.json
    """);
return 0;

// Large numbers (counts, money in whole units) without decimals, small ones (rates, minutes) with two at most.
static string Number(JsonElement value, string format = "#,0.##") =>
    value.ValueKind != JsonValueKind.Number ? "-"
    : value.GetDouble().ToString(Math.Abs(value.GetDouble()) >= 100 && format == "#,0.##" ? "#,0" : format, CultureInfo.InvariantCulture);

// The read-only key kept in keyFile if it still works, else a new one (written there).
static async Task<string> ReadKeyAsync(HttpClient admin, string url, string clientId, string? keyFile)
{
    if (keyFile is not null && File.Exists(keyFile) && (await File.ReadAllTextAsync(keyFile)).Trim() is { Length: > 0 } kept)
    {
        using var check = new HttpClient { BaseAddress = new Uri(url) };
        check.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", kept);
        if ((await check.GetAsync($"/api/v1/clients/{clientId}")).IsSuccessStatusCode)
        {
            return kept;
        }
    }

    var response = await admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/keys", new { name = "Demo dashboard (read only)", canWrite = false });
    var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    if (keyFile is not null)
    {
        await File.WriteAllTextAsync(keyFile, key);
    }

    return key;
}

static async Task Send(Task<HttpResponseMessage> request)
{
    using var response = await request;
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} failed: {await response.Content.ReadAsStringAsync()}");
    }
}

string? Argument(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// The demo's platform accounts on the fake platforms, with the same audiences and start dates as the sample data.
static async Task<HashSet<string>> ConnectAccountsAsync(HttpClient http, Uri platforms, string clientId)
{
    (string Id, string ExternalId, string Name, bool OAuth)[] accounts =
    [
        ("fb-nordlys", "104729384756102", "Nordlys Coffee Roasters (Facebook Page)", true),
        ("ig-nordlys", "17841405822304914", "@nordlyscoffee (Instagram)", false),
        ("meta-ads", "2381946618203", "Nordlys ads account", false),
        ("tt-nordlys", "7301844120455", "@nordlyscoffee (TikTok)", true),
        ("li-nordlys", "90412277", "Nordlys Coffee Roasters (LinkedIn)", true),
        ("x-nordlys", "1582209334412", "@nordlyscoffee (X)", true),
        ("yt-nordlys", "UCn0rdlysC0ffee", "Nordlys Coffee (YouTube)", false),
        ("pin-nordlys", "nordlyscoffee", "Nordlys Coffee (Pinterest)", false),
    ];
    using var fake = new HttpClient { BaseAddress = platforms };
    using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
    foreach (var (id, externalId, name, oauth) in accounts)
    {
        var sample = SampleMetrics.Accounts.Single(a => a.Id == id);
        await Send(fake.PutAsJsonAsync($"/_fake/accounts/{sample.Platform}/{externalId}", new { audience = sample.Audience, since = sample.Since }));
        await Send(http.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/{id}", new { platform = sample.Platform, externalId, name }));
        if (oauth)
        {
            // The agency sends the Page's owner to the consent page; the platform sends the browser back to the host.
            var connect = await http.PostAsync($"/api/v1/clients/{clientId}/accounts/{id}/connect", null);
            var authorizeUrl = (await connect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorizeUrl").GetString()!;
            var consent = await browser.GetAsync(authorizeUrl);
            await Send(browser.GetAsync(consent.Headers.Location));
        }
        else
        {
            // A token the agency already has (a Meta system-user token, say); Pinterest's names its own user.
            var issued = sample.Platform == "pinterest"
                ? await fake.PostAsJsonAsync("/_fake/oauth2/pinterest/tokens", new { owner = externalId })
                : await fake.PostAsync("/_fake/tokens", null);
            var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            await Send(http.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/{id}/credentials", new { accessToken = token }));
        }
    }

    return [.. accounts.Select(a => a.Id)];
}

// Waits until every connected account's last run has finished; answers a line per account.
static async Task<List<string>> WaitForFetchesAsync(HttpClient http, string clientId)
{
    for (var watch = Stopwatch.StartNew(); ; await Task.Delay(500))
    {
        var answer = await http.GetFromJsonAsync<JsonElement>($"/api/v1/clients/{clientId}/accounts");
        var accounts = answer.GetProperty("accounts").EnumerateArray().ToList();
        var done = accounts.All(a => a.TryGetProperty("lastRun", out var run) && run.ValueKind == JsonValueKind.Object
            && run.GetProperty("finishedAt").ValueKind == JsonValueKind.String);
        if (done || watch.Elapsed > TimeSpan.FromMinutes(5))
        {
            return [.. accounts.Select(a =>
            {
                var run = a.GetProperty("lastRun");
                return $"{a.GetProperty("id").GetString(),-12} {a.GetProperty("platform").GetString(),-10} {a.GetProperty("status").GetString(),-14}" +
                    $" syncedThrough {a.GetProperty("syncedThrough")}  last run {run.GetProperty("outcome").GetString()}, {run.GetProperty("rowsWritten").GetInt32():N0} rows";
            })];
        }
    }
}
