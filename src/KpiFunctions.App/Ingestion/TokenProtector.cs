using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// Encrypts platform tokens at rest: AES-256-GCM under a key from configuration (on Azure, a Key Vault reference), the
/// key's id stored with each value so that keys can rotate: new values use <see cref="TokenOptions.CurrentKey"/>, old
/// ones are still read with theirs. The value is bound to its account and field, so a ciphertext copied to another
/// account does not decrypt.
/// </summary>
public sealed class TokenProtector
{
    private const string Version = "v1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _current;

    public TokenProtector(IOptions<TokenOptions> options)
    {
        var value = options.Value;
        _keys = value.Keys.ToDictionary(k => k.Key, k => SHA256.HashData(Encoding.UTF8.GetBytes(k.Value)), StringComparer.Ordinal);
        _current = value.CurrentKey;
    }

    /// <summary>The ciphertext of <paramref name="token"/>: <c>v1.{keyId}.{nonce}.{ciphertext+tag}</c>, base64url.</summary>
    public string Protect(string token, string context)
    {
        var key = _keys[_current];
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var plain = Encoding.UTF8.GetBytes(token);
        var sealedBytes = new byte[plain.Length + TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), Encoding.UTF8.GetBytes(context));
        return string.Join('.', Version, _current, Base64Url(nonce), Base64Url(sealedBytes));
    }

    /// <summary>The token in <paramref name="protectedToken"/>; throws <see cref="CryptographicException"/> when it was not protected for <paramref name="context"/> or its key is gone.</summary>
    public string Unprotect(string protectedToken, string context)
    {
        ArgumentNullException.ThrowIfNull(protectedToken);
        var parts = protectedToken.Split('.');
        if (parts.Length != 4 || parts[0] != Version || !_keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException("The token was protected with a key that is not configured (Tokens:Keys).");
        }

        var nonce = Convert.FromBase64String(FromBase64Url(parts[2]));
        var sealedBytes = Convert.FromBase64String(FromBase64Url(parts[3]));
        var plain = new byte[sealedBytes.Length - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(nonce, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), plain, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A MAC of <paramref name="data"/> under the current key, for OAuth <c>state</c> values and PKCE verifiers.</summary>
    public byte[] Sign(string purpose, string data) =>
        HMACSHA256.HashData(_keys[_current], Encoding.UTF8.GetBytes(purpose + "\n" + data));

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return padded + new string('=', (4 - (padded.Length % 4)) % 4);
    }
}

/// <summary>The keys that protect platform tokens (<c>Tokens</c> in configuration).</summary>
public sealed class TokenOptions
{
    /// <summary>The keys by id: secrets of at least 32 characters. Keep old ids while values protected with them remain.</summary>
    public Dictionary<string, string> Keys { get; init; } = [];

    /// <summary>The id of the key new values are protected with.</summary>
    public string CurrentKey { get; set; } = "k1";
}
