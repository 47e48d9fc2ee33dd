using KpiFunctions.Reports.Layout;
using KpiFunctions.Reports.Localization;
using KpiFunctions.Reports.Text;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf.Components;

/// <summary>
/// A headline KPI in the executive summary: its name (up to two lines, smaller type before it would be cut), the
/// value, the change against the comparison and a sparkline of the period.
/// </summary>
internal static class KpiCard
{
    private const float Pad = 9f;
    private const float SparkHeight = 16f;
    private const float MinNameSize = 6.5f;

    /// <summary>The card's height when the tallest name of its row takes <paramref name="nameLines"/> lines of <paramref name="nameStyle"/>.</summary>
    public static float Height(TextStyle nameStyle, int nameLines) =>
        Pad + (nameLines * PageFlow.LineHeight(nameStyle)) + 2 + PageFlow.LineHeight(Typography.CardValue) + 1 +
        PageFlow.LineHeight(Typography.CardChange) + 4 + SparkHeight + Pad;

    /// <summary>The width names are wrapped to in a card of <paramref name="cardWidth"/>.</summary>
    public static float NameWidth(float cardWidth) => cardWidth - 24;

    /// <summary>
    /// The style and lines that show all of <paramref name="name"/> in at most two lines of <paramref name="width"/>:
    /// the card style, or smaller down to 6.5 pt; never cut with "…" unless even that does not fit.
    /// </summary>
    public static (TextStyle Style, int Lines) FitName(TextShaper shaper, string name, float width)
    {
        for (var style = Typography.CardName; style.Size >= MinNameSize; style = style with { Size = style.Size - 0.25f })
        {
            var lines = shaper.Wrap(name, style, width).Count;
            if (lines <= 2)
            {
                return (style, lines);
            }
        }

        return (Typography.CardName with { Size = MinNameSize }, 2);
    }

    public static void Compose(
        PageFlow flow, Palette palette, KpiLine line, IReadOnlyList<double?> sparkline, bool showChange, TextStyle nameStyle, int nameLines, SKRect box)
    {
        flow.Fill(box, Palette.Card, 5);
        flow.Fill(new SKRect(box.Left, box.Top + 10, box.Left + 3, box.Bottom - 10), palette.Primary, 1.5f);
        var x = box.Left + 14;
        var width = NameWidth(box.Width);
        var y = box.Top + Pad;
        flow.Paragraph(line.Name, nameStyle, x, y, width, Palette.Muted, maxLines: 2);
        y += (nameLines * PageFlow.LineHeight(nameStyle)) + 2;
        flow.Text(line.Value, Typography.CardValue, x, y, Palette.Text, width: width);
        y += PageFlow.LineHeight(Typography.CardValue) + 1;

        if (showChange)
        {
            var style = Typography.CardChange;
            var color = Palette.ForTone(line.Tone);
            var textX = line.Direction != 0 ? x + ChangeArrow.Width(style.Size) + ChangeArrow.Gap : x;
            var main = line.ChangePercent != ReportFormatter.Missing ? line.ChangePercent : line.Change;
            var w = flow.Text(main, style, textX, y, color);
            ChangeArrow.Draw(flow, x, ChangeArrow.MiddleOf(style, y), line.Direction, color, style.Size);
            if (line.ChangePercent != ReportFormatter.Missing && line.Change != ReportFormatter.Missing)
            {
                flow.Text("(" + line.Change + ")", Typography.Small, textX + w + 5, y + 1.2f, Palette.Muted, width: box.Right - (textX + w + 5) - 8);
            }
        }

        Sparkline(flow, palette, sparkline, new SKRect(x, box.Bottom - Pad - SparkHeight, box.Right - 10, box.Bottom - Pad));
    }

    /// <summary>The period's values as a thin line scaled to its own range; a gap where a value is missing.</summary>
    private static void Sparkline(PageFlow flow, Palette palette, IReadOnlyList<double?> values, SKRect rect)
    {
        var known = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (known.Count < 2)
        {
            return;
        }

        var (min, max) = (known.Min(), known.Max());
        var range = max - min;
        float Y(double v) => range <= 0 ? rect.MidY : rect.Bottom - (float)((v - min) / range * rect.Height);
        float X(int i) => rect.Left + (values.Count == 1 ? 0 : i * rect.Width / (values.Count - 1));

        var color = Palette.Mix(palette.Primary, Palette.White, 0.15f);
        var run = new List<SKPoint>();
        void Flush()
        {
            if (run.Count >= 2)
            {
                flow.Add(new PolylineOp([.. run], color, 1.1f));
            }

            run.Clear();
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v)
            {
                run.Add(new SKPoint(X(i), Y(v)));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        var lastIndex = values.Count - 1 - values.Reverse().TakeWhile(v => v is null).Count();
        if (lastIndex >= 0 && values[lastIndex] is { } last)
        {
            var p = new SKPoint(X(lastIndex), Y(last));
            flow.Fill(new SKRect(p.X - 1.6f, p.Y - 1.6f, p.X + 1.6f, p.Y + 1.6f), palette.Primary, 1.6f);
        }
    }
}
