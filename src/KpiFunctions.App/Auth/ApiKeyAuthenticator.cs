using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Auth;

/// <summary>Tells who sent <c>Authorization: Bearer &lt;key&gt;</c>: the admin key or a client key.</summary>
public sealed class ApiKeyAuthenticator(IOptionsMonitor<AuthOptions> options, ApiKeyStore keys)
{
    private const string Scheme = "Bearer ";

    /// <summary>The caller, or null when the header is missing, malformed or names no valid key.</summary>
    public async Task<Caller?> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = authorization[Scheme.Length..].Trim();
        // Every admin key is compared, whether or not an earlier one matched, so timing tells nothing.
        var admin = false;
        foreach (var adminKey in options.CurrentValue.AdminKeys())
        {
            admin |= ApiKeyFormat.SecretsEqual(presented, adminKey);
        }

        if (admin)
        {
            return Caller.Admin;
        }

        return ApiKeyFormat.TryParse(presented, out var id, out var secret)
            && await keys.FindAsync(id, cancellationToken) is { } key
            && ApiKeyFormat.HashMatches(secret, key.SecretHash)
                ? new Caller(IsAdmin: false, key.ClientId, key.CanWrite, key.Id)
                : null;
    }
}
