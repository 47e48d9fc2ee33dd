using System.ComponentModel.DataAnnotations;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Http;
using KpiFunctions.Kpis.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Reports;

/// <summary><c>GET /api/v1/clients/{clientId}/schedule</c>: when the next reports go out.</summary>
public static class ScheduleApi
{
    private const int MaxCount = 100;

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("GetSchedule", "GET", "v1/clients/{clientId}/schedule", Access.ClientRead, Get)
        {
            Tag = "Schedule",
            Summary = "The next report periods with their send instants, and when the KPI set is next due for review.",
        },
    ];

    /// <param name="client">The client.</param>
    /// <param name="count">How many upcoming reports to list, 1 to 100 (default 5).</param>
    /// <param name="time">The clock.</param>
    public static Results<Ok<ScheduleResponse>, ValidationProblem> Get(Client client, [Range(1, MaxCount)] string? count, TimeProvider time)
    {
        var n = 5;
        if (count is not null && (!int.TryParse(count, out n) || n is < 1 or > MaxCount))
        {
            var validation = new Validation();
            validation.Add("count", $"Must be a whole number from 1 to {MaxCount}.");
            return validation.ToProblem("The query has invalid parameters.");
        }

        var reports = client.Cadence is { } cadence
            ? Upcoming(cadence, client.Zone, time.GetUtcNow(), n)
                .Select(r => new UpcomingReport(r.PeriodKey, r.Period.From, r.Period.To, r.SendLocal, r.SendUtc))
                .ToList()
            : [];
        return TypedResults.Ok(new ScheduleResponse(client.Id, client.TimeZone, client.Cadence, client.KpiReviewDue, reports));
    }

    // The next n reports that will really be sent. The scheduler sends nothing for periods before the one containing
    // cadence.Since, although with a long delay such a period's send instant can still lie ahead: leave those out.
    private static IReadOnlyList<ScheduledReport> Upcoming(Cadence cadence, TimeZoneInfo zone, DateTimeOffset now, int n)
    {
        var schedule = cadence.ToSchedule();
        var first = ReportSchedule.PeriodContaining(schedule.Frequency, cadence.Since).From;
        for (var extra = 0; ; extra += n)
        {
            var reports = ReportSchedule.Upcoming(schedule, zone, now, n + extra).Where(r => r.Period.From >= first).ToList();
            if (reports.Count >= n)
            {
                return reports[..n];
            }
        }
    }
}

/// <summary>The schedule of a client: no reports until it has a cadence.</summary>
public sealed record ScheduleResponse(
    string ClientId,
    string TimeZone,
    Cadence? Cadence,
    DateOnly KpiReviewDue,
    IReadOnlyList<UpcomingReport> Reports);

/// <summary>One upcoming report: its period and when it goes out, on the client's clock and in UTC.</summary>
public sealed record UpcomingReport(string PeriodKey, DateOnly From, DateOnly To, DateTime SendAtLocal, DateTimeOffset SendAtUtc);
