using KpiFunctions.Reports.Layout;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf.Components;

/// <summary>
/// One goal: name and scope, a status label, a progress bar with the expected-by-now mark and the forecast, and the key
/// figures. A goal that has not started yet gets no bar.
/// </summary>
internal static class GoalCard
{
    /// <summary>The height of a measured goal's card down to its rule: the page breaks before a card rather than inside it.</summary>
    public static float Height => 87f;

    public static float HeightOf(GoalView goal) => goal.NotStarted ? 68f : Height;

    public static void Compose(PageFlow flow, Palette palette, GoalView goal, string progressLabel, string expectedLabel)
    {
        var top = flow.Y;
        var left = PageFlow.Left;
        var right = PageFlow.Right;
        var statusColor = goal.NotStarted ? Palette.Neutral : Palette.ForStatus(goal.Status);

        // Status label, right-aligned, sized to its text.
        var pill = flow.Shaper.Shape(goal.StatusText, Typography.Pill);
        var pillWidth = pill.Width + 14;
        var pillBox = new SKRect(right - pillWidth, top + 1, right, top + 16);
        flow.Fill(pillBox, statusColor, 7.5f);
        flow.Line(pill, pillBox.Left, pillBox.Top + ((pillBox.Height - PageFlow.LineHeight(Typography.Pill)) / 2), Palette.White, Align.Center, pillWidth);

        var nameWidth = flow.Text(goal.Name, Typography.Subheading, left, top, Palette.Text, width: right - left - pillWidth - 120);
        flow.Text("· " + goal.Scope, Typography.Body, left + nameWidth + 6, top + 1.5f, Palette.Muted, width: right - pillWidth - 10 - (left + nameWidth + 6));

        float factsTop;
        if (goal.NotStarted)
        {
            var startsTop = top + 20;
            flow.Text(goal.AsOf, Typography.Small, left, startsTop, Palette.Muted, width: right - left);
            factsTop = startsTop + PageFlow.LineHeight(Typography.Small) + 3;
        }
        else
        {
            var bar = new SKRect(left, top + 24, right, top + 33);
            Bar(flow, palette, goal, bar, statusColor);
            var captionTop = bar.Bottom + 4;
            var caption = progressLabel + ": " + goal.ProgressText + "   ·   " + expectedLabel + ": " + goal.ExpectedText +
                (goal.ForecastText is { } forecast ? "   ·   " + forecast : "");
            flow.Text(caption, Typography.Small, left, captionTop, Palette.Muted, width: bar.Width * 0.78f);
            flow.Text(goal.AsOf, Typography.Small, left, captionTop, Palette.Faint, Align.Right, bar.Width);
            factsTop = captionTop + PageFlow.LineHeight(Typography.Small) + 5;
        }

        // Key figures in equal columns (five of a measured goal, three of one not started, in the same grid).
        var columnWidth = (right - left) / 5;
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

    /// <summary>
    /// The bar from 0 to 100 % of the way to the target (from below zero when the value went the wrong way): the progress
    /// now (red and left of a zero mark when negative), the dark tick where it should be by now, and, lighter in the
    /// status' colour, where the forecast gets by the deadline.
    /// </summary>
    private static void Bar(PageFlow flow, Palette palette, GoalView goal, SKRect bar, SKColor statusColor)
    {
        var progress = goal.ProgressPercent;
        var forecast = goal.ForecastPercent;
        var low = Math.Max(-100, Math.Min(0, Math.Min(progress ?? 0, forecast ?? 0)));
        float X(double percent) => bar.Left + (float)((Math.Clamp(percent, low, 100) - low) / (100 - low) * bar.Width);
        var zero = X(0);
        const float R = 4.5f;

        flow.Fill(bar, Palette.Track, R);
        if (forecast is { } f && progress is { } from && Math.Abs(X(f) - X(from)) > 1)
        {
            var (a, b) = (Math.Min(X(f), X(from)), Math.Max(X(f), X(from)));
            flow.Fill(new SKRect(a, bar.Top, Math.Max(b, a + (2 * R)), bar.Bottom), Palette.Mix(statusColor, Palette.White, 0.55f), R);
        }

        if (progress is { } p && p > 0)
        {
            flow.Fill(new SKRect(zero, bar.Top, Math.Max(X(p), zero + (2 * R)), bar.Bottom), palette.Accent, R);
        }
        else if (progress is { } n && n < 0)
        {
            flow.Fill(new SKRect(Math.Min(X(n), zero - (2 * R)), bar.Top, zero, bar.Bottom), Palette.Bad, R);
        }

        if (low < 0)
        {
            flow.Rule(zero, bar.Top - 2, zero, bar.Bottom + 2, Palette.Muted, 0.8f);
        }

        var expected = X(goal.ExpectedPercent);
        flow.Rule(expected, bar.Top - 3, expected, bar.Bottom + 3, Palette.Text, 1.4f);
    }
}
