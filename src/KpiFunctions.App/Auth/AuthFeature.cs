namespace KpiFunctions.App.Auth;

/// <summary>Registers the admin key and client keys.</summary>
public static class AuthFeature
{
    /// <summary>
    /// Registers the keys; throws <see cref="StartupException"/> when no admin key, or a short one, is configured outside
    /// development.
    /// </summary>
    public static IServiceCollection AddAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var missing = string.IsNullOrWhiteSpace(configuration["Auth:AdminKey"]);
        var adminKey = ConfiguredSecrets.Check(configuration, environment, "Auth:AdminKey", "admin key");
        if (missing)
        {
            // Only in development (elsewhere Check refused): whoever started the host needs the key to call it.
            Console.WriteLine($"Development mode: no Auth:AdminKey set, using the generated admin key {adminKey}");
        }

        ConfiguredSecrets.Check(configuration, environment, "Auth:SecondaryAdminKey", "second admin key", required: false);
        services.AddOptions<AuthOptions>().BindConfiguration("Auth")
            .Validate(o => o.FailedAttemptsPerMinute >= 1 && o.ClientKeyRequestsPerMinute >= 1, "Auth:FailedAttemptsPerMinute and Auth:ClientKeyRequestsPerMinute must be 1 or more.")
            .ValidateOnStart();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyAuthenticator>();
        return services;
    }
}
