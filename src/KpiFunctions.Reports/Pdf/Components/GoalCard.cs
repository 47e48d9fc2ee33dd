using KpiFunctions.Reports.Layout;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf.Components;

/// <summary>One goal: name and scope, a status label, a progress bar with the expected-by-now mark, and the key figures.</summary>
internal static class GoalCard
{
    public static float Height => 96f;

    public static void Compose(PageFlow flow, Palette palette, GoalView goal, string progressLabel, string expectedLabel)
    {
        var top = flow.Y;
        var left = PageFlow.Left;
        var right = PageFlow.Right;
        var statusColor = Palette.ForStatus(goal.Status);

        // Status label, right-aligned, sized to its text.
        var pill = flow.Shaper.Shape(goal.StatusText, Typography.Pill);
        var pillWidth = pill.Width + 14;
        var pillBox = new SKRect(right - pillWidth, top + 1, right, top + 16);
        flow.Fill(pillBox, statusColor, 7.5f);
        flow.Line(pill, pillBox.Left, pillBox.Top + ((pillBox.Height - PageFlow.LineHeight(Typography.Pill)) / 2), Palette.White, Align.Center, pillWidth);

        var nameWidth = flow.Text(goal.Name, Typography.Subheading, left, top, Palette.Text, width: right - left - pillWidth - 120);
        flow.Text("· " + goal.Scope, Typography.Body, left + nameWidth + 6, top + 1.5f, Palette.Muted, width: right - pillWidth - 10 - (left + nameWidth + 6));

        // Progress bar: the fill is the progress, the dark tick how far along the goal's days are.
        var barTop = top + 24;
        var bar = new SKRect(left, barTop, right, barTop + 9);
        flow.Fill(bar, Palette.Track, 4.5f);
        if (goal.ProgressPercent is { } p && p > 0)
        {
            var fill = (float)Math.Clamp(p, 0, 100) / 100 * bar.Width;
            flow.Fill(new SKRect(bar.Left, bar.Top, bar.Left + Math.Max(fill, 9), bar.Bottom), palette.Accent, 4.5f);
        }

        var expectedX = bar.Left + ((float)Math.Clamp(goal.ExpectedPercent, 0, 100) / 100 * bar.Width);
        flow.Rule(expectedX, bar.Top - 3, expectedX, bar.Bottom + 3, Palette.Text, 1.4f);

        var captionTop = bar.Bottom + 4;
        var caption = progressLabel + ": " + goal.ProgressText + "   ·   " + expectedLabel + ": " + goal.ExpectedText;
        flow.Text(caption, Typography.Small, left, captionTop, Palette.Muted, width: bar.Width * 0.7f);
        flow.Text(goal.AsOf, Typography.Small, left, captionTop, Palette.Faint, Align.Right, bar.Width);

        // Key figures in equal columns.
        var factsTop = captionTop + PageFlow.LineHeight(Typography.Small) + 5;
        var columnWidth = (right - left) / goal.Facts.Count;
        for (var i = 0; i < goal.Facts.Count; i++)
        {
            var (label, value) = goal.Facts[i];
            var x = left + (i * columnWidth);
            flow.Text(label, Typography.Small, x, factsTop, Palette.Muted, width: columnWidth - 6);
            flow.Text(value, Typography.BodyBold, x, factsTop + PageFlow.LineHeight(Typography.Small), Palette.Text, width: columnWidth - 6);
        }

        var bottom = factsTop + PageFlow.LineHeight(Typography.Small) + PageFlow.LineHeight(Typography.BodyBold) + 8;
        flow.Rule(left, bottom, right, bottom, Palette.RuleColor, 0.6f);
        flow.Y = bottom + 10;
    }
}
