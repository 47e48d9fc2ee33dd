using Azure.Storage.Queues.Models;
using KpiFunctions.Host.Hosting;
using KpiFunctions.Host.Storage;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Scheduling;

/// <summary>
/// Runs the queue functions in standalone mode the way the Functions queue trigger does: a message is hidden
/// while it is worked on and deleted on success; on failure it comes back after a backoff, and after
/// <see cref="MaxDequeueCount"/> attempts it moves to <c>{queue}-poison</c>.
/// </summary>
/// <remarks>Polling follows the real clock: it paces calls to the storage service, not business time.</remarks>
public sealed class QueueHost(
    IEnumerable<IQueueFunction> functions,
    Queues queues,
    IOptions<SchedulerOptions> options,
    ILogger<QueueHost> logger) : BackgroundService
{
    /// <summary>As the Functions default (host.json <c>queues.maxDequeueCount</c>).</summary>
    public const int MaxDequeueCount = 5;

    private static readonly TimeSpan Processing = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxIdleDelay = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled ? Task.WhenAll(functions.Select(f => PollAsync(f, stoppingToken))) : Task.CompletedTask;

    private async Task PollAsync(IQueueFunction function, CancellationToken stoppingToken)
    {
        var queue = queues.Get(function.QueueName);
        var poison = queues.Get(function.QueueName + "-poison");
        var idle = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(16, Processing, stoppingToken)).Value;
            }
            catch (Azure.RequestFailedException e)
            {
                Log.QueueUnavailable(logger, e, function.QueueName);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxIdleDelay.Ticks));
                continue;
            }

            idle = TimeSpan.FromMilliseconds(100);
            foreach (var message in messages)
            {
                await HandleAsync(function, queue, poison, message, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(
        IQueueFunction function,
        Azure.Storage.Queues.QueueClient queue,
        Azure.Storage.Queues.QueueClient poison,
        QueueMessage message,
        CancellationToken stoppingToken)
    {
        if (message.DequeueCount > MaxDequeueCount)
        {
            await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
            Log.QueuePoisoned(logger, function.Name, message.MessageId);
            return;
        }

        try
        {
            await function.RunAsync(message.Body.ToString(), message.DequeueCount, stoppingToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Back off before the next attempt: 10 s, 40 s, 90 s, ...
            Log.QueueFunctionFailed(logger, e, function.Name, message.MessageId, message.DequeueCount);
            var backoff = TimeSpan.FromSeconds(10 * message.DequeueCount * message.DequeueCount);
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: backoff, cancellationToken: stoppingToken);
        }
    }
}
