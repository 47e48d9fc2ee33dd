using KpiFunctions.Kpis;
using KpiFunctions.Reports.Layout;
using KpiFunctions.Reports.Text;
using ScottPlot;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf.Components;

/// <summary>
/// A KPI's trend as a line chart: ScottPlot draws the series as vectors straight onto the PDF page; the title and the
/// axis labels are drawn with the report's own text engine, so they are shaped, fall back across fonts and get
/// subset like all other text (ScottPlot picks one font per label and has no fallback).
/// </summary>
internal static class TrendChart
{
    /// <summary>The usual height; the trends section makes charts shorter (down to <see cref="MinHeight"/>) or taller to fill a page.</summary>
    public const float Height = 220f;

    public const float MinHeight = 170f;

    public const float MaxHeight = 300f;

    /// <summary>The comparison period's line: grey and dashed, behind the period's.</summary>
    private static readonly SKColor ComparisonColor = new(0x8A, 0x90, 0x96);

    // ScottPlot keeps static caches (fonts, typefaces); rendering charts one at a time keeps them consistent.
    private static readonly Lock RenderLock = new();

    static TrendChart()
    {
        // ScottPlot never draws text here, but it must not look for system fonts either: give it the shipped one.
        var sans = FontLibrary.Get(FontFile.Sans).Path;
        Fonts.FontResolvers.Insert(0, new ScottPlot.FontResolvers.FileFontResolver(
            "Report Sans", sans, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal));
    }

    public static void Compose(PageFlow flow, Palette palette, ChartView chart, SKRect box)
    {
        var titleStyle = Typography.ChartTitle;
        var axis = Typography.ChartAxis;
        flow.Text(chart.Title, titleStyle, box.Left, box.Top, Palette.Text, width: box.Width);
        var small = Typography.Small;
        var subtitleTop = box.Top + PageFlow.LineHeight(titleStyle);
        var legendTop = subtitleTop + PageFlow.LineHeight(small);
        var plotTop = legendTop + PageFlow.LineHeight(small) + 6;
        var plotBottom = box.Bottom - PageFlow.LineHeight(axis) - 4;

        // Only the comparison's points that have a place on the period's time axis count.
        var comparison = chart.Comparison.Take(chart.Points.Count).ToList();
        var values = chart.Points.Select(p => p.Value).Concat(comparison).Where(v => v is not null).Select(v => v!.Value).ToList();
        if (values.Count == 0)
        {
            flow.Text(chart.Subtitle, small, box.Left, subtitleTop, Palette.Muted, width: box.Width);
            var empty = new SKRect(box.Left, plotTop, box.Right, plotBottom);
            flow.Fill(empty, Palette.Zebra, 4);
            flow.Text(chart.NoData, Typography.Body, empty.Left, empty.MidY - 7, Palette.Muted, Align.Center, empty.Width);
            return;
        }

        var (yMin, yMax, step) = NiceScale(values.Min(), values.Max(), chart.FromZero);
        var subtitle = chart.Subtitle + (yMin > 0 || yMax < 0 ? " · " + chart.AxisNote : "");
        flow.Text(subtitle, small, box.Left, subtitleTop, Palette.Muted, width: box.Width);
        Legend(flow, chart, comparison.Any(v => v is not null), palette.Primary, box.Left, legendTop, box.Width);
        var ticks = new List<double>();
        for (var v = yMin; v <= yMax + (step / 1000); v += step)
        {
            ticks.Add(Math.Round(v, 10));
        }

        var labels = ticks.Select(t => chart.YLabel(t, step)).ToList();
        var labelWidth = labels.Max(l => flow.Shaper.Measure(l, axis));
        var plot = new SKRect(box.Left + labelWidth + 6, plotTop, box.Right - 6, plotBottom);
        var (xMin, xMax) = chart.XRange;

        float Px(double day) => plot.Left + (float)((day - xMin) / (xMax - xMin) * plot.Width);
        float Py(double value) => plot.Bottom - (float)((value - yMin) / (yMax - yMin) * plot.Height);

        for (var i = 0; i < ticks.Count; i++)
        {
            var y = Py(ticks[i]);
            flow.Rule(plot.Left, y, plot.Right, y, i == 0 ? Palette.Faint : Palette.RuleColor, i == 0 ? 0.8f : 0.4f);
            flow.Text(labels[i], axis, box.Left, y - (PageFlow.LineHeight(axis) / 2), Palette.Muted, Align.Right, labelWidth);
        }

        var lastRight = float.MinValue;
        foreach (var day in chart.Ticks)
        {
            var line = flow.Shaper.Shape(chart.XLabel(day), axis);
            var tick = Px(day.DayNumber);
            var x = Math.Clamp(tick - (line.Width / 2), box.Left, box.Right - line.Width);
            if (x < lastRight + 4)
            {
                continue;
            }

            flow.Rule(tick, plot.Bottom, tick, plot.Bottom + 2.5f, Palette.Faint, 0.6f);
            flow.Line(line, x, plot.Bottom + 3, Palette.Muted);
            lastRight = x + line.Width;
        }

        var color = palette.Primary;
        var points = chart.Points.Select(p => (X: chart.X(p.Bucket), Y: p.Value)).ToList();
        var previous = comparison.Select((v, i) => (X: chart.X(chart.Points[i].Bucket), Y: v)).ToList();
        var markers = chart.Granularity != Granularity.Day;
        flow.Add(new ChartOp((canvas, rect) => Render(canvas, rect, points, previous, color, markers, (xMin, xMax, yMin, yMax)), plot));
    }

    /// <summary>
    /// The legend under the subtitle: a short solid line and the period's name, then a dashed grey one and the
    /// comparison's; only the period when there is nothing to compare.
    /// </summary>
    private static void Legend(PageFlow flow, ChartView chart, bool withComparison, SKColor color, float left, float top, float width)
    {
        var style = Typography.Small;
        var middle = ChangeArrow.MiddleOf(style, top);
        var x = left;
        void Item(string name, SKColor lineColor, bool dashed, float room)
        {
            flow.Rule(x, middle, x + 14, middle, lineColor, 1.4f, dashed);
            x += 18;
            x += flow.Text(name, style, x, top, Palette.Muted, width: room) + 12;
        }

        Item(chart.Legend.Period, color, false, width / 2);
        if (withComparison && chart.Legend.Comparison.Length > 0)
        {
            Item(chart.Legend.Comparison, ComparisonColor, true, Math.Max(20, left + width - x - 18));
        }
    }

    /// <summary>
    /// Round axis bounds and step for values between <paramref name="min"/> and <paramref name="max"/>: about four
    /// steps of 1, 2, 2.5 or 5 × 10ⁿ. With <paramref name="fromZero"/> (counts, money) zero is always on the axis;
    /// otherwise only unless the values sit far from it.
    /// </summary>
    internal static (double Min, double Max, double Step) NiceScale(double min, double max, bool fromZero = false)
    {
        if (min >= 0 && (fromZero || min <= max * 0.4))
        {
            min = 0;
        }

        if (max <= 0 && (fromZero || max >= min * 0.4))
        {
            max = 0;
        }

        if (max - min < 1e-9)
        {
            // A flat series: zero gets the band above it, anything else a band of ±10 % around it.
            var pad = Math.Abs(max) > 1e-9 ? Math.Abs(max) * 0.1 : 1;
            (min, max) = min == 0 ? (0, pad) : (min - pad, max + pad);
        }

        var rough = (max - min) / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var residual = rough / magnitude;
        var step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10) * magnitude;
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static void Render(
        SKCanvas canvas,
        SKRect rect,
        List<(double X, double? Y)> points,
        List<(double X, double? Y)> previous,
        SKColor color,
        bool markers,
        (double XMin, double XMax, double YMin, double YMax) limits)
    {
        lock (RenderLock)
        {
            var plt = new Plot();
            plt.RenderManager.ClearCanvasBeforeEachRender = false;
            plt.Layout.Frameless();
            plt.HideGrid();
            plt.FigureBackground.Color = Colors.Transparent;
            plt.DataBackground.Color = Colors.Transparent;
            plt.Font.Set("Report Sans");
            var line = new Color(color.Red, color.Green, color.Blue);

            var grey = new Color(ComparisonColor.Red, ComparisonColor.Green, ComparisonColor.Blue);

            // One scatter per run of days with values, so a missing day is a gap, not a line to zero. The comparison
            // goes first, so the period's line is drawn over it.
            void Series(List<(double X, double? Y)> series, bool comparison)
            {
                var segment = new List<(double X, double Y)>();
                void Flush()
                {
                    if (segment.Count == 0)
                    {
                        return;
                    }

                    var scatter = plt.Add.Scatter(segment.Select(p => p.X).ToArray(), segment.Select(p => p.Y).ToArray());
                    scatter.Color = comparison ? grey : line;
                    scatter.LineWidth = comparison ? 1.2f : 1.6f;
                    scatter.MarkerSize = markers || segment.Count == 1 ? (comparison ? 3.5f : 4.5f) : 0;
                    if (comparison)
                    {
                        scatter.LinePattern = LinePattern.Dashed;
                    }
                    else
                    {
                        scatter.FillY = true;
                        scatter.FillYValue = limits.YMin;
                        scatter.FillYColor = line.WithAlpha(0.10);
                    }

                    segment.Clear();
                }

                foreach (var (x, y) in series)
                {
                    if (y is { } v)
                    {
                        segment.Add((x, v));
                    }
                    else
                    {
                        Flush();
                    }
                }

                Flush();
            }

            Series(previous, comparison: true);
            Series(points, comparison: false);
            plt.Axes.SetLimits(limits.XMin, limits.XMax, limits.YMin, limits.YMax);
            plt.Render(canvas, new PixelRect(rect.Left, rect.Right, rect.Bottom, rect.Top));
        }
    }
}
