namespace KpiFunctions.App.Storage;

/// <summary>Where the app keeps its data. Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>
    /// The storage connection string; defaults to the app setting Functions uses, <c>AzureWebJobsStorage</c>
    /// (<c>UseDevelopmentStorage=true</c> for Azurite on its default ports).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Prefixed to every table, queue and blob container name (lower-cased with a '-' for queues and
    /// containers), so that several deployments or test runs can share one account. Letters and digits only.
    /// </summary>
    public string Prefix { get; set; } = "";

    /// <summary>
    /// How many daily rows each instance keeps in memory for KPI queries (about 1 KB each); the clients
    /// queried least recently are dropped first.
    /// </summary>
    public long CachedRows { get; set; } = 200_000;

    /// <summary>The name of a queue or blob container with the prefix: lower case, joined with '-'.</summary>
    public string QueueOrContainerName(string name) =>
        Prefix is { Length: > 0 } prefix ? $"{prefix.ToLowerInvariant()}-{name}" : name;
}
