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

    /// <summary>
    /// Reads <c>{"rows":[...]}</c> as a stream, one row at a time (each at most <see cref="MetricRows.MaxRowBytes"/>),
    /// and stops at the first row past <see cref="MetricRows.MaxRows"/>: memory is bounded whatever the body.
    /// </summary>
    public static async Task ReadJsonAsync(Stream body, MetricRows rows, CancellationToken cancellationToken)
    {
        var reader = new JsonRowsReader(rows);
        var buffer = new byte[16 * 1024];
        var length = 0;
        var end = false;
        try
        {
            while (!reader.Done)
            {
                if (length == buffer.Length)
                {
                    // One value does not fit: grow up to the largest row allowed.
                    if (buffer.Length >= MetricRows.MaxRowBytes)
                    {
                        rows.Validation.Add($"rows[{reader.Rows}]", $"A row longer than {MetricRows.MaxRowBytes:N0} bytes.");
                        return;
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = end ? 0 : await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                end = read == 0;
                length += read;
                var consumed = reader.Read(buffer.AsSpan(0, length), end);
                if (!reader.Done && end)
                {
                    rows.Validation.Add("body", "Not valid JSON: the body ends before the JSON does.");
                    return;
                }

                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
            }
        }
        catch (JsonException e)
        {
            rows.Validation.Add("body", $"Not valid JSON: {e.Message}");
            return;
        }

        if (!reader.SawRows && rows.Validation.IsValid)
        {
            rows.Validation.Add("rows", "Expected a JSON object {\"rows\": [ ... ]}.");
        }
    }

    /// <summary>Reads a CSV push as a stream, one record at a time, and stops at the first limit crossed.</summary>
    public static async Task ReadCsvAsync(Stream body, MetricRows rows, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var csv = new CsvReader(text);
        if (await csv.ReadAsync(cancellationToken) is not { } first)
        {
            rows.Validation.Add("body", csv.Error ?? "Empty CSV: expected a header 'date,accountId,platform,<metric>,...'.");
            return;
        }

        var header = first.Cells;
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
                rows.Validation.Add("header", $"Unknown metrics: {string.Join(", ", unknown.Take(20))}{(unknown.Count > 20 ? ", ..." : "")}.");
            }

            if (repeated.Count > 0)
            {
                rows.Validation.Add("header", $"Columns given twice: {string.Join(", ", repeated.Take(20))}.");
            }

            return;
        }

        var index = 0;
        while (await csv.ReadAsync(cancellationToken) is { } record)
        {
            var (line, cells) = record;
            if (index == MetricRows.MaxRows)
            {
                rows.Validation.Add("rows", $"More than {MetricRows.MaxRows:N0} rows (line {line}): at most {MetricRows.MaxRows:N0} rows per request.");
                return;
            }

            var row = rows.Begin(index, $"line {line}");
            if (cells.Count != header.Count)
            {
                rows.Validation.Add($"rows[{index}]", $"{cells.Count} cells where the header has {header.Count} (line {line}).");
            }
            else
            {
                for (var c = 0; c < header.Count; c++)
                {
                    row.Text(header[c], cells[c]);
                }

                row.End();
            }

            index++;
            if (rows.Validation.IsFull)
            {
                return;
            }
        }

        if (csv.Error is { } error)
        {
            rows.Validation.Add("body", error);
        }
    }

    /// <summary>Reads one row of a JSON push.</summary>
    internal static void ReadJsonRow(JsonElement element, MetricRows.RowBuilder row, Validation validation, int index)
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
