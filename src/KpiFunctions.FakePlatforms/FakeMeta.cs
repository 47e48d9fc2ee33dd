using KpiFunctions.Kpis;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// A loopback fake of graph.facebook.com for offline tests: Facebook Page insights, Instagram account insights and Meta Ads
/// insights (sync and async), OAuth, tokens, throttling and faults. Data comes from <c>SampleMetrics</c>, deterministic per
/// account and day, with per-day overrides. Every control method here also has an HTTP twin under <c>/_fake</c> (see README.md).
/// </summary>
public sealed partial class FakeMeta : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly FakeMetaState state;

    private FakeMeta(WebApplication app, FakeMetaState state)
    {
        this.app = app;
        this.state = state;
    }

    /// <summary>Where the fake listens, e.g. <c>http://127.0.0.1:41234/</c>; Graph calls go to <c>{BaseUrl}v25.0/...</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The Graph requests received so far, oldest first (not the <c>/_fake</c> control calls).</summary>
    public IReadOnlyList<RecordedRequest> Requests => state.Requests();

    /// <summary>The app id and secret the OAuth endpoints accept, and the other settings.</summary>
    public FakeMetaOptions Options => state.Options;

    /// <summary>Starts a fake on a free loopback port.</summary>
    public static async Task<FakeMeta> StartAsync(FakeMetaOptions? options = null, CancellationToken ct = default)
    {
        var fake = Create([], options ?? new FakeMetaOptions());
        await fake.app.StartAsync(ct);
        fake.BaseUrl = fake.ListeningOn();
        return fake;
    }

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests() => state.ClearRequests();

    /// <summary>Forgets accounts, overrides, retired metrics, throttles, faults, report jobs and requests (tokens and OAuth codes stay).</summary>
    public void Reset() => state.Reset();

    /// <summary>Registers (or re-registers) an account: its audience scales every metric, and it has no data before <paramref name="since"/> (default 2024-01-01).</summary>
    public void AddAccount(string platform, string externalId, double audience = 10_000, DateOnly? since = null) =>
        state.AddAccount(platform, externalId, audience, since);

    /// <summary>
    /// Sets values of one day in the platform's own names (see README.md), overriding the generator for those names; a null
    /// value makes that metric return nothing for the day. Later calls for the same day merge.
    /// </summary>
    public void SetDay(string platform, string externalId, DateOnly day, IReadOnlyDictionary<string, double?> platformMetrics) =>
        state.SetDay(platform, externalId, day, platformMetrics);

    /// <summary>Makes the days return no values at all (Meta's empty data set, not 0).</summary>
    public void EmptyDays(string platform, string externalId, DateRange days) => state.EmptyDays(platform, externalId, days);

    /// <summary>Multiplies the generated values of one day by <paramref name="factor"/> (rounded: money to cents, counts to whole numbers): a revision between two fetches.</summary>
    public void Revise(string platform, string externalId, DateOnly day, double factor) => state.Revise(platform, externalId, day, factor);

    /// <summary>The values the fake serves for one day, in the platform's names, or null when the day has no data.</summary>
    public IReadOnlyDictionary<string, double>? PlatformValues(string platform, string externalId, DateOnly day) =>
        state.Values(platform, externalId, day);

    /// <summary>Makes an insights metric invalid: a request naming it fails as a whole with error 100.</summary>
    public void RetireMetric(string platform, string name) => state.Retire(platform, name, true);

    /// <summary>Undoes <see cref="RetireMetric"/>.</summary>
    public void RestoreMetric(string platform, string name) => state.Retire(platform, name, false);

    /// <summary>Issues a fresh token, valid for 5183944 seconds, as the OAuth exchange would.</summary>
    public string IssueToken() => state.IssueToken();

    /// <summary>Makes the fake accept <paramref name="token"/> until <paramref name="expiresAt"/> (null: forever).</summary>
    public void AddToken(string token, DateTimeOffset? expiresAt = null) => state.AddToken(token, expiresAt);

    /// <summary>Makes the token expired now: calls answer code 190, subcode 463.</summary>
    public void ExpireToken(string token) => state.ExpireToken(token);

    /// <summary>Forgets the token: calls answer code 190 "Invalid OAuth access token".</summary>
    public void RevokeToken(string token) => state.RevokeToken(token);

    /// <summary>The next <paramref name="requests"/> Graph calls touching the account answer HTTP 400 with Graph error <paramref name="code"/>.</summary>
    public void Throttle(string platform, string externalId, int requests, int code = 4, int? subcode = null, int minutesToRegain = 1) =>
        Throttle(state, platform, externalId, requests, code, subcode, minutesToRegain);

    /// <summary>The percentage the usage headers report on successful calls (default 5).</summary>
    public void SetUsage(int percent) => SetUsage(state, percent);

    /// <summary>The next <paramref name="requests"/> Graph calls answer <paramref name="status"/> with a transient error (code 1).</summary>
    public void FailNext(int requests, int status = 500) => state.FailNext(requests, status);

    /// <summary>The next <paramref name="requests"/> Graph calls wait <paramref name="delay"/> (real time) before being answered.</summary>
    public void DelayNext(int requests, TimeSpan delay) => state.DelayNext(requests, delay);

    /// <summary>Async report jobs over more than <paramref name="days"/> days end "Job Failed" (null: none fail).</summary>
    public void FailAsyncJobsLongerThan(int? days) => state.FailAsyncJobsLongerThan = days;

    /// <summary>Switches the token check off (true) or on (false) at run time.</summary>
    public void AcceptAnyToken(bool accept) => state.AcceptAnyToken = accept;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    internal static void Throttle(FakeMetaState state, string platform, string externalId, int requests, int code, int? subcode, int minutesToRegain)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        ArgumentOutOfRangeException.ThrowIfNegative(minutesToRegain);
        state.Throttle(platform, externalId, new ThrottleState(requests, code, subcode, minutesToRegain));
    }

    internal static void SetUsage(FakeMetaState state, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        state.Usage = percent;
    }

    /// <summary>
    /// Builds the app. Without <paramref name="options"/> (its own process) they bind from the <c>FakeMeta</c> configuration
    /// section and the URLs come from <c>--urls</c>; with them (in a test process) the host's configuration is ignored, so a
    /// test project's appsettings.json or ASPNETCORE_URLS cannot add endpoints, and it listens on a free loopback port.
    /// </summary>
    internal static FakeMeta Create(string[] args, FakeMetaOptions? options)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (options is null)
        {
            options = new FakeMetaOptions();
            builder.Configuration.GetSection("FakeMeta").Bind(options);
        }
        else
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        }

        var state = new FakeMetaState(options);
        builder.Services.AddSingleton(state);
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.MapControl();
        app.MapTikTok();
        app.MapRefreshTokens();
        app.MapX();
        app.MapYouTube();
        app.MapOAuth2Control();
        app.MapGraph();
        app.MapLinkedIn();
        app.MapPinterest();
        return new FakeMeta(app, state);
    }

    /// <summary>Runs until the process is asked to stop, printing the address it listens on.</summary>
    internal async Task RunAsync()
    {
        await app.StartAsync();
        BaseUrl = ListeningOn();
        Console.WriteLine($"FakeMeta listening on {BaseUrl}");
        await app.WaitForShutdownAsync();
    }

    private Uri ListeningOn() =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
}
