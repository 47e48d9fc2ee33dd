using KpiFunctions.App.Ingestion;

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

    [LoggerMessage(Level = LogLevel.Information, Message = "ScheduleIngestion looked at {Accounts} accounts and enqueued {Enqueued} fetches.")]
    public static partial void IngestionScheduled(ILogger logger, int accounts, int enqueued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Platform} account {AccountId} of client {ClientId} from {From} to {To}: {Rows} rows, outcome {Outcome}.")]
    public static partial void AccountFetched(ILogger logger, string platform, string accountId, string clientId, DateOnly from, DateOnly to, int rows, RunOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {Platform} account {AccountId} of client {ClientId} ended {Outcome}: {Reason}")]
    public static partial void AccountFetchFailed(ILogger logger, string platform, string accountId, string clientId, RunOutcome outcome, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the token of {Platform} account {AccountId} of client {ClientId} failed; the current one is used: {Reason}")]
    public static partial void TokenRefreshFailed(ILogger logger, string platform, string accountId, string clientId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Blobs} raw platform responses older than {Days} days.")]
    public static partial void RawPruned(ILogger logger, int blobs, int days);
}
