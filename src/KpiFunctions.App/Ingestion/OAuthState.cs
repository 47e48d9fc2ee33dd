using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// The OAuth <c>state</c>: which client, account and platform a consent is for, until when, signed so that the callback
/// trusts only states we made; and the PKCE verifier, derived from the state, so nothing is stored between the two.
/// </summary>
public sealed class OAuthState(TokenProtector protector, TimeProvider time)
{
    /// <summary>How long a consent link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>What a state says.</summary>
    public sealed record Claims(string ClientId, string AccountId, string Platform, DateTimeOffset ExpiresAt);

    public string Create(string clientId, string accountId, string platform)
    {
        var nonce = TokenProtector.Base64Url(RandomNumberGenerator.GetBytes(12));
        var payload = string.Join('|', clientId, accountId, platform, time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), nonce);
        var encoded = TokenProtector.Base64Url(Encoding.UTF8.GetBytes(payload));
        return $"{encoded}.{TokenProtector.Base64Url(protector.Sign("oauth-state", encoded))}";
    }

    /// <summary>The claims of <paramref name="state"/>; null with a reason when it is not ours, altered or expired.</summary>
    public Claims? Read(string? state, out string reason)
    {
        var parts = (state ?? string.Empty).Split('.');
        if (parts.Length != 2 || !CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(parts[1]), Encoding.ASCII.GetBytes(TokenProtector.Base64Url(protector.Sign("oauth-state", parts[0])))))
        {
            reason = "The link is not one this service made, or it was altered.";
            return null;
        }

        var fields = Encoding.UTF8.GetString(Convert.FromBase64String(TokenProtector.FromBase64Url(parts[0]))).Split('|');
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[3], CultureInfo.InvariantCulture));
        if (expires < time.GetUtcNow())
        {
            reason = "The link has expired: start the connection again.";
            return null;
        }

        reason = string.Empty;
        return new Claims(fields[0], fields[1], fields[2], expires);
    }

    /// <summary>The PKCE verifier of <paramref name="state"/> (43 to 128 characters of base64url).</summary>
    public string Verifier(string state) => TokenProtector.Base64Url(protector.Sign("pkce", state));

    /// <summary>The S256 challenge of <paramref name="verifier"/>.</summary>
    public static string Challenge(string verifier) => TokenProtector.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
