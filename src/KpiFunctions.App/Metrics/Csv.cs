using System.Text;

namespace KpiFunctions.App.Metrics;

/// <summary>A small RFC 4180 reader: comma separated, double-quoted cells with "" for a quote, CRLF or LF.</summary>
public static class Csv
{
    public readonly record struct Record(int Line, List<string> Cells);

    /// <summary>Splits <paramref name="text"/> into records, skipping blank lines; <paramref name="error"/> names a broken quote.</summary>
    public static List<Record> Parse(string text, out string? error)
    {
        error = null;
        var records = new List<Record>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var cellWasQuoted = false;

        void EndCell()
        {
            cells.Add(cellWasQuoted ? cell.ToString() : cell.ToString().Trim());
            cell.Clear();
            cellWasQuoted = false;
        }

        void EndRecord()
        {
            EndCell();
            if (cells.Count > 1 || cells[0].Length > 0)
            {
                records.Add(new Record(recordLine, cells));
            }

            cells = [];
            recordLine = line;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    cell.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    cellWasQuoted = true;
                    break;
                case ',':
                    EndCell();
                    break;
                case '\r':
                    break;
                case '\n':
                    line++;
                    EndRecord();
                    break;
                default:
                    cell.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            error = $"A quoted cell that starts on line {recordLine} is never closed.";
            return [];
        }

        EndRecord();
        return records;
    }
}
