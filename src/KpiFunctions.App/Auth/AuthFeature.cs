using System.Security.Cryptography;

namespace KpiFunctions.App.Auth;

/// <summary>Registers the admin key and client keys.</summary>
public static class AuthFeature
{
    /// <summary>
    /// Registers the keys; throws <see cref="StartupException"/> when no admin key is configured outside development
    /// (where a random one is generated and printed).
    /// </summary>
    public static IServiceCollection AddAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(configuration["Auth:AdminKey"]))
        {
            if (!environment.IsDevelopment())
            {
                throw new StartupException(
                    "No admin key configured: set Auth__AdminKey (configuration Auth:AdminKey) to a long random secret. " +
                    "Only ASPNETCORE_ENVIRONMENT=Development starts without one, with a random key printed at start-up.");
            }

            var generated = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            configuration["Auth:AdminKey"] = generated;
            Console.WriteLine($"Development mode: no Auth:AdminKey set, using the generated admin key {generated}");
        }

        services.AddOptions<AuthOptions>().BindConfiguration("Auth");
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyAuthenticator>();
        return services;
    }
}
