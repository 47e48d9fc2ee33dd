using KpiFunctions.Reports.Layout;
using KpiFunctions.Reports.Text;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf.Components;

/// <summary>A table column: its header, share of the width and alignment.</summary>
internal sealed record Column(string Header, float Width, Align Align = Align.Left);

/// <summary>
/// A table cell: its text, an optional arrow and colour, and an optional second line (a change under a value).
/// </summary>
internal sealed record Cell(
    string Text,
    SKColor? Color = null,
    int Arrow = 0,
    string? Sub = null,
    SKColor? SubColor = null,
    int SubArrow = 0,
    int MaxLines = 3);

/// <summary>A row of a <see cref="DataTable"/>.</summary>
internal abstract record Row;

/// <summary>A row of cells, one per column; <paramref name="Emphasis"/> rows (totals) are bold with a rule above.</summary>
internal sealed record DataRow(IReadOnlyList<Cell> Cells, bool Emphasis = false) : Row;

/// <summary>A group title spanning the table (a KPI category); kept on the page with the row after it.</summary>
internal sealed record GroupRow(string Title) : Row;

/// <summary>
/// A table that flows over pages: rows never split, and a table that continues on the next page repeats its section
/// heading (marked as continued) and its header row there.
/// </summary>
internal sealed class DataTable(IReadOnlyList<Column> columns, Palette palette)
{
    private const float PadX = 5f;
    private const float PadY = 3.6f;
    private static readonly TextStyle Body = Typography.TableBody;
    private static readonly TextStyle Sub = Typography.Small;
    private TextStyle _header = Typography.TableHeader;

    /// <summary>Lays the table out at the cursor; <paramref name="continued"/> draws the heading again after a page break.</summary>
    public void Compose(PageFlow flow, IReadOnlyList<Row> rows, Action? continued)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(rows);
        _header = HeaderStyle(flow);
        var headerHeight = HeaderHeight(flow);
        flow.EnsureSpace(headerHeight + (rows.Count > 0 ? Height(flow, rows[0]) + (rows.Count > 1 ? Height(flow, rows[1]) : 0) : 0));
        var outer = flow.OnPageBreak;
        flow.OnPageBreak = () =>
        {
            continued?.Invoke();
            DrawHeader(flow, headerHeight);
        };
        DrawHeader(flow, headerHeight);
        var stripe = false;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var height = Height(flow, row);
            var keep = row is GroupRow && i + 1 < rows.Count ? Height(flow, rows[i + 1]) : 0;
            flow.EnsureSpace(height + keep);
            switch (row)
            {
                case GroupRow group:
                    DrawGroup(flow, group, height);
                    stripe = false;
                    break;
                case DataRow data:
                    DrawRow(flow, data, height, stripe);
                    stripe = !stripe;
                    break;
            }

            flow.Y += height;
        }

        flow.OnPageBreak = outer;
        flow.Y += 4;
    }

    private float X(int column) => PageFlow.Left + columns.Take(column).Sum(c => c.Width);

    private float HeaderHeight(PageFlow flow) =>
        columns.Max(c => flow.MeasureParagraph(c.Header, _header, c.Width - (2 * PadX), 2)) + (2 * PadY);

    /// <summary>
    /// The header's style: smaller, down to 6 pt, until every word fits its column, so "Engagements" never breaks into
    /// "Engagemen-ts"; all headers share the size.
    /// </summary>
    private TextStyle HeaderStyle(PageFlow flow)
    {
        var style = Typography.TableHeader;
        while (style.Size > 6 && columns.Any(c => Words(c.Header).Any(w => flow.Shaper.Measure(w, style) > c.Width - (2 * PadX))))
        {
            style = style with { Size = style.Size - 0.25f };
        }

        return style;
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        foreach (var end in LineBreaker.Opportunities(text).Append(text.Length))
        {
            yield return text[start..end].Trim();
            start = end;
        }
    }

    private void DrawHeader(PageFlow flow, float height)
    {
        var top = flow.Y;
        flow.Fill(new SKRect(PageFlow.Left, top, PageFlow.Right, top + height), palette.PrimaryTint);
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            var lines = flow.Shaper.Wrap(column.Header, _header, column.Width - (2 * PadX), 2);
            var y = top + height - PadY - (lines.Count * PageFlow.LineHeight(_header));
            foreach (var line in lines)
            {
                flow.Line(line, X(c) + PadX, y, palette.Primary, column.Align, column.Width - (2 * PadX));
                y += PageFlow.LineHeight(_header);
            }
        }

        flow.Rule(PageFlow.Left, top + height, PageFlow.Right, top + height, palette.Primary, 0.8f);
        flow.Y = top + height;
    }

    private float Height(PageFlow flow, Row row) => row switch
    {
        GroupRow => PageFlow.LineHeight(Typography.TableGroup) + 8,
        DataRow data => data.Cells.Select((cell, c) => CellHeight(flow, cell, c, data.Emphasis)).Max() + (2 * PadY),
        _ => 0,
    };

    private float CellHeight(PageFlow flow, Cell cell, int column, bool bold)
    {
        var style = bold ? Typography.TableBodyBold : Body;
        var height = flow.MeasureParagraph(cell.Text, style, TextWidth(cell, column, style), cell.MaxLines);
        return cell.Sub is null ? height : height + PageFlow.LineHeight(Sub);
    }

    private float TextWidth(Cell cell, int column, TextStyle style) =>
        columns[column].Width - (2 * PadX) - (cell.Arrow != 0 ? ChangeArrow.Width(style.Size) + ChangeArrow.Gap : 0);

    private void DrawGroup(PageFlow flow, GroupRow group, float height)
    {
        var style = Typography.TableGroup;
        var top = flow.Y + 6;
        flow.Text(group.Title, style, PageFlow.Left + PadX, top, palette.Primary, width: PageFlow.Width - (2 * PadX));
        flow.Rule(PageFlow.Left, flow.Y + height, PageFlow.Right, flow.Y + height, Palette.RuleColor, 0.6f);
    }

    private void DrawRow(PageFlow flow, DataRow row, float height, bool stripe)
    {
        var top = flow.Y;
        if (row.Emphasis)
        {
            flow.Rule(PageFlow.Left, top, PageFlow.Right, top, palette.Primary, 0.8f);
        }
        else if (stripe)
        {
            flow.Fill(new SKRect(PageFlow.Left, top, PageFlow.Right, top + height), Palette.Zebra);
        }

        var style = row.Emphasis ? Typography.TableBodyBold : Body;
        for (var c = 0; c < columns.Count && c < row.Cells.Count; c++)
        {
            DrawCell(flow, row.Cells[c], c, top + PadY, style);
        }
    }

    private void DrawCell(PageFlow flow, Cell cell, int c, float top, TextStyle style)
    {
        var column = columns[c];
        var width = TextWidth(cell, c, style);
        var lines = flow.Shaper.Wrap(cell.Text, style, width, cell.MaxLines);
        var color = cell.Color ?? Palette.Text;
        var y = top;
        var left = X(c) + PadX + (cell.Arrow != 0 ? ChangeArrow.Width(style.Size) + ChangeArrow.Gap : 0);
        foreach (var line in lines)
        {
            flow.Line(line, left, y, color, column.Align, width);
            y += PageFlow.LineHeight(style);
        }

        if (cell.Arrow != 0 && lines.Count > 0)
        {
            var first = lines[0];
            var textX = column.Align switch
            {
                Align.Right => left + width - first.Width,
                Align.Center => left + ((width - first.Width) / 2),
                _ => left,
            };
            ChangeArrow.Draw(flow, textX - ChangeArrow.Gap - ChangeArrow.Width(style.Size), ChangeArrow.MiddleOf(style, top), cell.Arrow, color, style.Size);
        }

        if (cell.Sub is { } sub)
        {
            var subColor = cell.SubColor ?? Palette.Muted;
            var subWidth = columns[c].Width - (2 * PadX);
            var subLine = flow.Shaper.Shape(flow.Shaper.Fit(sub, Sub, subWidth - (cell.SubArrow != 0 ? ChangeArrow.Width(Sub.Size) + ChangeArrow.Gap : 0)), Sub);
            var right = X(c) + PadX + subWidth;
            var subX = column.Align == Align.Right ? right - subLine.Width : X(c) + PadX + (cell.SubArrow != 0 ? ChangeArrow.Width(Sub.Size) + ChangeArrow.Gap : 0);
            flow.Line(subLine, subX, y, subColor);
            if (cell.SubArrow != 0)
            {
                ChangeArrow.Draw(flow, subX - ChangeArrow.Gap - ChangeArrow.Width(Sub.Size), ChangeArrow.MiddleOf(Sub, y), cell.SubArrow, subColor, Sub.Size);
            }
        }
    }
}
