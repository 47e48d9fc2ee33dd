using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Storage;

/// <summary>The app's blob containers, named once, created at start-up.</summary>
public sealed class Blobs(BlobServiceClient service, IOptions<StorageOptions> options)
{
    /// <summary>Rendered reports: <c>{clientId}/{reportId}.pdf</c> and <c>.json</c>.</summary>
    public BlobContainerClient Reports { get; } = service.GetBlobContainerClient(options.Value.QueueOrContainerName("reports"));

    /// <summary>Raw platform responses, gzipped: <c>{platform}/{clientId}/{accountId}/{runId}/{n}-{what}.json.gz</c>.</summary>
    public BlobContainerClient Raw { get; } = service.GetBlobContainerClient(options.Value.QueueOrContainerName("raw"));

    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        await Reports.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Raw.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
