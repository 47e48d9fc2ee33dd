using KpiFunctions.Reports.Layout;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf.Components;

/// <summary>A small vector triangle pointing up or down: the fonts have no ▲▼, and a path prints crisply anyway.</summary>
internal static class ChangeArrow
{
    public const float Gap = 2.5f;

    /// <summary>The arrow's width for text of <paramref name="size"/> points.</summary>
    public static float Width(float size) => size * 0.62f;

    /// <summary>Draws an arrow whose left edge is at <paramref name="x"/>, centred on <paramref name="centerY"/>.</summary>
    public static void Draw(PageFlow flow, float x, float centerY, int direction, SKColor color, float size)
    {
        if (direction == 0)
        {
            return;
        }

        var w = Width(size);
        var h = w * 0.85f;
        SKPoint[] points = direction > 0
            ? [new(x, centerY + (h / 2)), new(x + w, centerY + (h / 2)), new(x + (w / 2), centerY - (h / 2))]
            : [new(x, centerY - (h / 2)), new(x + w, centerY - (h / 2)), new(x + (w / 2), centerY + (h / 2))];
        flow.Add(new PolygonOp(points, color));
    }

    /// <summary>The vertical middle of lowercase letters for a line whose box starts at <paramref name="top"/>.</summary>
    public static float MiddleOf(Text.TextStyle style, float top) => PageFlow.Baseline(style, top) - (style.Size * 0.36f);
}
