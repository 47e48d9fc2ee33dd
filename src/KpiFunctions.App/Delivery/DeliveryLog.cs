namespace KpiFunctions.App;

/// <summary>The delivery part of the app's one <see cref="Log"/> class.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} of client {ClientId} (round {Round}) was e-mailed to {Email} as <{MessageId}>.")]
    public static partial void DeliverySent(ILogger logger, string clientId, string reportId, string round, string email, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} of client {ClientId} (round {Round}) could not be e-mailed to {Email} (attempt {Attempts}): {Reason}; next attempt {NextAttemptAt:o} (none when empty).")]
    public static partial void DeliveryFailed(ILogger logger, string clientId, string reportId, string round, string email, int attempts, string reason, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} of client {ClientId} (round {Round}) to {Email}: a send claimed at {SendingAt:o} never finished; whether it arrived is unknown, so it is marked failed and not sent again until resent.")]
    public static partial void DeliveryInterrupted(ILogger logger, string clientId, string reportId, string round, string email, DateTimeOffset? sendingAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} of client {ClientId} is not e-mailed: its rendering failed ({Error}).")]
    public static partial void DeliveryOfFailedReport(ILogger logger, string clientId, string reportId, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} of client {ClientId} is not e-mailed: the client no longer exists.")]
    public static partial void DeliveryClientGone(ILogger logger, string clientId, string reportId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} of client {ClientId} is not e-mailed: there is no such report.")]
    public static partial void DeliveryReportGone(ILogger logger, string clientId, string reportId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} of client {ClientId} is not e-mailed: the client has no recipients.")]
    public static partial void DeliveryWithoutRecipients(ILogger logger, string clientId, string reportId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} of client {ClientId} is not e-mailed yet: it awaits the agency's review, and its approval sends it.")]
    public static partial void DeliveryAwaitsReview(ILogger logger, string clientId, string reportId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} of client {ClientId} has no readable JSON snapshot: its e-mail goes out without the headline numbers.")]
    public static partial void DeliveryWithoutSnapshot(ILogger logger, string clientId, string reportId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The logo {Path} (Reports:LogoPath) cannot be read, so report e-mails go out without it: {Reason}")]
    public static partial void DeliveryLogoUnreadable(ILogger logger, string? path, string reason);
}
