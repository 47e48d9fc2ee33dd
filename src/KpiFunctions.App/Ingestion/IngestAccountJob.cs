using System.Security.Cryptography;
using KpiFunctions.App.Metrics;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// <c>IngestAccount</c>: fetches one account from its platform, from <c>syncedThrough</c> minus the platform's lookback
/// window (or the whole backfill for a new connection) up to its last complete day, in chunks, oldest first. Each chunk
/// is merged into the metric rows as a push would be, its posts stored and its raw responses kept; then
/// <c>syncedThrough</c> moves past it. A throttle re-enqueues the rest of the run after the wait; a rejected token
/// stops this account only.
/// </summary>
public sealed class IngestAccountJob(
    AccountStore accounts,
    RunStore runs,
    MetricStore metrics,
    PostStore posts,
    PlatformConnectors connectors,
    TokenProtector protector,
    Queues queues,
    Blobs blobs,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<IngestAccountJob> logger)
{
    /// <summary>The last day whose data the platform has complete, on the account's clock.</summary>
    public static DateOnly LastCompleteDay(ConnectedAccount account, PlatformOptions platform, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        var local = TimeZoneInfo.ConvertTime(now, account.Zone);
        return DateOnly.FromDateTime(local.DateTime).AddDays((local.Hour >= platform.ReadyHour ? -1 : -2) - platform.DelayDays);
    }

    /// <summary>Records a new run and enqueues it.</summary>
    public async Task<RunRecord> EnqueueAsync(ConnectedAccount account, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var run = new RunRecord(RunRecord.NewId(time.GetUtcNow()), time.GetUtcNow(), from, to);
        await runs.SaveAsync(account.ClientId, account.Id, run, cancellationToken);
        await accounts.UpdateAsync(account.ClientId, account.Id, a => a with { LastRun = run }, cancellationToken);
        await queues.SendAsync(Queues.IngestAccount, new IngestAccountMessage(account.ClientId, account.Id, run.Id, from, to), null, cancellationToken);
        return run;
    }

    public async Task RunAsync(IngestAccountMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await accounts.FindAsync(message.ClientId, message.AccountId, cancellationToken) is not { } account
            || connectors.Find(account.Platform) is not { } connector)
        {
            return; // Disconnected since it was enqueued.
        }

        var now = time.GetUtcNow();
        var run = await runs.FindAsync(account.ClientId, account.Id, message.RunId, cancellationToken)
            ?? new RunRecord(message.RunId, now, message.From, message.To);
        if (run.FinishedAt is not null)
        {
            return; // A message delivered twice.
        }

        if (account.Tokens is null || account.Status == AccountStatus.NeedsReauth)
        {
            await FinishAsync(account, run with { Outcome = RunOutcome.NeedsReauth, Error = "The account is not connected: connect it again." }, null, cancellationToken);
            return;
        }

        var last = LastCompleteDay(account, connector.Options, now);
        var to = message.To is { } t && t < last ? t : last;
        var from = message.From
            ?? (account.SyncedThrough is { } synced ? synced.AddDays(1 - connector.Options.LookbackDays) : last.AddDays(1 - connector.Options.BackfillDays));
        run = run with { From = run.From ?? from, To = run.To ?? to };
        var next = from;
        try
        {
            (var token, account) = await AccessTokenAsync(account, connector, cancellationToken);
            var context = new FetchContext(account, token, new RawResponses(blobs, account, run.Id), last);
            var known = await metrics.AccountPlatformsAsync(account.ClientId, cancellationToken);
            for (; next <= to; next = next.AddDays(connector.ChunkDays))
            {
                var chunk = new DateRange(next, Min(next.AddDays(connector.ChunkDays - 1), to));
                FetchedData data;
                try
                {
                    data = await connector.FetchAsync(context, chunk, cancellationToken);
                }
                finally
                {
                    await context.Raw.FlushAsync(chunk, cancellationToken);
                }

                var rows = Rows(account, data, context.Warnings);
                var final = data.OpenFrom is { } open && open <= chunk.To ? open.AddDays(-1) : chunk.To;
                await metrics.WriteAsync(account.ClientId, rows, known, cancellationToken);
                known = known.ContainsKey(account.Id) ? known : new Dictionary<string, string>(known) { [account.Id] = account.Platform };
                await posts.WriteAsync(account.ClientId, account.Id, account.Platform, data.Posts, cancellationToken);
                run = run with { RowsWritten = run.RowsWritten + rows.Count, Warnings = [.. context.Warnings] };

                // syncedThrough moves only over final days fetched without a gap since it.
                account = await accounts.UpdateAsync(account.ClientId, account.Id, a => a with
                {
                    SyncedThrough = final < chunk.From ? a.SyncedThrough
                        : a.SyncedThrough is not { } s ? final
                        : s >= chunk.From.AddDays(-1) && s < final ? final : s,
                    LastRun = run,
                }, cancellationToken) ?? account;
                if (final < chunk.To)
                {
                    break; // A day that is not final yet: the next run starts there again.
                }
            }

            var outcome = run.Warnings.Count == 0 ? RunOutcome.Succeeded : RunOutcome.Partial;
            var expiry = RefreshExpiryWarning(account, connector.Options);
            if (expiry is not null)
            {
                run = run with { Warnings = [.. run.Warnings, expiry] };
            }

            await FinishAsync(
                account, run with { Outcome = outcome, Error = null, ResumesAt = null }, a => a with { Status = AccountStatus.Connected, StatusReason = expiry }, cancellationToken);
            Log.AccountFetched(logger, account.Platform, account.Id, account.ClientId, from, to, run.RowsWritten, outcome);
        }
        catch (TokenRejectedException e)
        {
            await FinishAsync(
                account, run with { Outcome = RunOutcome.NeedsReauth, Error = e.Message },
                a => a with { Status = AccountStatus.NeedsReauth, StatusReason = e.Message }, cancellationToken);
            Log.AccountFetchFailed(logger, account.Platform, account.Id, account.ClientId, RunOutcome.NeedsReauth, e.Message);
        }
        catch (PlatformThrottledException e)
        {
            await ThrottledAsync(account, run, message with { From = next, To = to }, e, cancellationToken);
        }
        catch (Exception e) when (e is PlatformException or HttpRequestException or TimeoutRejectedException or System.Text.Json.JsonException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is PlatformException ? e.Message : $"{connector.DisplayName} could not be reached: {e.GetType().Name}.";
            await FinishAsync(
                account, run with { Outcome = RunOutcome.Failed, Error = reason },
                a => a with { Status = AccountStatus.Failing, StatusReason = reason }, cancellationToken);
            Log.AccountFetchFailed(logger, account.Platform, account.Id, account.ClientId, RunOutcome.Failed, reason);
        }
    }

    /// <summary>
    /// The account's access token, refreshed first when it expires soon; a rotated refresh token is saved, an empty answer
    /// never is. Answers the account as stored after that.
    /// </summary>
    private async Task<(string AccessToken, ConnectedAccount Account)> AccessTokenAsync(ConnectedAccount account, IPlatformConnector connector, CancellationToken cancellationToken)
    {
        var stored = account.Tokens!;
        PlatformTokens tokens;
        try
        {
            tokens = new PlatformTokens(
                protector.Unprotect(stored.AccessToken, account.TokenContext("access")),
                stored.RefreshToken is { } r ? protector.Unprotect(r, account.TokenContext("refresh")) : null,
                stored.ExpiresAt,
                stored.RefreshExpiresAt);
        }
        catch (CryptographicException)
        {
            throw new TokenRejectedException("The stored token cannot be decrypted (its key is no longer configured): connect the account again.");
        }

        if (tokens.ExpiresAt is not { } expires || expires - time.GetUtcNow() > options.Value.RefreshBefore)
        {
            return (tokens.AccessToken, account);
        }

        PlatformTokens? fresh;
        try
        {
            fresh = await connector.RefreshAsync(tokens, cancellationToken);
        }
        catch (Exception e) when (e is PlatformException or HttpRequestException or TimeoutRejectedException or PlatformThrottledException or TokenRejectedException)
        {
            if (expires <= time.GetUtcNow())
            {
                // Nothing to fall back on (X's tokens last two hours): a refused refresh needs a person, a throttle waits,
                // anything else fails this run and the next schedule tries again; never a fetch bound to be refused.
                if (e is TokenRejectedException or PlatformThrottledException)
                {
                    throw;
                }

                throw new PlatformException($"The access token has expired and refreshing it failed ({e.Message}); the next run tries again.");
            }

            // The token still works: this run uses it, the next one tries the refresh again.
            Log.TokenRefreshFailed(logger, account.Platform, account.Id, account.ClientId, e.Message);
            return (tokens.AccessToken, account);
        }

        if (fresh is null || string.IsNullOrEmpty(fresh.AccessToken))
        {
            return (tokens.AccessToken, account);
        }

        var saved = Refreshed(tokens, fresh);
        var updated = await accounts.UpdateAsync(account.ClientId, account.Id, a => a with { Tokens = Protect(protector, a, saved) }, cancellationToken);
        return (saved.AccessToken, updated ?? account);
    }

    /// <summary>
    /// The tokens to store after a refresh of <paramref name="stored"/> answered <paramref name="fresh"/>: a rotated
    /// refresh token replaces the old one with its own expiry (unknown when the answer names none); an answer without
    /// one, or with the same one, keeps the stored refresh token and its expiry unless the answer names a new expiry
    /// (LinkedIn's refresh token is not extended by use: its end stays where the consent put it).
    /// </summary>
    public static PlatformTokens Refreshed(PlatformTokens stored, PlatformTokens fresh)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(fresh);
        var rotated = !string.IsNullOrEmpty(fresh.RefreshToken) && fresh.RefreshToken != stored.RefreshToken;
        return fresh with
        {
            RefreshToken = rotated ? fresh.RefreshToken : stored.RefreshToken,
            RefreshExpiresAt = rotated ? fresh.RefreshExpiresAt : fresh.RefreshExpiresAt ?? stored.RefreshExpiresAt,
        };
    }

    /// <summary>A warning when the account's refresh token ends soon: past it, a person must connect the account again.</summary>
    private string? RefreshExpiryWarning(ConnectedAccount account, PlatformOptions platform) =>
        account.Tokens?.RefreshExpiresAt is { } ends && ends - time.GetUtcNow() < platform.RefreshExpiryWarning
            ? $"The platform's refresh token ends on {ends:yyyy-MM-dd}: connect the account again before then, or fetching stops."
            : null;

    /// <summary>Protects <paramref name="tokens"/> for <paramref name="account"/>.</summary>
    public static StoredTokens Protect(TokenProtector protector, ConnectedAccount account, PlatformTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(tokens);
        return new StoredTokens(
            protector.Protect(tokens.AccessToken, account.TokenContext("access")),
            tokens.RefreshToken is { Length: > 0 } refresh ? protector.Protect(refresh, account.TokenContext("refresh")) : null,
            tokens.ExpiresAt,
            tokens.RefreshExpiresAt);
    }

    private async Task ThrottledAsync(ConnectedAccount account, RunRecord run, IngestAccountMessage rest, PlatformThrottledException e, CancellationToken cancellationToken)
    {
        var attempt = (rest.Attempt ?? 1) + 1;
        if (attempt > options.Value.MaxThrottleAttempts)
        {
            var reason = $"Still throttled after {options.Value.MaxThrottleAttempts} attempts: {e.Message}";
            await FinishAsync(
                account, run with { Outcome = RunOutcome.Failed, Error = reason },
                a => a with { Status = AccountStatus.Failing, StatusReason = reason }, cancellationToken);
            Log.AccountFetchFailed(logger, account.Platform, account.Id, account.ClientId, RunOutcome.Failed, reason);
            return;
        }

        // A short throttle waits at most 6 hours; a spent daily quota waits for its reset (a day at most), and the
        // account stays paused until then: the schedule does not start it again meanwhile.
        var backoff = options.Value.ThrottleBackoff * Math.Pow(2, attempt - 2);
        var wait = e.Wait > backoff ? e.Wait : backoff;
        var longest = e.DailyQuota ? TimeSpan.FromHours(25) : TimeSpan.FromHours(6);
        if (wait > longest)
        {
            wait = longest;
        }

        var until = time.GetUtcNow() + wait;
        var waiting = run with { Outcome = RunOutcome.Throttled, Error = $"{e.Message} Continuing after {until:yyyy-MM-dd HH:mm:ss} UTC.", ResumesAt = until };
        await runs.SaveAsync(account.ClientId, account.Id, waiting, cancellationToken);
        await accounts.UpdateAsync(
            account.ClientId, account.Id, a => a with { Status = AccountStatus.Throttled, StatusReason = waiting.Error, LastRun = waiting }, cancellationToken);
        await queues.SendAsync(Queues.IngestAccount, rest with { Attempt = attempt }, wait, cancellationToken);
        Log.AccountFetchFailed(logger, account.Platform, account.Id, account.ClientId, RunOutcome.Throttled, e.Message);
    }

    private async Task FinishAsync(ConnectedAccount account, RunRecord run, Func<ConnectedAccount, ConnectedAccount>? change, CancellationToken cancellationToken)
    {
        var finished = run with { FinishedAt = time.GetUtcNow() };
        await runs.SaveAsync(account.ClientId, account.Id, finished, cancellationToken);
        await accounts.UpdateAsync(account.ClientId, account.Id, a => (change?.Invoke(a) ?? a) with { LastRun = finished }, cancellationToken);
    }

    // A value a platform sends that no push could (negative, fractional counts, beyond the catalog's bound) is left out
    // with a warning, never stored.
    private static List<DailyRow> Rows(ConnectedAccount account, FetchedData data, ISet<string> warnings)
    {
        var rows = new List<DailyRow>(data.Days.Count);
        foreach (var (day, values) in data.Days)
        {
            var clean = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, value) in values)
            {
                if (!MetricCatalog.TryGet(name, out var metric))
                {
                    continue;
                }

                var v = metric.AllowsFraction ? Math.Round(value, 2) : value;
                if (double.IsFinite(v) && v >= 0 && v <= MetricDefinition.MaxValue && (metric.AllowsFraction || v == Math.Floor(v)))
                {
                    clean[name] = v;
                }
                else
                {
                    warnings.Add($"The platform sent {name} = {value} for {day:yyyy-MM-dd}, which is not a valid value: left out.");
                }
            }

            if (clean.Count > 0)
            {
                rows.Add(new DailyRow(day, account.Id, account.Platform, clean));
            }
        }

        return rows;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
