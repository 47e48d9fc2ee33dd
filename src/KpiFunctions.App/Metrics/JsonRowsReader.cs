using System.Text.Json;

namespace KpiFunctions.App.Metrics;

/// <summary>
/// Reads the JSON push <c>{"rows":[...]}</c> piece by piece: <see cref="Read"/> is given the bytes received so far and
/// answers how many it used, so a body is never held whole. Each row is handed to <see cref="MetricsBody"/> as soon as
/// it is complete; reading stops at the first row past <see cref="MetricRows.MaxRows"/>.
/// </summary>
internal sealed class JsonRowsReader(MetricRows rows)
{
    private const string Expected = "Expected a JSON object {\"rows\": [ ... ]}.";

    private Phase _phase = Phase.Start;
    private JsonReaderState _state;

    private enum Phase
    {
        Start,
        Properties,
        SkipValue,
        RowsArray,
        Rows,
    }

    /// <summary>True once the outer object has ended, or reading stopped at a problem (in the rows' validation).</summary>
    public bool Done { get; private set; }

    /// <summary>True when the body had a <c>rows</c> array.</summary>
    public bool SawRows { get; private set; }

    /// <summary>How many rows were read.</summary>
    public int Rows { get; private set; }

    /// <summary>Reads what it can of <paramref name="data"/>; returns how many bytes were used (the rest comes again, with more).</summary>
    /// <exception cref="JsonException">The body is not valid JSON.</exception>
    public int Read(ReadOnlySpan<byte> data, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, _state);
        while (!Done)
        {
            var before = reader.CurrentState;
            var consumed = (int)reader.BytesConsumed;
            if (!Step(ref reader, data))
            {
                // The value is not complete yet: start from it again once more bytes have arrived.
                _state = before;
                return consumed;
            }
        }

        return (int)reader.BytesConsumed;
    }

    /// <summary>Takes one step; false when it needs more bytes.</summary>
    private bool Step(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        switch (_phase)
        {
            case Phase.Start:
                if (!reader.Read())
                {
                    return false;
                }

                return reader.TokenType == JsonTokenType.StartObject ? Next(Phase.Properties) : Stop("rows", Expected);
            case Phase.Properties:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    Done = true;
                    return true;
                }

                return Next(reader.ValueTextEquals("rows"u8) ? Phase.RowsArray : Phase.SkipValue);
            case Phase.SkipValue:
                return reader.Read() && reader.TrySkip() && Next(Phase.Properties);
            case Phase.RowsArray:
                if (!reader.Read())
                {
                    return false;
                }

                SawRows = true;
                return reader.TokenType == JsonTokenType.StartArray ? Next(Phase.Rows) : Stop("rows", Expected);
            default:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    return Next(Phase.Properties);
                }

                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    return false;
                }

                if (Rows == MetricRows.MaxRows)
                {
                    return Stop("rows", $"More than {MetricRows.MaxRows:N0} rows: at most {MetricRows.MaxRows:N0} rows per request.");
                }

                using (var row = JsonDocument.Parse(data[start..(int)reader.BytesConsumed].ToArray()))
                {
                    MetricsBody.ReadJsonRow(row.RootElement, rows.Begin(Rows), rows.Validation, Rows);
                }

                Rows++;
                Done = rows.Validation.IsFull; // enough problems to answer: the rest is not read
                return true;
        }
    }

    private bool Next(Phase phase)
    {
        _phase = phase;
        return true;
    }

    private bool Stop(string field, string message)
    {
        rows.Validation.Add(field, message);
        Done = true;
        return true;
    }
}
