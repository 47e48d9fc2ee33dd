using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;

namespace KpiFunctions.App.Storage;

/// <summary>
/// The app's storage account, reached the way the Functions host reaches <c>AzureWebJobsStorage</c>: a connection
/// string (locally, <c>UseDevelopmentStorage=true</c> for Azurite), or an identity-based connection on Azure
/// (<c>AzureWebJobsStorage__accountName</c> or <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c>,
/// with <c>__credential=managedidentity</c> and <c>__clientId</c> for a user-assigned identity), so the triggers and
/// the app's own clients use one setting.
/// </summary>
public sealed class StorageAccount
{
    /// <summary>The app setting Functions reads its storage from.</summary>
    public const string Setting = "AzureWebJobsStorage";

    private StorageAccount(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues)
    {
        TableService = tables;
        BlobService = blobs;
        QueueService = queues;
    }

    public TableServiceClient TableService { get; }

    public BlobServiceClient BlobService { get; }

    public QueueServiceClient QueueService { get; }

    /// <summary>
    /// Throws <see cref="StartupException"/> when <paramref name="configuration"/> names no storage account, so that a
    /// host without storage settings refuses to start with a message that says what to set.
    /// </summary>
    public static void EnsureConfigured(IConfiguration configuration)
    {
        if (ConnectionString(configuration) is null && Endpoints(configuration.GetSection(Setting)) is null)
        {
            throw new StartupException(
                $"No storage configured: set {Setting} to a connection string (for Azurite: UseDevelopmentStorage=true), " +
                $"or {Setting}__accountName (with {Setting}__credential=managedidentity and {Setting}__clientId for a " +
                "user-assigned identity) for an identity-based connection.");
        }
    }

    /// <summary>Connects from configuration (see <see cref="EnsureConfigured"/>).</summary>
    public static StorageAccount Connect(IConfiguration configuration, AzureComponentFactory factory)
    {
        if (ConnectionString(configuration) is { } connectionString)
        {
            return new StorageAccount(
                new TableServiceClient(connectionString),
                new BlobServiceClient(connectionString),
                new QueueServiceClient(connectionString, Queues.ClientOptions()));
        }

        EnsureConfigured(configuration);
        var section = configuration.GetSection(Setting);
        var (table, blob, queue) = Endpoints(section)!.Value;
        TokenCredential credential = factory.CreateTokenCredential(section);
        return new StorageAccount(
            new TableServiceClient(table, credential),
            new BlobServiceClient(blob, credential),
            new QueueServiceClient(queue, credential, Queues.ClientOptions()));
    }

    private static string? ConnectionString(IConfiguration configuration) =>
        (configuration["Storage:ConnectionString"] ?? configuration[Setting]) is { Length: > 0 } value
        && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static (Uri Table, Uri Blob, Uri Queue)? Endpoints(IConfiguration section)
    {
        var account = section["accountName"];
        Uri? Endpoint(string service) =>
            section[$"{service}ServiceUri"] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{service}.core.windows.net")
            : null;

        return Endpoint("table") is { } table && Endpoint("blob") is { } blob && Endpoint("queue") is { } queue
            ? (table, blob, queue)
            : null;
    }
}
