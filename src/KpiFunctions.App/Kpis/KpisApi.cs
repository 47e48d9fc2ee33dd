using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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
            AnswerExample = Example(),
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
    /// <param name="compare">
    /// previous (default: the same number of days just before), previous_calendar (whole calendar months with as many
    /// months before, else as previous), year (the same days a year before) or none.
    /// </param>
    /// <param name="kpi">Comma-separated KPI ids; every KPI when left out.</param>
    /// <param name="breakdown">platform, to add the KPIs of each platform; none (default) for the totals only.</param>
    /// <param name="metrics">The metric store.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<KpisResponse>, ValidationProblem>> GetKpisAsync(
        Client client,
        [Required, DataType(DataType.Date)] string? from,
        [Required, DataType(DataType.Date)] string? to,
        [AllowedValues("previous", "previous_calendar", "year", "none"), DefaultValue("previous")] string? compare,
        string? kpi,
        [AllowedValues("platform", "none"), DefaultValue("none")] string? breakdown,
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
        [Required, DataType(DataType.Date)] string? from,
        [Required, DataType(DataType.Date)] string? to,
        [AllowedValues("day", "week", "month"), DefaultValue("day")] string? granularity,
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

    // The answer to ?from=2026-05-01&to=2026-05-31&kpi=impressions,engagement_rate for a client with two days of rows,
    // worked out by the engine itself.
    private static KpisResponse Example()
    {
        var rows = new[]
        {
            new DailyRow(new(2026, 4, 15), "fb-main", "facebook", new Dictionary<string, double> { ["impressions"] = 138_500, ["likes"] = 4_200, ["comments"] = 310, ["shares"] = 180 }),
            new DailyRow(new(2026, 5, 15), "fb-main", "facebook", new Dictionary<string, double> { ["impressions"] = 152_000, ["likes"] = 5_100, ["comments"] = 420, ["shares"] = 230 }),
        };
        var period = new DateRange(new(2026, 5, 1), new(2026, 5, 31));
        KpiCatalog.TryGet("impressions", out var impressions);
        KpiCatalog.TryGet("engagement_rate", out var engagement);
        var report = KpiCalculator.Compute(rows, period, CompareMode.Previous, [impressions, engagement], byPlatform: false);
        return new KpisResponse(
            "acme", period.From, period.To, "SEK",
            report.Comparison is { } c ? new PeriodDto(c.From, c.To) : null,
            [.. report.Kpis.Select(KpiDto.From)],
            null);
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
