using System.Security.Cryptography;
using System.Text;

namespace KpiFunctions.App.Auth;

/// <summary>A client key as stored: the secret only as its SHA-256.</summary>
public sealed record ApiKey(string Id, string ClientId, string Name, bool CanWrite, string SecretHash, DateTimeOffset CreatedAt);

/// <summary>
/// The format of client keys, <c>kf_{id}.{secret}</c>: the id finds the stored key with one point read, the
/// 256-bit secret is checked against its hash. A secret that long needs no slow hash.
/// </summary>
public static class ApiKeyFormat
{
    private const string Prefix = "kf_";

    public static (string Id, string Secret, string Key) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, secret, $"{Prefix}{id}.{secret}");
    }

    public static bool TryParse(string key, out string id, out string secret)
    {
        (id, secret) = ("", "");
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return false;
        }

        id = key[Prefix.Length..dot];
        secret = key[(dot + 1)..];
        return IsId(id) && secret.Length > 0;
    }

    /// <summary>True when <paramref name="id"/> has the form of a key id (16 lower-case hex digits).</summary>
    public static bool IsId(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares two secrets in constant time (by their hashes, so lengths leak nothing).</summary>
    public static bool SecretsEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    public static bool HashMatches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
