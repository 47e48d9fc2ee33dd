using System.Text.Json;
using System.Text.Json.Serialization;
using KpiFunctions.App.Kpis;
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
            new ReportData(
                clientId,
                reportId,
                d.ClientName,
                d.Locale,
                d.TimeZone,
                d.Currency,
                new PeriodDto(d.Period.From, d.Period.To),
                d.Comparison is { } c ? new PeriodDto(c.From, c.To) : null,
                d.HeadlineKpis,
                d.TableKpis ?? [.. d.Kpis.Select(k => k.Kpi.Id)],
                d.Commentary,
                [.. d.Kpis.Select(Kpi)],
                [.. d.Platforms.Select(p => new ReportPlatform(p.Platform, [.. p.Kpis.Select(Kpi)]))],
                [.. d.Goals.Select(g => new ReportGoal(g.Id, g.Kpi.Id, g.Platform, g.Target, g.StartDate, g.Deadline, g.Progress))],
                [.. d.Trends.Select(t => new ReportTrend(
                    t.Kpi.Id,
                    t.Granularity,
                    [.. t.Points.Select(p => new SeriesPointDto(p.Period.From, p.Period.To, p.Value))],
                    t.Comparison is { } c ? [.. c.Select(p => new SeriesPointDto(p.Period.From, p.Period.To, p.Value))] : null))],
                d.DataNote),
            Json);

    /// <summary>
    /// The headline of a stored snapshot: locale, currency, period, comparison, headline KPI ids and every KPI's value and
    /// previous value (the changes follow from them as the report computed them). Null when the snapshot lacks them or is
    /// not a snapshot.
    /// </summary>
    public static SnapshotHeadline? ReadHeadline(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Stored? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (stored is not { Locale: { } locale, Period: { } period, HeadlineKpis: { } headline, Kpis: { } kpis } || period.To < period.From)
        {
            return null;
        }

        var results = kpis
            .Where(k => k.Id is not null && KpiCatalog.TryGet(k.Id, out _))
            .Select(k =>
            {
                KpiCatalog.TryGet(k.Id!, out var kpi);
                return new KpiResult(kpi, k.Value, k.Previous);
            })
            .ToList();
        return new SnapshotHeadline(
            locale,
            stored.Currency ?? "",
            stored.TimeZone ?? "UTC",
            new DateRange(period.From, period.To),
            stored.Comparison is { } c && c.From <= c.To ? new DateRange(c.From, c.To) : null,
            headline,
            results)
        {
            Commentary = stored.Commentary,
        };
    }

    private static ReportKpi Kpi(KpiResult r) =>
        new(r.Kpi.Id, r.Kpi.Unit, r.Value, r.Previous, r.Change, r.ChangePercent);

    /// <summary>The snapshot: what the report is about and every number it shows.</summary>
    public sealed record ReportData(
        string ClientId,
        string ReportId,
        string ClientName,
        string Locale,
        string TimeZone,
        string Currency,
        PeriodDto Period,
        PeriodDto? Comparison,
        IReadOnlyList<string> HeadlineKpis,
        IReadOnlyList<string> TableKpis,
        Commentary? Commentary,
        IReadOnlyList<ReportKpi> Kpis,
        IReadOnlyList<ReportPlatform> Platforms,
        IReadOnlyList<ReportGoal> Goals,
        IReadOnlyList<ReportTrend> Trends,
        DataNote DataNote);

    /// <summary>A KPI of the report: its value over the period and the comparison.</summary>
    public sealed record ReportKpi(string Id, KpiUnit Unit, double? Value, double? Previous, double? Change, double? ChangePercent);

    /// <summary>The KPIs of one platform.</summary>
    public sealed record ReportPlatform(string Platform, IReadOnlyList<ReportKpi> Kpis);

    /// <summary>A goal with its progress at the report's end.</summary>
    public sealed record ReportGoal(string Id, string Kpi, string? Platform, double Target, DateOnly StartDate, DateOnly Deadline, GoalProgress Progress);

    /// <summary>A trend chart: one KPI per day, week or month, with the comparison period's points beside it.</summary>
    public sealed record ReportTrend(string Kpi, Granularity Granularity, IReadOnlyList<SeriesPointDto> Points, IReadOnlyList<SeriesPointDto>? Comparison);

    // What ReadHeadline needs of a snapshot; the rest is not read.
    private sealed record Stored(
        string? Locale,
        string? TimeZone,
        string? Currency,
        PeriodDto? Period,
        PeriodDto? Comparison,
        IReadOnlyList<string>? HeadlineKpis,
        Commentary? Commentary,
        IReadOnlyList<StoredKpi>? Kpis);

    private sealed record StoredKpi(string? Id, double? Value, double? Previous);
}

/// <summary>What the e-mail carrying a report shows of its stored snapshot: the headline numbers and the commentary.</summary>
/// <param name="Locale">The locale the report was written in.</param>
/// <param name="Currency">The currency of its money values.</param>
/// <param name="TimeZone">The client's time zone when it was rendered.</param>
/// <param name="Period">The reporting period.</param>
/// <param name="Comparison">The comparison period, or null.</param>
/// <param name="HeadlineKpis">The ids of the executive summary's KPIs, in order.</param>
/// <param name="Kpis">Every KPI with its value and previous value, as the report computed them.</param>
public sealed record SnapshotHeadline(
    string Locale,
    string Currency,
    string TimeZone,
    DateRange Period,
    DateRange? Comparison,
    IReadOnlyList<string> HeadlineKpis,
    IReadOnlyList<KpiResult> Kpis)
{
    /// <summary>The agency's commentary as the report printed it; null when it had none.</summary>
    public Commentary? Commentary { get; init; }
}
