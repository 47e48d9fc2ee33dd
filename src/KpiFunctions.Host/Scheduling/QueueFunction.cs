namespace KpiFunctions.Host.Scheduling;

/// <summary>
/// A function fired by a storage queue: in standalone mode by <see cref="QueueHost"/>, on Azure by the Functions
/// host. Messages arrive at least once: the work must be idempotent. Throwing makes the message visible again
/// for another attempt; after <see cref="QueueHost.MaxDequeueCount"/> attempts it moves to <c>{queue}-poison</c>.
/// </summary>
public interface IQueueFunction
{
    /// <summary>The function's name: its folder under <c>functions/</c> and its custom-handler route.</summary>
    string Name { get; }

    /// <summary>The queue it reads (without the storage prefix).</summary>
    string QueueName { get; }

    /// <param name="message">The message text (JSON).</param>
    /// <param name="dequeueCount">1 on the first attempt.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task RunAsync(string message, long dequeueCount, CancellationToken cancellationToken);
}
