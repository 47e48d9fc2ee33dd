using System.Text.Json;
using KpiFunctions.App.Http;
using KpiFunctions.Kpis;

namespace KpiFunctions.App.Clients;

/// <summary>
/// What a client's reports show, as the agency chose it: the summary cards, the KPI table's rows and their order,
/// and whether KPIs without data are left out. A field left null takes the default, chosen by the client's platforms.
/// </summary>
/// <param name="HeadlineKpis">The KPIs on the summary cards, in order (1 to <see cref="MaxHeadline"/> KPI ids).</param>
/// <param name="TableKpis">
/// The KPI table's rows, in order: KPI ids, and category ids (<c>reach</c>, <c>engagement</c>, <c>conversion</c>,
/// <c>cost</c>, <c>customer_care</c>, <c>owned_channels</c>, <c>advocacy</c>) that stand for the category's KPIs.
/// </param>
/// <param name="HideEmptyKpis">Leaves out the KPIs with no value in the period nor in the comparison (the default).</param>
public sealed record ReportLayout(IReadOnlyList<string>? HeadlineKpis, IReadOnlyList<string>? TableKpis, bool HideEmptyKpis = true)
{
    public const int MaxHeadline = 8;

    /// <summary>The layout every client has until the agency changes it.</summary>
    public static ReportLayout Default { get; } = new(null, null);

    /// <summary>The category ids as the API writes them, e.g. <c>customer_care</c>.</summary>
    public static string CategoryId(KpiCategory category) => JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());

    /// <summary>The KPIs of <see cref="TableKpis"/> in table order, categories expanded; null for the default.</summary>
    public IReadOnlyList<KpiDefinition>? TableRows() =>
        TableKpis?
            .SelectMany(id => KpiCatalog.TryGet(id, out var kpi)
                ? [kpi]
                : KpiCatalog.All.Where(k => CategoryId(k.Category) == id))
            .DistinctBy(k => k.Id)
            .ToList();

    /// <summary>The layout with the fields of the JSON merge patch <paramref name="patch"/> applied; problems go to <paramref name="validation"/>.</summary>
    public static ReportLayout? Merge(ReportLayout? current, JsonElement patch, Validation validation)
    {
        if (patch.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (patch.ValueKind != JsonValueKind.Object)
        {
            validation.Add("report", "Must be an object {\"headlineKpis\",\"tableKpis\",\"hideEmptyKpis\"} or null for the defaults.");
            return current;
        }

        var layout = current ?? Default;
        foreach (var field in patch.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "headlineKpis":
                    layout = layout with { HeadlineKpis = Ids(value, "report.headlineKpis", MaxHeadline, allowCategories: false, validation) };
                    break;
                case "tableKpis":
                    layout = layout with { TableKpis = Ids(value, "report.tableKpis", KpiCatalog.All.Count, allowCategories: true, validation) };
                    break;
                case "hideEmptyKpis":
                    layout = layout with { HideEmptyKpis = ClientPatch.Flag(value, "report.hideEmptyKpis", validation) ?? layout.HideEmptyKpis };
                    break;
                default:
                    validation.Add($"report.{field.Name}", "Unknown field; report has headlineKpis, tableKpis and hideEmptyKpis.");
                    break;
            }
        }

        return layout == Default ? null : layout;
    }

    private static List<string>? Ids(JsonElement value, string field, int max, bool allowCategories, Validation validation)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var what = allowCategories ? "KPI ids or category ids" : "KPI ids";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 || value.GetArrayLength() > max)
        {
            validation.Add(field, $"Must be a list of 1 to {max} {what}, or null for the default.");
            return null;
        }

        var ids = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var id = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            var known = id is not null
                && (KpiCatalog.TryGet(id, out _) || (allowCategories && Enum.GetValues<KpiCategory>().Any(c => CategoryId(c) == id)));
            if (!known)
            {
                validation.Add($"{field}[{index}]", $"Not one of the {what} (the ids that GET /api/v1/clients/{{clientId}}/kpis answers).");
            }
            else if (ids.Contains(id!, StringComparer.Ordinal))
            {
                validation.Add($"{field}[{index}]", $"'{id}' is listed twice.");
            }
            else
            {
                ids.Add(id!);
            }

            index++;
        }

        return ids;
    }
}
