using Microsoft.Extensions.Azure;

namespace KpiFunctions.App.Storage;

/// <summary>Registers the storage account, its tables, queues and containers.</summary>
public static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration("Storage")
            .Validate(o => o.Prefix.All(char.IsAsciiLetterOrDigit), "Storage:Prefix may hold letters and digits only.");
        services.AddAzureClientsCore();

        StorageAccount.EnsureConfigured(configuration);
        services.AddSingleton(sp => StorageAccount.Connect(configuration, sp.GetRequiredService<AzureComponentFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<StorageAccount>().TableService);
        services.AddSingleton(sp => sp.GetRequiredService<StorageAccount>().BlobService);
        services.AddSingleton(sp => sp.GetRequiredService<StorageAccount>().QueueService);
        services.AddSingleton<Tables>();
        services.AddSingleton<Queues>();
        services.AddSingleton<Blobs>();
        services.AddSingleton<StorageReadiness>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
