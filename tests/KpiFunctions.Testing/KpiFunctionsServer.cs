using System.Net.Http.Headers;
using KpiFunctions.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KpiFunctions.Testing;

/// <summary>
/// The real host, built with the same <c>AddKpiFunctions</c>/<c>MapKpiFunctions</c> calls as Program, listening
/// on a free loopback port so that tests and benchmarks go over real HTTP with real keys.
/// </summary>
public sealed class KpiFunctionsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KpiFunctionsServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        AdminKey = app.Configuration["Auth:AdminKey"]!;
        Prefix = app.Configuration["Storage:Prefix"]!;
    }

    public Uri BaseAddress { get; }

    public string AdminKey { get; }

    /// <summary>The prefix of this host's tables; a second host given the same prefix shares its data.</summary>
    public string Prefix { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a host on <paramref name="connectionString"/> with its own tables (a fresh prefix) and admin key;
    /// <paramref name="settings"/> override any configuration, those two included.
    /// </summary>
    /// <param name="connectionString">The storage account.</param>
    /// <param name="settings">Configuration that overrides the defaults, e.g. <c>Scheduler:Enabled</c> (off by default here).</param>
    /// <param name="services">Registers services before the app's own, e.g. a fake <see cref="TimeProvider"/>.</param>
    /// <param name="waitForStorage">Return only once the app has set up its storage (false: as soon as it listens).</param>
    public static async Task<KpiFunctionsServer> StartAsync(
        string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        bool waitForStorage = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Auth:AdminKey"] = "admin-" + Guid.NewGuid().ToString("N"),
            ["Reports:LinkSecret"] = "links-" + Guid.NewGuid().ToString("N"),
            ["Tokens:Keys:k1"] = "tokens-" + Guid.NewGuid().ToString("N"),
            ["Storage:Prefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
            ["Scheduler:Enabled"] = "false",
            ["Scheduler:HostId"] = "test-" + Guid.NewGuid().ToString("N")[..12],
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddKpiFunctions();
        var app = builder.Build();
        app.MapKpiFunctions();
        await app.StartAsync();
        if (waitForStorage)
        {
            await StorageReady.WaitAsync(app.Services);
        }

        return new KpiFunctionsServer(app, new Uri(app.Urls.First()));
    }

    /// <summary>An HTTP client for this host that sends <paramref name="key"/> as its bearer key (none when null).</summary>
    public HttpClient CreateClient(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>An HTTP client that sends the admin key.</summary>
    public HttpClient CreateAdminClient() => CreateClient(AdminKey);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
