using KpiFunctions.App.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Testing;

/// <summary>Waits until an app has set up its storage: it listens at once, and answers 503 until then.</summary>
public static class StorageReady
{
    public static async Task WaitAsync(IServiceProvider services, TimeSpan? timeout = null)
    {
        var readiness = services.GetRequiredService<StorageReadiness>();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!readiness.IsReady)
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
