using System.Security.Cryptography;

namespace KpiFunctions.App;

/// <summary>
/// The secrets the app is configured with (the admin keys, the link-signing key): required outside development and at
/// least <see cref="MinLength"/> characters, so that a guessable one never starts a deployment. In development a
/// missing one is generated for the run.
/// </summary>
public static class ConfiguredSecrets
{
    /// <summary>The shortest secret accepted: 32 characters, e.g. 16 random bytes in hex (<c>openssl rand -hex 32</c> gives 64).</summary>
    public const int MinLength = 32;

    /// <summary>
    /// Checks the secret at <paramref name="key"/>; throws <see cref="StartupException"/> when it is missing or short
    /// outside development. Returns the value, generated when missing in development.
    /// </summary>
    /// <param name="configuration">Where the secret is; a generated one is written back.</param>
    /// <param name="environment">Development may start without it.</param>
    /// <param name="key">The configuration key, e.g. <c>Auth:AdminKey</c>.</param>
    /// <param name="purpose">What the secret is for, for the message.</param>
    /// <param name="required">False for an optional secret (a second admin key): only its length is checked.</param>
    public static string? Check(IConfiguration configuration, IHostEnvironment environment, string key, string purpose, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var value = configuration[key];
        var setting = key.Replace(":", "__", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (!required)
            {
                return null;
            }

            if (!environment.IsDevelopment())
            {
                throw new StartupException(
                    $"No {purpose} configured: set {setting} (configuration {key}) to a random secret of at least {MinLength} characters, " +
                    "e.g. `openssl rand -hex 32`. Only ASPNETCORE_ENVIRONMENT=Development starts without one.");
            }

            value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            configuration[key] = value;
            return value;
        }

        if (value.Trim().Length < MinLength && !environment.IsDevelopment())
        {
            throw new StartupException(
                $"The {purpose} ({setting}) is too short: use a random secret of at least {MinLength} characters, e.g. `openssl rand -hex 32`.");
        }

        return value;
    }
}
