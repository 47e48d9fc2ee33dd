using System.Security.Cryptography;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Samples;

namespace KpiFunctions.FakePlatforms;

/// <summary>Everything the fake remembers, behind one lock: accounts and their overrides, tokens, knobs, report jobs, the request log.</summary>
internal sealed partial class FakeMetaState(FakeMetaOptions options)
{
    /// <summary>What a token issued by the fake lives for, as Meta's long-lived tokens (about 60 days).</summary>
    public const int TokenLifetimeSeconds = 5183944;

    private static readonly DateOnly DefaultSince = new(2024, 1, 1);
    private readonly Lock gate = new();
    private readonly Dictionary<(string Platform, string Id), AccountState> accounts = [];
    private readonly HashSet<(string Platform, string Name)> retired = [];
    private readonly Dictionary<string, DateTimeOffset?> tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientId, string RedirectUri)> codes = new(StringComparer.Ordinal);
    private readonly HashSet<string> usedCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Platform, string Id), ThrottleState> throttles = [];
    private readonly Dictionary<string, ReportJob> jobs = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> requests = [];
    private (int Remaining, int Status) fail;
    private (int Remaining, TimeSpan Delay) delay;
    private long nextJob = 6_120_000_000_000_000;

    public FakeMetaOptions Options { get; } = options;

    public TimeProvider Time => Options.TimeProvider;

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    public int Usage { get; set; } = 5;

    public bool AcceptAnyToken { get; set; } = options.AcceptAnyToken;

    public int AsyncPolls { get; set; } = options.AsyncPolls;

    public int? FailAsyncJobsLongerThan { get; set; }

    /// <summary>Records <paramref name="context"/>'s request, made with API <paramref name="version"/> (null: none).</summary>
    public void Record(HttpContext context, string? version) =>
        Record(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "", version, Time.GetUtcNow()));

    public void Record(RecordedRequest request)
    {
        lock (gate)
        {
            requests.Add(request);
            if (requests.Count > Math.Max(1, Options.MaxRecordedRequests))
            {
                requests.RemoveRange(0, requests.Count - Options.MaxRecordedRequests);
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Requests()
    {
        lock (gate)
        {
            return [.. requests];
        }
    }

    public void ClearRequests()
    {
        lock (gate)
        {
            requests.Clear();
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            accounts.Clear();
            retired.Clear();
            throttles.Clear();
            jobs.Clear();
            requests.Clear();
            fail = default;
            delay = default;
            Usage = 5;
            FailAsyncJobsLongerThan = null;
            AcceptAnyToken = Options.AcceptAnyToken;
            AsyncPolls = Options.AsyncPolls;
            ResetX();
            ResetYouTube();
            ResetOAuth2();
        }
    }

    // Accounts and data

    public void AddAccount(string platform, string externalId, double audience, DateOnly? since)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(audience);
        lock (gate)
        {
            var account = Account(platform, externalId);
            account.Audience = audience;
            account.Since = since ?? DefaultSince;
        }
    }

    /// <summary>True when the id was registered (or auto-registered) under <paramref name="platform"/>.</summary>
    public bool Knows(string platform, string externalId)
    {
        lock (gate)
        {
            return accounts.ContainsKey((platform, FakePlatform.Id(platform, externalId)));
        }
    }

    public void SetDay(string platform, string externalId, DateOnly day, IReadOnlyDictionary<string, double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (gate)
        {
            var account = Account(platform, externalId);
            if (!account.Overrides.TryGetValue(day, out var overrides))
            {
                account.Overrides[day] = overrides = new(StringComparer.Ordinal);
            }

            foreach (var (name, value) in values)
            {
                overrides[name] = value;
            }
        }
    }

    public void EmptyDays(string platform, string externalId, DateRange days)
    {
        lock (gate)
        {
            var account = Account(platform, externalId);
            for (var day = days.From; day <= days.To; day = day.AddDays(1))
            {
                account.Empty.Add(day);
            }
        }
    }

    public void Revise(string platform, string externalId, DateOnly day, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(factor);
        lock (gate)
        {
            Account(platform, externalId).Factors[day] = factor;
        }
    }

    /// <summary>
    /// The platform's values of one day (platform keys, see <see cref="MetaMetrics.Sources"/>), or null when the day has no data:
    /// today or later, an empty day, or before the account's first day with no override.
    /// </summary>
    public Dictionary<string, double>? Values(string platform, string externalId, DateOnly day)
    {
        lock (gate)
        {
            var id = FakePlatform.Id(platform, externalId);
            var account = Account(platform, id);
            if (day >= Today || account.Empty.Contains(day))
            {
                return null;
            }

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            if (day >= account.Since)
            {
                var profile = platform == FakePlatform.MetaAds ? SampleMetrics.Profile.Ads : SampleMetrics.Profile.Social;
                var sample = new SampleMetrics.Account(id, platform, profile, account.Audience, account.Since);
                var row = SampleMetrics.Rows([sample], new DateRange(day, day)).First();
                var factor = account.Factors.GetValueOrDefault(day, 1);
                foreach (var (key, source) in MetaMetrics.Sources[platform])
                {
                    if (row.Values.TryGetValue(source, out var value))
                    {
                        values[key] = factor == 1 ? value : Revised(source, value * factor);
                    }
                }
            }

            if (account.Overrides.TryGetValue(day, out var overrides))
            {
                foreach (var (key, value) in overrides)
                {
                    if (value is { } v)
                    {
                        values[key] = v;
                    }
                    else
                    {
                        values.Remove(key);
                    }
                }
            }

            return values.Count == 0 ? null : values;
        }
    }

    /// <summary>The value of <paramref name="key"/> on the last day before today that has one (a level such as followers), or 0.</summary>
    public double Latest(string platform, string externalId, string key)
    {
        for (var day = Today.AddDays(-1); day >= Today.AddDays(-400); day = day.AddDays(-1))
        {
            if (Values(platform, externalId, day) is { } values && values.TryGetValue(key, out var value))
            {
                return value;
            }
        }

        return 0;
    }

    public DateOnly Since(string platform, string externalId)
    {
        lock (gate)
        {
            return Account(platform, externalId).Since;
        }
    }

    // Retired metrics

    public void Retire(string platform, string name, bool isRetired)
    {
        lock (gate)
        {
            if (isRetired)
            {
                retired.Add((FakePlatform.Check(platform), name));
            }
            else
            {
                retired.Remove((platform, name));
            }
        }
    }

    public bool IsRetired(string platform, string name)
    {
        lock (gate)
        {
            return retired.Contains((platform, name));
        }
    }

    // Tokens and OAuth codes

    public string IssueToken()
    {
        var token = "EAAF" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 60);
        AddToken(token, Time.GetUtcNow().AddSeconds(TokenLifetimeSeconds));
        return token;
    }

    public void AddToken(string token, DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        lock (gate)
        {
            tokens[token] = expiresAt;
        }
    }

    public void ExpireToken(string token)
    {
        lock (gate)
        {
            tokens[token] = Time.GetUtcNow().AddSeconds(-1);
        }
    }

    public void RevokeToken(string token)
    {
        lock (gate)
        {
            tokens.Remove(token);
        }
    }

    /// <summary>Whether <paramref name="token"/> is usable now; <paramref name="expiredAt"/> is set when it was known but expired.</summary>
    public bool CheckToken(string? token, out DateTimeOffset? expiredAt)
    {
        expiredAt = null;
        if (token is null)
        {
            return false;
        }

        lock (gate)
        {
            if (!tokens.TryGetValue(token, out var expiresAt))
            {
                return false;
            }

            if (expiresAt is { } at && at <= Time.GetUtcNow())
            {
                expiredAt = at;
                return false;
            }

            return true;
        }
    }

    public string NewCode(string clientId, string redirectUri)
    {
        var code = "AQ" + RandomNumberGenerator.GetHexString(40, lowercase: true);
        lock (gate)
        {
            codes[code] = (clientId, redirectUri);
        }

        return code;
    }

    /// <summary>Redeems a one-use code; returns null when it is good, else the Graph error message.</summary>
    public string? RedeemCode(string code, string clientId, string redirectUri)
    {
        lock (gate)
        {
            if (usedCodes.Contains(code))
            {
                return "This authorization code has been used.";
            }

            if (!codes.TryGetValue(code, out var issued))
            {
                return "Invalid verification code format.";
            }

            if (issued.ClientId != clientId || issued.RedirectUri != redirectUri)
            {
                return "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request";
            }

            codes.Remove(code);
            usedCodes.Add(code);
            return null;
        }
    }

    // Faults

    public void Throttle(string platform, string externalId, ThrottleState throttle)
    {
        lock (gate)
        {
            throttles[(FakePlatform.Check(platform), FakePlatform.Id(platform, externalId))] = throttle;
        }
    }

    /// <summary>Takes one throttled answer for the account, if any are left.</summary>
    public ThrottleState? TakeThrottle(string platform, string externalId)
    {
        lock (gate)
        {
            var key = (platform, FakePlatform.Id(platform, externalId));
            if (!throttles.TryGetValue(key, out var throttle))
            {
                return null;
            }

            if (--throttle.Remaining <= 0)
            {
                throttles.Remove(key);
            }

            return throttle;
        }
    }

    public void FailNext(int count, int status)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        lock (gate)
        {
            fail = (count, status);
        }
    }

    public int? TakeFailure()
    {
        lock (gate)
        {
            if (fail.Remaining <= 0)
            {
                return null;
            }

            fail.Remaining--;
            return fail.Status;
        }
    }

    public void DelayNext(int count, TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            delay = (count, by);
        }
    }

    public TimeSpan? TakeDelay()
    {
        lock (gate)
        {
            if (delay.Remaining <= 0)
            {
                return null;
            }

            delay.Remaining--;
            return delay.Delay;
        }
    }

    // Async report jobs

    public ReportJob CreateJob(string accountId, AdsQuery query)
    {
        lock (gate)
        {
            var job = new ReportJob((nextJob++).ToString(System.Globalization.CultureInfo.InvariantCulture), accountId, query);
            jobs[job.Id] = job;
            return job;
        }
    }

    public ReportJob? Job(string id)
    {
        lock (gate)
        {
            return jobs.GetValueOrDefault(id);
        }
    }

    /// <summary>One status poll: counts it and settles the job once <see cref="AsyncPolls"/> polls were made.</summary>
    public (string Status, int Percent) Poll(ReportJob job)
    {
        lock (gate)
        {
            if (job.Status == ReportJob.Running)
            {
                job.Polls++;
                if (job.Polls >= AsyncPolls)
                {
                    job.Status = FailAsyncJobsLongerThan is { } days && job.Query.Range.Days > days ? ReportJob.Failed : ReportJob.Completed;
                }
            }

            var percent = job.Status switch
            {
                ReportJob.Completed => 100,
                ReportJob.Failed => 0,
                _ => job.Polls * 100 / Math.Max(1, AsyncPolls),
            };
            return (job.Status, percent);
        }
    }

    private static double Revised(string sample, double value) =>
        sample is "spend" or "revenue" or "budget" ? Math.Round(value, 2) : Math.Round(value);

    private AccountState Account(string platform, string externalId)
    {
        var key = (FakePlatform.Check(platform), FakePlatform.Id(platform, externalId));
        if (!accounts.TryGetValue(key, out var account))
        {
            accounts[key] = account = new AccountState { Audience = 10_000, Since = DefaultSince };
        }

        return account;
    }

    private sealed class AccountState
    {
        public double Audience { get; set; }

        public DateOnly Since { get; set; }

        public Dictionary<DateOnly, Dictionary<string, double?>> Overrides { get; } = [];

        public HashSet<DateOnly> Empty { get; } = [];

        public Dictionary<DateOnly, double> Factors { get; } = [];
    }
}

/// <summary>A throttle on one account: the next <see cref="Remaining"/> calls answer the Graph error <see cref="Code"/>.</summary>
internal sealed class ThrottleState(int remaining, int code, int? subcode, int minutesToRegain)
{
    public int Remaining { get; set; } = remaining;

    public int Code { get; } = code;

    public int? Subcode { get; } = subcode;

    public int MinutesToRegain { get; } = minutesToRegain;
}

/// <summary>What an Ads insights request asks for.</summary>
internal sealed record AdsQuery(DateRange Range, bool Daily, IReadOnlyList<string> Fields);

/// <summary>An async Ads report run.</summary>
internal sealed class ReportJob(string id, string accountId, AdsQuery query)
{
    public const string Running = "Job Running";
    public const string Completed = "Job Completed";
    public const string Failed = "Job Failed";

    public string Id { get; } = id;

    public string AccountId { get; } = accountId;

    public AdsQuery Query { get; } = query;

    public int Polls { get; set; }

    public string Status { get; set; } = Running;
}
