namespace KpiFunctions.App.Storage;

/// <summary>Whether the app's tables, queues and containers exist: until then the API answers 503.</summary>
public sealed class StorageReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    internal void SetReady() => _ready = true;
}

/// <summary>
/// Creates the tables, queues and containers in the background, so that the app listens at once (a cold start makes no
/// storage round trip before it): the API answers 503 until they exist, a few milliseconds later, or, when storage
/// is down, until it is back; the attempts go on with backoff.
/// </summary>
internal sealed partial class StorageInitializer(
    Tables tables, Queues queues, Blobs blobs, StorageReadiness readiness, ILogger<StorageInitializer> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _background;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _background = Task.Run(() => KeepTryingAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_background is not null)
        {
            await _background.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task KeepTryingAsync(CancellationToken cancellationToken)
    {
        for (var backoff = TimeSpan.FromSeconds(1); !cancellationToken.IsCancellationRequested; backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff)
        {
            if (await TryCreateAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<bool> TryCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tables.CreateAllAsync(cancellationToken);
            await queues.CreateAllAsync(cancellationToken);
            await blobs.CreateAllAsync(cancellationToken);
            readiness.SetReady();
            LogReady(logger);
            return true;
        }
        catch (Exception e) when (StorageOutage.Is(e) || e is OperationCanceledException)
        {
            LogUnreachable(logger, e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage is ready: tables, queues and containers exist.")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is unreachable; the API answers 503 until it is back, and this keeps trying.")]
    private static partial void LogUnreachable(ILogger logger, Exception exception);
}
