using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Azure.WebJobs.Host.Storage;

namespace KpiFunctions.Host.Jobs;

/// <summary>
/// Keeps each timer's last and next occurrence in Blob Storage, where the Functions host keeps them
/// (<c>azure-webjobs-hosts/timers/{hostId}/{timer}/status</c>), so that after downtime a timer runs once, past due,
/// on whichever host holds its lease. It replaces the SDK's file-system monitor, which fails on Linux.
/// </summary>
internal sealed class BlobScheduleMonitor(IAzureBlobStorageProvider storage, IHostIdProvider hostIds) : ScheduleMonitor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public override async Task<ScheduleStatus?> GetStatusAsync(string timerName)
    {
        try
        {
            var content = await (await StatusBlobAsync(timerName)).DownloadContentAsync();
            return content.Value.Content.ToObjectFromJson<ScheduleStatus>(Json);
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return null; // the timer has never been recorded
        }
    }

    public override async Task UpdateStatusAsync(string timerName, ScheduleStatus status)
    {
        var blob = await StatusBlobAsync(timerName);
        await blob.UploadAsync(BinaryData.FromObjectAsJson(status, Json), overwrite: true);
    }

    /// <summary>The status blob of <paramref name="timerName"/> under this host's id.</summary>
    public async Task<BlobClient> StatusBlobAsync(string timerName)
    {
        if (!storage.TryCreateHostingBlobContainerClient(out var container))
        {
            throw new InvalidOperationException("No storage for the timers' status: set AzureWebJobsStorage.");
        }

        await container.CreateIfNotExistsAsync();
        var hostId = await hostIds.GetHostIdAsync(CancellationToken.None);
        return container.GetBlobClient($"timers/{hostId}/{timerName}/status");
    }
}
