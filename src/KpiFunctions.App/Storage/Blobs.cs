using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Storage;

/// <summary>The app's blob containers, named once, created at start-up.</summary>
public sealed class Blobs(BlobServiceClient service, IOptions<StorageOptions> options)
{
    /// <summary>Rendered reports: <c>{clientId}/{reportId}.pdf</c> and <c>.json</c>.</summary>
    public BlobContainerClient Reports { get; } = service.GetBlobContainerClient(options.Value.QueueOrContainerName("reports"));

    public Task CreateAllAsync(CancellationToken cancellationToken) =>
        Reports.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
}
