using System.Security.Cryptography;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// What the fake remembers for the platforms on standard OAuth 2.0 (LinkedIn, Pinterest): refresh tokens and their
/// ends, which account a token or a code belongs to, who is signed in on the consent page, daily quotas and Pinterest's
/// data statuses. Access tokens themselves are the shared ones (<see cref="CheckToken"/>).
/// </summary>
internal sealed partial class FakeMetaState
{
    private readonly Dictionary<string, RefreshGrant> grantedRefreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> tokenOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> codeOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> signedIn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DailyQuota> quotas = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Platform, string Id, DateOnly Day), string> dataStatuses = [];

    /// <summary>Issues an access token of <paramref name="platform"/> living <paramref name="lifetime"/>, of <paramref name="owner"/> when given.</summary>
    public string IssueAccessToken(string platform, string? owner, TimeSpan lifetime)
    {
        var access = (platform == FakePlatform.Pinterest ? "pina_" : "AQV") + RandomNumberGenerator.GetString(TokenAlphabet, 60);
        AddToken(access, Time.GetUtcNow() + lifetime);
        if (owner is not null)
        {
            BindToken(access, owner);
        }

        return access;
    }

    /// <summary>
    /// Issues an access token of <paramref name="platform"/> living <paramref name="accessLifetime"/> and a refresh token
    /// ending at <paramref name="refreshExpiresAt"/>, both belonging to <paramref name="owner"/> when given.
    /// </summary>
    public IssuedTokens IssueTokens(string platform, string? owner, TimeSpan accessLifetime, DateTimeOffset refreshExpiresAt)
    {
        var access = IssueAccessToken(platform, owner, accessLifetime);
        var refresh = IssueRefreshToken(platform, owner, refreshExpiresAt);

        return new IssuedTokens(access, refresh, accessLifetime, refreshExpiresAt);
    }

    /// <summary>Issues a refresh token of <paramref name="platform"/> ending at <paramref name="expiresAt"/>.</summary>
    public string IssueRefreshToken(string platform, string? owner, DateTimeOffset expiresAt)
    {
        var refresh = (platform == FakePlatform.Pinterest ? "pinr_" : "AQX") + RandomNumberGenerator.GetString(TokenAlphabet, 60);
        AddRefreshToken(platform, refresh, expiresAt, owner);
        return refresh;
    }

    /// <summary>Accepts <paramref name="refreshToken"/> for <paramref name="platform"/> until <paramref name="expiresAt"/>.</summary>
    public void AddRefreshToken(string platform, string refreshToken, DateTimeOffset expiresAt, string? owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        lock (gate)
        {
            grantedRefreshTokens[refreshToken] = new RefreshGrant(FakePlatform.Check(platform), owner, expiresAt);
        }
    }

    private void RevokeGrantedRefreshToken(string refreshToken) => grantedRefreshTokens.Remove(refreshToken);

    /// <summary>The grant of a refresh token of <paramref name="platform"/> that is usable now, or null.</summary>
    public RefreshGrant? RefreshGrantOf(string platform, string? refreshToken)
    {
        lock (gate)
        {
            return refreshToken is not null && grantedRefreshTokens.TryGetValue(refreshToken, out var grant)
                && grant.Platform == platform && grant.ExpiresAt > Time.GetUtcNow()
                ? grant
                : null;
        }
    }

    /// <summary>The account an access token belongs to, or null when the fake issued it for no one in particular.</summary>
    public string? OwnerOf(string token)
    {
        lock (gate)
        {
            return tokenOwners.GetValueOrDefault(token);
        }
    }

    public void BindToken(string token, string owner)
    {
        lock (gate)
        {
            tokenOwners[token] = owner;
        }
    }

    /// <summary>The account the consent page of <paramref name="platform"/> is signed in as (the one a code grants).</summary>
    public string? SignedIn(string platform)
    {
        lock (gate)
        {
            return signedIn.GetValueOrDefault(platform);
        }
    }

    public void SignIn(string platform, string? account)
    {
        lock (gate)
        {
            if (account is null)
            {
                signedIn.Remove(FakePlatform.Check(platform));
            }
            else
            {
                signedIn[FakePlatform.Check(platform)] = account;
            }
        }
    }

    /// <summary>A one-use code of a consent given by <paramref name="owner"/>.</summary>
    public string NewCode(string clientId, string redirectUri, string? owner)
    {
        var code = NewCode(clientId, redirectUri);
        if (owner is not null)
        {
            lock (gate)
            {
                codeOwners[code] = owner;
            }
        }

        return code;
    }

    public string? CodeOwner(string code)
    {
        lock (gate)
        {
            return codeOwners.GetValueOrDefault(code);
        }
    }

    /// <summary>Limits <paramref name="platform"/>'s API calls to <paramref name="calls"/> per UTC day of the fake's clock (null: no limit).</summary>
    public void SetDailyQuota(string platform, int? calls)
    {
        lock (gate)
        {
            if (calls is { } limit)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(limit);
                quotas[FakePlatform.Check(platform)] = new DailyQuota(limit, Today, 0);
            }
            else
            {
                quotas.Remove(platform);
            }
        }
    }

    /// <summary>Counts one call against the platform's daily quota; false when the quota of today is spent.</summary>
    public bool TakeQuota(string platform)
    {
        lock (gate)
        {
            if (!quotas.TryGetValue(platform, out var quota))
            {
                return true;
            }

            if (quota.Day != Today)
            {
                quota = quota with { Day = Today, Used = 0 };
            }

            if (quota.Used >= quota.Limit)
            {
                quotas[platform] = quota;
                return false;
            }

            quotas[platform] = quota with { Used = quota.Used + 1 };
            return true;
        }
    }

    /// <summary>The quota of <paramref name="platform"/> and what is left of it today, or null when it has none.</summary>
    public (int Limit, int Remaining)? Quota(string platform)
    {
        lock (gate)
        {
            return quotas.TryGetValue(platform, out var quota)
                ? (quota.Limit, quota.Day == Today ? Math.Max(0, quota.Limit - quota.Used) : quota.Limit)
                : null;
        }
    }

    /// <summary>Sets the <c>data_status</c> Pinterest reports for a day (null: the default, READY for a day with data).</summary>
    public void SetDataStatus(string platform, string externalId, DateOnly day, string? status)
    {
        lock (gate)
        {
            var key = (FakePlatform.Check(platform), externalId, day);
            if (status is null)
            {
                dataStatuses.Remove(key);
            }
            else
            {
                dataStatuses[key] = status;
            }
        }
    }

    public string? DataStatus(string platform, string externalId, DateOnly day)
    {
        lock (gate)
        {
            return dataStatuses.GetValueOrDefault((platform, externalId, day));
        }
    }

    /// <summary>The account's first day with any value: its first generated day, or an earlier day set by hand.</summary>
    public DateOnly FirstDay(string platform, string externalId)
    {
        lock (gate)
        {
            var account = Account(platform, externalId);
            return account.Overrides.Keys.Append(account.Since).Min();
        }
    }

    /// <summary>Forgets quotas, data statuses and sign-ins (tokens stay, as the Graph ones do).</summary>
    private void ResetOAuth2()
    {
        quotas.Clear();
        dataStatuses.Clear();
        signedIn.Clear();
    }

    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}

/// <summary>A refresh token's platform, owner and end.</summary>
internal sealed record RefreshGrant(string Platform, string? Owner, DateTimeOffset ExpiresAt);

/// <summary>A platform's daily call quota: <see cref="Used"/> of <see cref="Limit"/> calls on <see cref="Day"/> (UTC).</summary>
internal sealed record DailyQuota(int Limit, DateOnly Day, int Used);

/// <summary>Tokens the fake issued to an OAuth 2.0 platform's app.</summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="RefreshToken">The refresh token.</param>
/// <param name="AccessLifetime">How long the access token lives (its <c>expires_in</c>).</param>
/// <param name="RefreshExpiresAt">When the refresh token ends.</param>
public sealed record IssuedTokens(string AccessToken, string RefreshToken, TimeSpan AccessLifetime, DateTimeOffset RefreshExpiresAt)
{
    /// <summary>Never the tokens: records print their fields.</summary>
    public override string ToString() => $"IssuedTokens {{ RefreshExpiresAt = {RefreshExpiresAt:O} }}";
}
