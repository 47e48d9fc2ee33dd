using System.Globalization;
using System.Text;
using System.Text.Json;
using KpiFunctions.Kpis;

namespace KpiFunctions.Demo;

/// <summary>Daily rows as the bodies of <c>POST /api/v1/clients/{clientId}/metrics</c>.</summary>
public static class MetricsPayload
{
    public static StringContent Json(IEnumerable<DailyRow> rows)
    {
        var body = new
        {
            rows = rows.Select(r =>
            {
                var row = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["date"] = r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["accountId"] = r.AccountId,
                    ["platform"] = r.Platform,
                };
                foreach (var (name, value) in r.Values)
                {
                    row[name] = value;
                }

                return row;
            }),
        };
        return new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    }

    /// <summary>CSV with a column per metric any row carries; a metric a row lacks is an empty cell.</summary>
    public static StringContent Csv(IReadOnlyCollection<DailyRow> rows)
    {
        var metrics = MetricCatalog.All.Select(m => m.Name).Where(n => rows.Any(r => r.Values.ContainsKey(n))).ToList();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', ["date", "accountId", "platform", .. metrics]));
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Date:yyyy-MM-dd},{r.AccountId},{r.Platform}");
            foreach (var metric in metrics)
            {
                csv.Append(',');
                if (r.Values.TryGetValue(metric, out var value))
                {
                    csv.Append(value.ToString(CultureInfo.InvariantCulture));
                }
            }

            csv.AppendLine();
        }

        return new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
    }
}
