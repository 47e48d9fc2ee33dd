using System.Text.Json.Serialization;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Http;
using KpiFunctions.App.Metrics;
using KpiFunctions.Kpis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KpiFunctions.App.Kpis;

/// <summary>KPI values and series over HTTP.</summary>
public static class KpisApi
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("GetKpis", "GET", "v1/clients/{clientId}/kpis", Access.ClientRead, GetKpisAsync)
        {
            Tag = "Kpis",
            Summary = "KPI values over a period, compared with the previous period or the year before, optionally by platform.",
        },
        new("GetKpiSeries", "GET", "v1/clients/{clientId}/kpis/{kpiId}/series", Access.ClientRead, GetSeriesAsync)
        {
            Tag = "Kpis",
            Summary = "One KPI per day, ISO week or calendar month of a period.",
        },
    ];

    /// <param name="client">The client.</param>
    /// <param name="from">First day, yyyy-MM-dd.</param>
    /// <param name="to">Last day (inclusive), yyyy-MM-dd; at most 3 years after from.</param>
    /// <param name="compare">previous (default), year or none.</param>
    /// <param name="kpi">Comma-separated KPI ids; every KPI when left out.</param>
    /// <param name="breakdown">platform, to add the KPIs of each platform.</param>
    /// <param name="metrics">The metric store.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<KpisResponse>, ValidationProblem>> GetKpisAsync(
        Client client,
        string? from,
        string? to,
        string? compare,
        string? kpi,
        string? breakdown,
        MetricStore metrics,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var period = KpiQuery.Period(from, to, validation);
        var compareMode = KpiQuery.Compare(compare, validation);
        var kpis = KpiQuery.Kpis(kpi, validation);
        var byPlatform = KpiQuery.ByPlatform(breakdown, validation);
        if (!validation.IsValid || period is not { } p)
        {
            return validation.ToProblem("The query has invalid parameters.");
        }

        var rows = await metrics.ReadAllAsync(client.Id, cancellationToken);
        var report = KpiCalculator.Compute(rows, p, compareMode, kpis, byPlatform);
        return TypedResults.Ok(new KpisResponse(
            client.Id,
            p.From,
            p.To,
            client.Currency,
            report.Comparison is { } c ? new PeriodDto(c.From, c.To) : null,
            [.. report.Kpis.Select(KpiDto.From)],
            report.Platforms?.Select(pk => new PlatformDto(pk.Platform, [.. pk.Kpis.Select(KpiDto.From)])).ToList()));
    }

    /// <param name="client">The client.</param>
    /// <param name="kpiId">The KPI id.</param>
    /// <param name="from">First day, yyyy-MM-dd.</param>
    /// <param name="to">Last day (inclusive), yyyy-MM-dd.</param>
    /// <param name="granularity">day (default), week (ISO, Monday to Sunday) or month; the first and last buckets are clipped to the range.</param>
    /// <param name="metrics">The metric store.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<SeriesResponse>, ValidationProblem>> GetSeriesAsync(
        Client client,
        string kpiId,
        string? from,
        string? to,
        string? granularity,
        MetricStore metrics,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (!KpiCatalog.TryGet(kpiId, out var kpi))
        {
            validation.Add("kpiId", $"Unknown KPI '{kpiId}'.");
        }

        var period = KpiQuery.Period(from, to, validation);
        var bucket = KpiQuery.Granularity(granularity, validation);
        if (!validation.IsValid || period is not { } p)
        {
            return validation.ToProblem("The query has invalid parameters.");
        }

        var rows = await metrics.ReadAllAsync(client.Id, cancellationToken);
        var points = KpiCalculator.Series(rows, kpi, p, bucket);
        return TypedResults.Ok(new SeriesResponse(
            kpi.Id,
            bucket,
            [.. points.Select(pt => new SeriesPointDto(pt.Period.From, pt.Period.To, pt.Value))]));
    }
}

public sealed record PeriodDto(DateOnly From, DateOnly To);

public sealed record KpisResponse(
    string ClientId,
    DateOnly From,
    DateOnly To,
    string Currency,
    PeriodDto? Compare,
    IReadOnlyList<KpiDto> Kpis,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PlatformDto>? Platforms);

public sealed record PlatformDto(string Platform, IReadOnlyList<KpiDto> Kpis);

public sealed record KpiDto(
    string Id,
    string Name,
    KpiCategory Category,
    KpiUnit Unit,
    Better Better,
    double? Value,
    double? Previous,
    double? Change,
    double? ChangePercent)
{
    public static KpiDto From(KpiResult r) =>
        new(r.Kpi.Id, r.Kpi.Name, r.Kpi.Category, r.Kpi.Unit, r.Kpi.Better, r.Value, r.Previous, r.Change, r.ChangePercent);
}

public sealed record SeriesResponse(string KpiId, Granularity Granularity, IReadOnlyList<SeriesPointDto> Points);

public sealed record SeriesPointDto(DateOnly From, DateOnly To, double? Value);
