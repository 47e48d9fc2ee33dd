using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Storage;

/// <summary>
/// The app's storage queues. Messages are small JSON documents (<see cref="QueueMessages"/>), base64-encoded as the
/// Functions queue trigger expects by default.
/// </summary>
public sealed class Queues(QueueServiceClient service, IOptions<StorageOptions> options)
{
    /// <summary>One message per report period to render.</summary>
    public const string RenderReport = "render-report";

    /// <summary>One message per rendered report to e-mail (and per resend or retry).</summary>
    public const string DeliverReport = "deliver-report";

    /// <summary>One message per connected account to fetch from its platform (and per retry after throttling).</summary>
    public const string IngestAccount = "ingest-account";

    /// <summary>Every queue the app reads.</summary>
    public static IReadOnlyList<string> All { get; } = [RenderReport, DeliverReport, IngestAccount];

    public QueueClient Get(string name) => service.GetQueueClient(options.Value.QueueOrContainerName(name));

    /// <summary>Puts <paramref name="message"/> on the queue, visible after <paramref name="delay"/> (at once when null).</summary>
    public async Task SendAsync<T>(string queue, T message, TimeSpan? delay, CancellationToken cancellationToken)
        where T : class =>
        await Get(queue).SendMessageAsync(QueueMessages.Serialize(message), delay, cancellationToken: cancellationToken);

    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var name in All)
        {
            await Get(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await Get(name + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>The client options every queue client of the app uses: the message encoding Functions uses.</summary>
    public static QueueClientOptions ClientOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };
}
