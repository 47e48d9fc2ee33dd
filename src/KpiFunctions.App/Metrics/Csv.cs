using System.Text;

namespace KpiFunctions.App.Metrics;

/// <summary>
/// A streaming RFC 4180 reader: comma separated, double-quoted cells with "" for a quote, CRLF or LF. It holds one
/// record at a time and refuses a record longer than <see cref="MaxRecordChars"/> or with more than
/// <see cref="MaxCells"/> cells, so memory stays bounded whatever the body.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    /// <summary>The longest record: far above a row of every metric, far below what could hurt.</summary>
    public const int MaxRecordChars = 64 * 1024;

    /// <summary>The most cells in a record: the key fields and every metric of the catalog fit many times over.</summary>
    public const int MaxCells = 1_000;

    private readonly char[] _buffer = new char[16 * 1024];
    private int _position;
    private int _length;
    private int _line = 1;

    public readonly record struct Record(int Line, List<string> Cells);

    /// <summary>Why reading stopped early (a broken quote, a record over a limit); null while all is well.</summary>
    public string? Error { get; private set; }

    /// <summary>The next record that is not blank; null at the end of the body or when <see cref="Error"/> is set.</summary>
    public async ValueTask<Record?> ReadAsync(CancellationToken cancellationToken)
    {
        while (Error is null)
        {
            var start = _line;
            var cells = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            var cellWasQuoted = false;
            var chars = 0;
            var ended = false;
            while (!ended)
            {
                if (_position == _length && !await FillAsync(cancellationToken))
                {
                    if (quoted)
                    {
                        Error = $"A quoted cell that starts on line {start} is never closed.";
                        return null;
                    }

                    if (chars == 0)
                    {
                        return null; // the end of the body
                    }

                    break;
                }

                var ch = _buffer[_position++];
                if (++chars > MaxRecordChars)
                {
                    Error = $"Line {start} is longer than {MaxRecordChars:N0} characters.";
                    return null;
                }

                if (quoted)
                {
                    if (ch == '"' && await PeekAsync(cancellationToken) == '"')
                    {
                        cell.Append('"');
                        _position++;
                    }
                    else if (ch == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        _line += ch == '\n' ? 1 : 0;
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
                        _line++;
                        ended = true;
                        break;
                    default:
                        cell.Append(ch);
                        break;
                }

                if (cells.Count > MaxCells)
                {
                    Error = $"Line {start} has more than {MaxCells:N0} cells.";
                    return null;
                }
            }

            EndCell();
            if (cells.Count > 1 || cells[0].Length > 0)
            {
                return new Record(start, cells);
            }

            void EndCell()
            {
                cells.Add(cellWasQuoted ? cell.ToString() : cell.ToString().Trim());
                cell.Clear();
                cellWasQuoted = false;
            }
        }

        return null;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _length = await reader.ReadAsync(_buffer, cancellationToken);
        _position = 0;
        return _length > 0;
    }

    private async ValueTask<char?> PeekAsync(CancellationToken cancellationToken) =>
        _position < _length || await FillAsync(cancellationToken) ? _buffer[_position] : null;
}
