using System.Globalization;

namespace KpiFunctions.Kpis.Tests;

/// <summary>Terse builders for rows, dates and KPI look-ups, so each test reads like the tables of KPIS.md.</summary>
internal static class TestData
{
    // Rounding noise only: every expected value is exact or written with at least 13 significant digits.
    private const double Tolerance = 1e-9;

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateRange Range(string from, string to) => new(D(from), D(to));

    /// <summary>A row of a facebook account.</summary>
    public static DailyRow Row(string date, string account, params (string Metric, double Value)[] values) =>
        Row(date, account, "facebook", values);

    public static DailyRow Row(string date, string account, string platform, params (string Metric, double Value)[] values) =>
        new(D(date), account, platform, values.ToDictionary(v => v.Metric, v => v.Value, StringComparer.Ordinal));

    public static KpiDefinition Kpi(string id)
    {
        Assert.True(KpiCatalog.TryGet(id, out var kpi), $"KPI '{id}' is not in the catalog");
        return kpi;
    }

    /// <summary>The KPI's value over <paramref name="period"/>, straight from the period totals.</summary>
    public static double? Evaluate(IEnumerable<DailyRow> rows, DateRange period, string id) =>
        Kpi(id).Evaluate(new PeriodTotals(rows, period));

    /// <summary>The KPI's result in a report, by id.</summary>
    public static KpiResult Result(IEnumerable<KpiResult> results, string id) => Assert.Single(results, r => r.Kpi.Id == id);

    public static void Close(double expected, double? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual.GetValueOrDefault(), Tolerance);
    }
}
