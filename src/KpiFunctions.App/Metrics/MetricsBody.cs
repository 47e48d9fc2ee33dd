using System.Text;
using System.Text.Json;
using KpiFunctions.App.Http;
using KpiFunctions.Kpis;

namespace KpiFunctions.App.Metrics;

/// <summary>Reads a metrics push, JSON (<c>{"rows":[...]}</c>) or CSV, into <see cref="MetricRows"/>.</summary>
public static class MetricsBody
{
    public static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    public static bool IsCsv(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);

    public static async Task ReadJsonAsync(Stream body, MetricRows rows, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, default, cancellationToken);
        }
        catch (JsonException e)
        {
            rows.Validation.Add("body", $"Not valid JSON: {e.Message}");
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("rows", out var array)
                || array.ValueKind != JsonValueKind.Array)
            {
                rows.Validation.Add("rows", "Expected a JSON object {\"rows\": [ ... ]}.");
                return;
            }

            if (array.GetArrayLength() > MetricRows.MaxRows)
            {
                rows.Validation.Add("rows", $"{array.GetArrayLength()} rows: at most {MetricRows.MaxRows:N0} rows per request.");
                return;
            }

            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                ReadJsonRow(element, rows.Begin(index), rows.Validation, index);
                index++;
            }
        }
    }

    public static async Task ReadCsvAsync(Stream body, MetricRows rows, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var records = Csv.Parse(text, out var error);
        if (error is not null)
        {
            rows.Validation.Add("body", error);
            return;
        }

        if (records.Count == 0)
        {
            rows.Validation.Add("body", "Empty CSV: expected a header 'date,accountId,platform,<metric>,...'.");
            return;
        }

        var header = records[0].Cells;
        if (header.Count < 3 || !header.Take(3).SequenceEqual(MetricRows.KeyFields))
        {
            rows.Validation.Add("header", "The header must start with 'date,accountId,platform' followed by metric names.");
            return;
        }

        var columns = header.Skip(3).ToList();
        var unknown = columns.Where(c => !MetricCatalog.TryGet(c, out _)).ToList();
        var repeated = columns.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (unknown.Count > 0 || repeated.Count > 0)
        {
            if (unknown.Count > 0)
            {
                rows.Validation.Add("header", $"Unknown metrics: {string.Join(", ", unknown)}.");
            }

            if (repeated.Count > 0)
            {
                rows.Validation.Add("header", $"Columns given twice: {string.Join(", ", repeated)}.");
            }

            return;
        }

        if (records.Count - 1 > MetricRows.MaxRows)
        {
            rows.Validation.Add("rows", $"{records.Count - 1} rows: at most {MetricRows.MaxRows:N0} rows per request.");
            return;
        }

        for (var i = 1; i < records.Count; i++)
        {
            var (line, cells) = records[i];
            var row = rows.Begin(i - 1, $"line {line}");
            if (cells.Count != header.Count)
            {
                rows.Validation.Add($"rows[{i - 1}]", $"{cells.Count} cells where the header has {header.Count} (line {line}).");
                continue;
            }

            for (var c = 0; c < header.Count; c++)
            {
                row.Text(header[c], cells[c]);
            }

            row.End();
        }
    }

    private static void ReadJsonRow(JsonElement element, MetricRows.RowBuilder row, Validation validation, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            validation.Add($"rows[{index}]", "Must be an object such as {\"date\":\"2026-10-01\",\"accountId\":\"fb-main\",\"platform\":\"facebook\",\"impressions\":5400}.");
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            var field = property.Name;
            var value = property.Value;
            var isKey = MetricRows.KeyFields.Contains(field);
            switch (value.ValueKind)
            {
                case JsonValueKind.String when isKey:
                    row.Text(field, value.GetString());
                    break;
                case JsonValueKind.Number when !isKey:
                    row.Number(field, value.TryGetDouble(out var number) ? number : double.NaN);
                    break;
                case JsonValueKind.Null when !isKey:
                    row.Text(field, null); // null is "missing", the same as leaving the metric out
                    break;
                default:
                    row.WrongType(field, isKey ? "a string" : "a number or null");
                    break;
            }
        }

        row.End();
    }
}
