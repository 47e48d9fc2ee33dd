using KpiFunctions.App.Ingestion.LinkedIn;
using KpiFunctions.App.Ingestion.Meta;
using KpiFunctions.App.Ingestion.Pinterest;
using KpiFunctions.App.Ingestion.TikTok;
using KpiFunctions.App.Ingestion.X;
using KpiFunctions.App.Ingestion.YouTube;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace KpiFunctions.App.Ingestion;

/// <summary>Registers connected accounts, the platform connectors and the <c>ScheduleIngestion</c> and <c>IngestAccount</c> jobs.</summary>
public static class IngestionFeature
{
    /// <summary>The HTTP client every connector uses: retries 5xx and timeouts with backoff.</summary>
    public const string HttpClientName = "platforms";

    /// <summary>Registers ingestion; throws <see cref="StartupException"/> without a token key outside development.</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var current = configuration["Tokens:CurrentKey"] ?? new TokenOptions().CurrentKey;
        ConfiguredSecrets.Check(configuration, environment, $"Tokens:Keys:{current}", "key that encrypts platform tokens");
        services.AddOptions<TokenOptions>().BindConfiguration("Tokens");
        services.AddOptions<IngestionOptions>().BindConfiguration("Ingestion");
        AddPlatform(services, "facebook", "Platforms:Facebook", o => Meta(o, lookbackDays: 3, "read_insights,pages_read_engagement,pages_show_list"));
        AddPlatform(services, "instagram", "Platforms:Instagram", o => Meta(o, lookbackDays: 3, "instagram_basic,instagram_manage_insights,pages_read_engagement"));
        AddPlatform(services, "meta_ads", "Platforms:MetaAds", o => Meta(o, lookbackDays: 28, "ads_read"));
        AddPlatform(services, "tiktok", "Platforms:TikTok", o =>
        {
            o.BaseUrl = o.AuthorizeBaseUrl = "https://business-api.tiktok.com";
            o.ApiVersion = "v1.3";
            o.LookbackDays = 3;
            o.BackfillDays = 58; // within the Business API's 60-day look-back, counted from today
            o.ReadyHour = 11; // its data is about 11 hours late
            o.Scopes = "user.info.basic,user.insights,video.list";
        });
        services.AddSingleton<IPlatformConnector, FacebookConnector>();
        services.AddSingleton<IPlatformConnector, InstagramConnector>();
        services.AddSingleton<IPlatformConnector, MetaAdsConnector>();
        services.AddSingleton<IPlatformConnector, TikTokConnector>();
        AddPlatform(services, "x", "Platforms:X", XConnector.Defaults);
        services.AddSingleton<IPlatformConnector, XConnector>();
        AddPlatform(services, "youtube", "Platforms:YouTube", YouTubeConnector.Defaults);
        services.AddOptions<PlatformOptions>("youtube").Validate(
            o => Uri.TryCreate(o.DataBaseUrl, UriKind.Absolute, out _) && Uri.TryCreate(o.TokenUrl, UriKind.Absolute, out _),
            "Platforms:YouTube:DataBaseUrl and TokenUrl must be absolute URLs.");
        services.AddSingleton<IPlatformConnector, YouTubeConnector>();
        AddPlatform(services, "linkedin", "Platforms:LinkedIn", LinkedIn);
        services.AddSingleton<IPlatformConnector, LinkedInConnector>();
        AddPlatform(services, "pinterest", "Platforms:Pinterest", Pinterest);
        services.AddSingleton<IPlatformConnector, PinterestConnector>();
        services.AddSingleton<PlatformConnectors>();
        services.AddSingleton<TokenProtector>();
        services.AddSingleton<OAuthState>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<IngestAccountJob>();
        services.AddSingleton<IngestionScheduler>();
        services.AddSingleton<Reports.IDataGaps, AccountGaps>();
        services.AddSingleton<Reports.IAccountNames, AccountNames>();
        // No request logging: Meta takes the token in the query string, and no token may reach a log. 5xx, 408 and
        // timeouts are retried 3 times with exponential backoff; each attempt may take 30 s. A 429 is not: the run waits
        // as long as the platform says (a daily quota is hours away), on the queue rather than in a call.
        services.AddHttpClient(HttpClientName).RemoveAllLoggers().AddResilienceHandler("platforms", pipeline => pipeline
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(500),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome) && args.Outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests),
            })
            .AddTimeout(TimeSpan.FromSeconds(30)));
        return services;
    }

    /// <summary>Registers <paramref name="platform"/>'s options: its defaults, then the configuration section over them.</summary>
    public static void AddPlatform(IServiceCollection services, string platform, string section, Action<PlatformOptions> defaults) =>
        services.AddOptions<PlatformOptions>(platform)
            .Configure(defaults)
            .BindConfiguration(section)
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), $"{section}:BaseUrl must be an absolute URL.")
            .Validate(o => o.LookbackDays is >= 0 and <= 90 && o.BackfillDays is >= 1 and <= 1_200, $"{section}: LookbackDays 0 to 90, BackfillDays 1 to 1200.");

    // LinkedIn's data settles late: the last day fetched is two days ago, and a week is read again. Its statistics go
    // 12 months back, so a new connection fills 360 days. Versions are monthly and sunset after a year.
    private static void LinkedIn(PlatformOptions options)
    {
        options.BaseUrl = "https://api.linkedin.com";
        options.AuthorizeBaseUrl = "https://www.linkedin.com";
        options.ApiVersion = "202606";
        options.LookbackDays = 7;
        options.DelayDays = 1;
        options.BackfillDays = 360;
        options.Scopes = "r_organization_social rw_organization_admin";
    }

    // Pinterest's analytics go 89 days back from its (UTC) today; an account's local yesterday can be up to two days
    // behind that, so a new connection fills 87 days. Recent days settle within days (data_status keeps them open).
    private static void Pinterest(PlatformOptions options)
    {
        options.BaseUrl = "https://api.pinterest.com";
        options.AuthorizeBaseUrl = "https://www.pinterest.com";
        options.ApiVersion = "v5";
        options.LookbackDays = 3;
        options.BackfillDays = PinterestConnector.MaxDaysBack - 2;
        options.Scopes = "user_accounts:read,pins:read,boards:read";
    }

    private static void Meta(PlatformOptions options, int lookbackDays, string scopes)
    {
        options.BaseUrl = "https://graph.facebook.com";
        options.AuthorizeBaseUrl = "https://www.facebook.com";
        options.ApiVersion = "v25.0";
        options.LookbackDays = lookbackDays;
        options.Scopes = scopes;
    }
}

/// <summary>The ingestion pipeline's settings (<c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    /// <summary>Days raw platform responses are kept in Blob Storage.</summary>
    public int RawRetentionDays { get; set; } = 90;

    /// <summary>How often a throttled run waits and tries again before the account shows <c>failing</c>.</summary>
    public int MaxThrottleAttempts { get; set; } = 6;

    /// <summary>The shortest wait after a throttle when the platform names none; doubled on each attempt.</summary>
    public TimeSpan ThrottleBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tokens that expire within this time are refreshed before a fetch.</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A scheduled run that has not finished after this long is enqueued again.</summary>
    public TimeSpan RescheduleAfter { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>The connector of each platform that has one.</summary>
public sealed class PlatformConnectors(IEnumerable<IPlatformConnector> connectors)
{
    private readonly Dictionary<string, IPlatformConnector> _byPlatform = connectors.ToDictionary(c => c.Platform, StringComparer.Ordinal);

    /// <summary>The platforms that can be connected, in report order.</summary>
    public IReadOnlyList<string> Platforms => [.. global::KpiFunctions.Kpis.Platforms.All.Where(_byPlatform.ContainsKey)];

    public IPlatformConnector? Find(string platform) => _byPlatform.GetValueOrDefault(platform);

    public IPlatformConnector Get(string platform) =>
        Find(platform) ?? throw new InvalidOperationException($"No connector for '{platform}'.");
}
