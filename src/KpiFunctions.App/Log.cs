namespace KpiFunctions.App;

/// <summary>Every log message of the app, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Enqueued the report {PeriodKey} of client {ClientId}, due at {SendUtc:o}.")]
    public static partial void ReportEnqueued(ILogger logger, string periodKey, string clientId, DateTimeOffset sendUtc);

    [LoggerMessage(Level = LogLevel.Error, Message = "Client {ClientId} has the time zone '{TimeZone}', which this machine does not know: its reports are not scheduled.")]
    public static partial void UnknownTimeZone(ILogger logger, string clientId, string timeZone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer {Function} is disabled: the app setting '{Setting}' is not set.")]
    public static partial void TimerDisabled(ILogger logger, string function, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Function} is now run by this host ({Schedule}); next occurrence {Next:o}.")]
    public static partial void TimerListening(ILogger logger, string function, string schedule, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Function} fired (past due: {IsPastDue}).")]
    public static partial void TimerFired(ILogger logger, string function, bool isPastDue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Function} failed; it runs again at its next occurrence.")]
    public static partial void TimerFailed(ILogger logger, Exception exception, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer {Function} lost its lease; another host takes over.")]
    public static partial void TimerLeaseLost(ILogger logger, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} cannot be read; trying again.")]
    public static partial void QueueUnavailable(ILogger logger, Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed on message {MessageId} (attempt {Attempt}); it comes back after a backoff.")]
    public static partial void QueueFunctionFailed(ILogger logger, Exception exception, string function, string messageId, long attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} gave up on message {MessageId}: moved to the poison queue.")]
    public static partial void QueuePoisoned(ILogger logger, string function, string messageId);
}
