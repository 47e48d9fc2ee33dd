using System.Text.Json;
using System.Text.Json.Serialization;
using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;
using KpiFunctions.Reports;

namespace KpiFunctions.App.Reports;

/// <summary>
/// The JSON snapshot stored beside each PDF: every number the report shows, so an integration can read them and
/// anyone can check a PDF against its data. Holds no render time: the same period from the same data gives the
/// same bytes, and so the same SHA-256.
/// </summary>
public static class ReportSnapshot
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static byte[] Serialize(string clientId, string reportId, ReportDocument d) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new Snapshot(
                clientId,
                reportId,
                d.ClientName,
                d.Locale,
                d.TimeZone,
                d.Currency,
                new Range(d.Period.From, d.Period.To),
                d.Comparison is { } c ? new Range(c.From, c.To) : null,
                d.HeadlineKpis,
                d.TableKpis ?? [.. d.Kpis.Select(k => k.Kpi.Id)],
                d.Commentary,
                [.. d.Kpis.Select(Kpi)],
                [.. d.Platforms.Select(p => new PlatformValues(p.Platform, [.. p.Kpis.Select(Kpi)]))],
                [.. d.Goals.Select(g => new GoalValues(g.Id, g.Kpi.Id, g.Platform, g.Target, g.StartDate, g.Deadline, g.Progress))],
                [.. d.Trends.Select(t => new TrendValues(
                    t.Kpi.Id,
                    t.Granularity,
                    [.. t.Points.Select(p => new Point(p.Period.From, p.Period.To, p.Value))],
                    t.Comparison is { } c ? [.. c.Select(p => new Point(p.Period.From, p.Period.To, p.Value))] : null))],
                d.DataNote),
            Json);

    private static KpiValues Kpi(KpiResult r) =>
        new(r.Kpi.Id, r.Kpi.Unit, r.Value, r.Previous, r.Change, r.ChangePercent);

    private sealed record Snapshot(
        string ClientId,
        string ReportId,
        string ClientName,
        string Locale,
        string TimeZone,
        string Currency,
        Range Period,
        Range? Comparison,
        IReadOnlyList<string> HeadlineKpis,
        IReadOnlyList<string> TableKpis,
        Commentary? Commentary,
        IReadOnlyList<KpiValues> Kpis,
        IReadOnlyList<PlatformValues> Platforms,
        IReadOnlyList<GoalValues> Goals,
        IReadOnlyList<TrendValues> Trends,
        DataNote DataNote);

    private sealed record Range(DateOnly From, DateOnly To);

    private sealed record KpiValues(string Id, KpiUnit Unit, double? Value, double? Previous, double? Change, double? ChangePercent);

    private sealed record PlatformValues(string Platform, IReadOnlyList<KpiValues> Kpis);

    private sealed record GoalValues(string Id, string Kpi, string? Platform, double Target, DateOnly StartDate, DateOnly Deadline, GoalProgress Progress);

    private sealed record TrendValues(string Kpi, Granularity Granularity, IReadOnlyList<Point> Points, IReadOnlyList<Point>? Comparison);

    private sealed record Point(DateOnly From, DateOnly To, double? Value);
}
