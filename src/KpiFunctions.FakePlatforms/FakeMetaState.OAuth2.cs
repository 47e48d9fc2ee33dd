using System.Security.Cryptography;
using System.Text;

namespace KpiFunctions.FakePlatforms;

/// <summary>
/// What the standard OAuth 2.0 platforms (X, YouTube) need beyond Meta's codes: access tokens with the platform's own
/// lifetime, the consent's scope and PKCE challenge kept with its code, and refresh tokens (rotated on use or not).
/// </summary>
internal sealed partial class FakeMetaState
{
    private readonly Dictionary<string, OAuthGrant> grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OAuthGrant> refreshTokens = new(StringComparer.Ordinal);

    /// <summary>A fresh access token with <paramref name="prefix"/>, valid for <paramref name="lifetime"/> by the fake's clock.</summary>
    public string IssueToken(string prefix, TimeSpan lifetime)
    {
        var token = prefix + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 60);
        AddToken(token, Time.GetUtcNow() + lifetime);
        return token;
    }

    /// <summary>Remembers what the consent behind <paramref name="code"/> granted, for the code exchange.</summary>
    public void SaveGrant(string code, OAuthGrant grant)
    {
        lock (gate)
        {
            grants[code] = grant;
        }
    }

    /// <summary>The consent behind <paramref name="code"/>, once.</summary>
    public OAuthGrant? TakeGrant(string code)
    {
        lock (gate)
        {
            return grants.Remove(code, out var grant) ? grant : null;
        }
    }

    /// <summary>A refresh token of <paramref name="grant"/>'s platform.</summary>
    public string IssueRefreshToken(string prefix, OAuthGrant grant)
    {
        var token = prefix + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 48);
        lock (gate)
        {
            refreshTokens[token] = grant;
        }

        return token;
    }

    /// <summary>The grant of a live refresh token of <paramref name="platform"/>; with <paramref name="rotate"/> it is used up.</summary>
    public OAuthGrant? RedeemRefreshToken(string platform, string? token, bool rotate)
    {
        lock (gate)
        {
            if (token is null || !refreshTokens.TryGetValue(token, out var grant) || grant.Platform != platform)
            {
                return null;
            }

            if (rotate)
            {
                refreshTokens.Remove(token);
            }

            return grant;
        }
    }

    public bool IsRefreshTokenLive(string token)
    {
        lock (gate)
        {
            return refreshTokens.ContainsKey(token);
        }
    }

    public void RevokeRefreshToken(string token)
    {
        lock (gate)
        {
            refreshTokens.Remove(token);
            RevokeGrantedRefreshToken(token);
        }
    }

    /// <summary>True when <paramref name="verifier"/> answers the consent's PKCE challenge (S256, or plain).</summary>
    public static bool VerifiesPkce(OAuthGrant grant, string? verifier)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Challenge is null)
        {
            return true;
        }

        if (verifier is null)
        {
            return false;
        }

        var answer = grant.ChallengeMethod == "plain"
            ? verifier
            : Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return answer == grant.Challenge;
    }
}

/// <summary>What one consent granted: the platform, the scopes, whether a refresh token comes with it, its PKCE challenge.</summary>
internal sealed record OAuthGrant(string Platform, string Scope, bool Offline, string? Challenge = null, string? ChallengeMethod = null);
