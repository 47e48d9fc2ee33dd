using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Storage;

/// <summary>
/// The app's storage queues. Messages are small JSON documents, base64-encoded as the Functions queue trigger
/// expects by default.
/// </summary>
public sealed class Queues(QueueServiceClient service, IOptions<StorageOptions> options)
{
    /// <summary>One message per report period to render.</summary>
    public const string RenderReport = "render-report";

    /// <summary>One message per rendered report to e-mail (and per resend or retry).</summary>
    public const string DeliverReport = "deliver-report";

    public QueueClient Get(string name) => service.GetQueueClient(options.Value.QueueOrContainerName(name));

    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var name in (string[])[RenderReport, RenderReport + "-poison", DeliverReport, DeliverReport + "-poison"])
        {
            await Get(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>Creates the client for <paramref name="connectionString"/> with the message encoding Functions uses.</summary>
    public static QueueServiceClient CreateService(string connectionString) =>
        new(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
}
