namespace KpiFunctions.App;

/// <summary>Every log message of the app, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Enqueued the report {ReportId} of client {ClientId}, due at {SendUtc:o}.")]
    public static partial void ReportEnqueued(ILogger logger, string reportId, string clientId, DateTimeOffset sendUtc);

    [LoggerMessage(Level = LogLevel.Information, Message = "ScheduleReports looked at {Clients} clients and enqueued {Enqueued} due reports.")]
    public static partial void ReportsScheduled(ILogger logger, int clients, int enqueued);

    [LoggerMessage(Level = LogLevel.Error, Message = "Client {ClientId} has the time zone '{TimeZone}', which this machine does not know: its reports are not scheduled.")]
    public static partial void UnknownTimeZone(ILogger logger, string clientId, string timeZone);
}
