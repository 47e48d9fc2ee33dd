using KpiFunctions.App.Storage;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Jobs;

/// <summary>
/// Resolves <c>%name%</c> in trigger attributes: the app's queue names get the storage prefix (so that tests and
/// several deployments can share one account), everything else is an app setting, as on Functions.
/// </summary>
public sealed class QueueNameResolver(IConfiguration configuration, IOptions<StorageOptions> storage) : INameResolver
{
    public string Resolve(string name) =>
        Queues.All.Contains(name, StringComparer.Ordinal) ? storage.Value.QueueOrContainerName(name) : configuration[name]!;
}
