using KpiFunctions.App;
using KpiFunctions.App.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// How the app reaches its storage account from the same settings the Functions host reads for its triggers: a
/// connection string, or an identity-based connection as infra/ sets it up on Azure (no secret in the settings).
/// </summary>
public sealed class StorageAccountTests
{
    private static readonly AzureComponentFactory Factory = CreateFactory();

    [Fact]
    public void Connect_AccountNameWithManagedIdentity_UsesTheAccountsEndpointsForTablesBlobsAndQueues()
    {
        var account = StorageAccount.Connect(Settings(new()
        {
            ["AzureWebJobsStorage:accountName"] = "stkpiprod",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        }), Factory);

        Assert.Equal(
            ("https://stkpiprod.table.core.windows.net/", "https://stkpiprod.blob.core.windows.net/", "https://stkpiprod.queue.core.windows.net/"),
            (account.TableService.Uri.ToString(), account.BlobService.Uri.ToString(), account.QueueService.Uri.ToString()));
        Assert.Equal("stkpiprod", account.BlobService.AccountName);
    }

    [Fact]
    public void Connect_ServiceUris_UsesThemOverTheAccountName()
    {
        var account = StorageAccount.Connect(Settings(new()
        {
            ["AzureWebJobsStorage:accountName"] = "ignored",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://tables.example.net/",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://blobs.example.net/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://queues.example.net/",
        }), Factory);

        Assert.Equal(
            ("https://tables.example.net/", "https://blobs.example.net/", "https://queues.example.net/"),
            (account.TableService.Uri.ToString(), account.BlobService.Uri.ToString(), account.QueueService.Uri.ToString()));
    }

    [Fact]
    public void Connect_ConnectionString_UsesItsEndpoints()
    {
        var account = StorageAccount.Connect(Settings(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }), Factory);

        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", account.TableService.Uri.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1", account.QueueService.Uri.ToString().TrimEnd('/'));
    }

    [Fact]
    public void EnsureConfigured_NoStorageSetting_RefusesNamingWhatToSet()
    {
        var error = Assert.Throws<StartupException>(() => StorageAccount.EnsureConfigured(Settings([])));

        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
    }

    private static AzureComponentFactory CreateFactory()
    {
        var services = new ServiceCollection();
        services.AddAzureClientsCore();
        return services.BuildServiceProvider().GetRequiredService<AzureComponentFactory>();
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
