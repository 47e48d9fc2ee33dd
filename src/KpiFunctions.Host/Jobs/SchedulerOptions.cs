namespace KpiFunctions.Host.Jobs;

/// <summary>The standalone host's timers and queues. Bound from the <c>Scheduler</c> section.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Whether this process fires the timers and reads the queues; on unless set to false (an API-only host).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Identifies the app among those sharing a storage account, as the Functions host id does: hosts with the same id
    /// share timer leases and schedule status, so only one of them fires each occurrence. Lower-case letters, digits
    /// and '-', at most 32 characters.
    /// </summary>
    public string HostId { get; set; } = "kpifunctions";
}
