using KpiFunctions.Reports.Layout;

namespace KpiFunctions.Reports.Pdf.Components;

/// <summary>A section's heading: a short brand-coloured bar and the title; kept on the page with what follows it.</summary>
internal static class SectionHeading
{
    public static float Height => PageFlow.LineHeight(Typography.Heading) + 14;

    /// <summary>
    /// Draws the heading at the cursor, first breaking the page unless <paramref name="keepWith"/> points of content fit
    /// below it; a section that starts a page starts at its top.
    /// </summary>
    public static void Compose(PageFlow flow, Palette palette, string title, float keepWith, bool newPage = false)
    {
        if (newPage && flow.Y > PageFlow.Top + 0.01f)
        {
            flow.NewPage();
        }
        else
        {
            flow.EnsureSpace(Height + keepWith);
        }

        if (flow.Y > PageFlow.Top + 0.01f)
        {
            flow.Y += 10;
        }

        Draw(flow, palette, title);
    }

    /// <summary>Draws the heading at the cursor without any page-break decision (a repeated heading).</summary>
    public static void Draw(PageFlow flow, Palette palette, string title)
    {
        var top = flow.Y;
        flow.Fill(new SkiaSharp.SKRect(PageFlow.Left, top + 3, PageFlow.Left + 22, top + 6), palette.Accent, 1.5f);
        flow.Text(title, Typography.Heading, PageFlow.Left, top + 7, palette.Primary, width: PageFlow.Width);
        flow.Y = top + Height;
    }
}
