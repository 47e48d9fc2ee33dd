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
    /// How much memory each instance gives to the daily rows it keeps for KPI queries, in megabytes (0: none); the
    /// clients queried least recently are dropped first. Report renders read past it: they gain nothing from it.
    /// </summary>
    public long CacheMegabytes { get; set; } = 128;

    /// <summary>The name of a queue or blob container with the prefix: lower case, joined with '-'.</summary>
    public string QueueOrContainerName(string name) =>
        Prefix is { Length: > 0 } prefix ? $"{prefix.ToLowerInvariant()}-{name}" : name;
}
