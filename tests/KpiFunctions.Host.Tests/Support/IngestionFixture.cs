using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Metrics;
using KpiFunctions.App.Storage;
using KpiFunctions.FakePlatforms;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KpiFunctions.Host.Tests.Support;

/// <summary>
/// A host whose Meta platforms are the loopback fake (<see cref="FakeMeta"/>) on the shared Azurite, with every log line
/// it writes kept (to check that no token reaches one). The timers are off: tests run the ingest-account queue's
/// messages through the real job with <see cref="DrainAsync"/>.
/// </summary>
public sealed class IngestionFixture : IAsyncLifetime
{
    /// <summary>The API version configured for every Meta platform: not the default, so a test can see it is sent.</summary>
    public const string ApiVersion = "v24.0";

    /// <summary>The LinkedIn version configured: last month's (active on the fake), not the default.</summary>
    public static string LinkedInVersion { get; } = DateTime.UtcNow.AddMonths(-1).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    private KpiFunctionsServer? _server;
    private FakeMeta? _fake;

    public KpiFunctionsServer Server => _server!;

    public FakeMeta Fake => _fake!;

    public HttpClient Admin { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public string StorageConnectionString { get; private set; } = "";

    /// <summary>The last complete day of an account in UTC with the default ready hour (06:00).</summary>
    public static DateOnly LastCompleteDay => LastComplete(6);

    /// <summary>The last complete day of an account in UTC whose platform's data of yesterday is ready at <paramref name="readyHour"/>.</summary>
    public static DateOnly LastComplete(int readyHour) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddDays(DateTime.UtcNow.Hour >= readyHour ? -1 : -2);

    public async Task InitializeAsync()
    {
        _fake = await FakeMeta.StartAsync();
        var azurite = await SharedAzurite.GetAsync();
        StorageConnectionString = azurite.ConnectionString;
        _server = await KpiFunctionsServer.StartAsync(azurite.ConnectionString, Settings(Fake.BaseUrl), s => s.AddLogging(b => b.AddProvider(Logs)));
        Admin = _server.CreateAdminClient();
    }

    /// <summary>The settings that point every platform with a connector at <paramref name="fake"/>.</summary>
    public static Dictionary<string, string?> Settings(Uri fake)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var platform in (string[])["Facebook", "Instagram", "MetaAds"])
        {
            settings[$"Platforms:{platform}:BaseUrl"] = fake.ToString();
            settings[$"Platforms:{platform}:AuthorizeBaseUrl"] = fake.ToString();
            settings[$"Platforms:{platform}:ApiVersion"] = ApiVersion;
            settings[$"Platforms:{platform}:AppId"] = "fake-app-id";
            settings[$"Platforms:{platform}:AppSecret"] = "fake-app-secret";
        }

        settings["Platforms:MetaAds:AsyncPollInterval"] = "00:00:00.05";
        // The other platforms under the fake's /{platform} (their API versions are their defaults).
        settings["Platforms:TikTok:BaseUrl"] = settings["Platforms:TikTok:AuthorizeBaseUrl"] = $"{fake}tiktok";
        settings["Platforms:X:BaseUrl"] = settings["Platforms:X:AuthorizeBaseUrl"] = $"{fake}x";
        settings["Platforms:YouTube:BaseUrl"] = $"{fake}youtube/analytics";
        settings["Platforms:YouTube:DataBaseUrl"] = $"{fake}youtube/data";
        settings["Platforms:YouTube:AuthorizeBaseUrl"] = $"{fake}youtube";
        settings["Platforms:YouTube:TokenUrl"] = $"{fake}youtube/token";
        foreach (var section in (string[])["TikTok", "X", "YouTube", "LinkedIn", "Pinterest"])
        {
            settings[$"Platforms:{section}:AppId"] = "fake-app-id";
            settings[$"Platforms:{section}:AppSecret"] = "fake-app-secret";
        }

        // LinkedIn and Pinterest: the same fake under their own prefixes (consent page, token endpoint and API alike).
        foreach (var (platform, prefix, version) in new[] { ("LinkedIn", "linkedin", LinkedInVersion), ("Pinterest", "pinterest", "v5") })
        {
            settings[$"Platforms:{platform}:BaseUrl"] = $"{fake}{prefix}";
            settings[$"Platforms:{platform}:AuthorizeBaseUrl"] = $"{fake}{prefix}";
            settings[$"Platforms:{platform}:ApiVersion"] = version;
        }

        return settings;
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await _server!.DisposeAsync();
        await _fake!.DisposeAsync();
    }

    /// <summary>A new client with an account of <paramref name="platform"/> (UTC) connected with a fresh fake token.</summary>
    public async Task<(string ClientId, string AccountId, string ExternalId, string Token)> ConnectedAccountAsync(string platform)
    {
        var clientId = TestIds.New("ing");
        (await Admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "Ingestion", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        var externalId = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var accountId = $"{platform}-main";
        using var put = await Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/{accountId}", new { platform, externalId, name = "Main" });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var token = Fake.IssueToken();
        await StoreTokenAsync(clientId, accountId, token);
        await DrainAsync(); // the first fetch a connection starts
        return (clientId, accountId, externalId, token);
    }

    public async Task StoreTokenAsync(string clientId, string accountId, string token, DateTimeOffset? expiresAt = null)
    {
        using var response = await Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/{accountId}/credentials", new { accessToken = token, expiresAt });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Runs every visible ingest-account message through the real job, as the queue trigger would, until none is left.</summary>
    public async Task DrainAsync()
    {
        var queue = Server.Services.GetRequiredService<Queues>().Get(Queues.IngestAccount);
        var job = Server.Services.GetRequiredService<IngestAccountJob>();
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                return;
            }

            foreach (var message in messages)
            {
                await job.RunAsync(QueueMessages.Parse<IngestAccountMessage>(message.Body.ToString()), CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    /// <summary>Fetches <paramref name="from"/>..<paramref name="to"/> now and runs it; answers the run as the API shows it.</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> FetchAsync(string clientId, string accountId, DateOnly? from = null, DateOnly? to = null)
    {
        using var response = from is null && to is null
            ? await Admin.PostAsync($"/api/v1/clients/{clientId}/accounts/{accountId}/fetch", null)
            : await Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/accounts/{accountId}/fetch", new { from, to });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var runId = (string)(await Api.ReadObjectAsync(response))["runId"]!;
        await DrainAsync();
        return await Admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/{accountId}/runs/{runId}");
    }

    /// <summary>The account's stored rows by day, read back from Azurite.</summary>
    public async Task<Dictionary<DateOnly, IReadOnlyDictionary<string, double>>> RowsAsync(string clientId, string accountId) =>
        (await Server.Services.GetRequiredService<MetricStore>().ReadOnceAsync(clientId, CancellationToken.None))
            .Where(r => r.AccountId == accountId)
            .ToDictionary(r => r.Date, r => r.Values);

    public async Task<System.Text.Json.Nodes.JsonObject> AccountAsync(string clientId, string accountId) =>
        await Admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/{accountId}");
}

/// <summary>Every log line the host writes, with its exception.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
    }
}
