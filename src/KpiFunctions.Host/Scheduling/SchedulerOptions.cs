namespace KpiFunctions.Host.Scheduling;

/// <summary>The standalone timer host. Bound from the <c>Scheduler</c> section.</summary>
public sealed class SchedulerOptions
{
    /// <summary>
    /// Whether this process fires the timers and reads the queues itself. Off under Azure Functions, whose host
    /// does both; on standalone unless set to false.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Identifies the app among those sharing a storage account, as the Functions host id does: hosts with the
    /// same id share timer leases and status. Defaults to <c>AzureFunctionsWebHost:hostid</c>, else "kpifunctions".
    /// </summary>
    public string? HostId { get; set; }

    /// <summary>How long a timer lease lasts; the holder renews it at a third of that.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a host that does not hold a timer's lease tries to take it.</summary>
    public TimeSpan LeaseRetry { get; set; } = TimeSpan.FromSeconds(10);
}
