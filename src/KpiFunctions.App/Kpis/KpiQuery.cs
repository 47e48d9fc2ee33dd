using System.Globalization;
using KpiFunctions.App.Http;
using KpiFunctions.Kpis;

namespace KpiFunctions.App.Kpis;

/// <summary>The query parameters of the KPI endpoints, checked together so every problem is named at once.</summary>
public static class KpiQuery
{
    public static DateRange? Period(string? fromText, string? toText, Validation validation)
    {
        var from = Date(fromText, "from", validation);
        var to = Date(toText, "to", validation);
        if (from is not { } f || to is not { } t)
        {
            return null;
        }

        if (f > t)
        {
            validation.Add("from", $"from ({f:yyyy-MM-dd}) is after to ({t:yyyy-MM-dd}).");
            return null;
        }

        if (t >= f.AddYears(3))
        {
            validation.Add("to", "The range may span at most 3 years.");
            return null;
        }

        return new DateRange(f, t);
    }

    public static CompareMode Compare(string? text, Validation validation) =>
        Choice(text, "compare", CompareMode.Previous, validation, ("previous", CompareMode.Previous), ("previous_calendar", CompareMode.PreviousCalendar), ("year", CompareMode.Year), ("none", CompareMode.None));

    public static Granularity Granularity(string? text, Validation validation) =>
        Choice(text, "granularity", KpiFunctions.Kpis.Granularity.Day, validation,
            ("day", KpiFunctions.Kpis.Granularity.Day), ("week", KpiFunctions.Kpis.Granularity.Week), ("month", KpiFunctions.Kpis.Granularity.Month));

    public static bool ByPlatform(string? text, Validation validation) =>
        Choice(text, "breakdown", false, validation, ("platform", true), ("none", false));

    /// <summary>The KPIs named by <c>kpi=id,id</c>, or the whole catalog.</summary>
    public static IReadOnlyList<KpiDefinition> Kpis(string? text, Validation validation)
    {
        var ids = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0)
        {
            return KpiCatalog.All;
        }

        var kpis = new List<KpiDefinition>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (KpiCatalog.TryGet(id, out var kpi))
            {
                kpis.Add(kpi);
            }
            else
            {
                validation.Add("kpi", $"Unknown KPI '{id}'. The ids are listed by GET /api/v1/clients/{{clientId}}/kpis without kpi=.");
            }
        }

        return kpis;
    }

    private static DateOnly? Date(string? text, string name, Validation validation)
    {
        if (string.IsNullOrEmpty(text))
        {
            validation.Add(name, "Required: a date in the form yyyy-MM-dd.");
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date < Metrics.MetricRows.EarliestDate)
        {
            validation.Add(name, $"'{text}' is not a date in the form yyyy-MM-dd (from 2000-01-01 on).");
            return null;
        }

        return date;
    }

    private static T Choice<T>(string? text, string name, T fallback, Validation validation, params (string Text, T Value)[] choices)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        foreach (var (choice, value) in choices)
        {
            if (choice == text)
            {
                return value;
            }
        }

        validation.Add(name, $"'{text}' is not one of {string.Join(", ", choices.Select(c => c.Text))}.");
        return fallback;
    }
}
