using KpiFunctions.Reports.Layout;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf.Components;

/// <summary>A headline KPI in the executive summary: name, value, and the change against the comparison.</summary>
internal static class KpiCard
{
    public const float Height = 94f;

    public static void Compose(PageFlow flow, Palette palette, KpiLine line, string vsText, SKRect box)
    {
        flow.Fill(box, Palette.Card, 5);
        flow.Fill(new SKRect(box.Left, box.Top + 10, box.Left + 3, box.Bottom - 10), palette.Primary, 1.5f);
        var x = box.Left + 14;
        var width = box.Width - 24;
        var y = box.Top + 9;
        flow.Paragraph(line.Name, Typography.CardName, x, y, width, Palette.Muted, maxLines: 1);
        y += PageFlow.LineHeight(Typography.CardName) + 2;
        flow.Text(line.Value, Typography.CardValue, x, y, Palette.Text, width: width);
        y += PageFlow.LineHeight(Typography.CardValue) + 1;

        var style = Typography.CardChange;
        var color = Palette.ForTone(line.Tone);
        var arrowX = x;
        var textX = line.Direction != 0 ? x + ChangeArrow.Width(style.Size) + ChangeArrow.Gap : x;
        var main = line.ChangePercent != Localization.ReportFormatter.Missing ? line.ChangePercent : line.Change;
        var w = flow.Text(main, style, textX, y, color);
        ChangeArrow.Draw(flow, arrowX, ChangeArrow.MiddleOf(style, y), line.Direction, color, style.Size);
        if (line.ChangePercent != Localization.ReportFormatter.Missing && line.Change != Localization.ReportFormatter.Missing)
        {
            flow.Text("(" + line.Change + ")", Typography.Small, textX + w + 5, y + 1.2f, Palette.Muted, width: box.Right - (textX + w + 5) - 8);
        }

        y += PageFlow.LineHeight(style);
        flow.Text(vsText, Typography.Small, x, y, Palette.Faint, width: width);
    }
}
