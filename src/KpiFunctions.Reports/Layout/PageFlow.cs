using KpiFunctions.Reports.Text;
using SkiaSharp;

namespace KpiFunctions.Reports.Layout;

/// <summary>Horizontal alignment of text in a box.</summary>
internal enum Align
{
    Left,
    Center,
    Right,
}

/// <summary>
/// Lays content out from top to bottom over A4 pages: a cursor, page breaks, and drawing helpers that add
/// <see cref="DrawOp"/>s to the current page. Coordinates are PDF points (1/72 inch) from the page's top left.
/// </summary>
internal sealed class PageFlow
{
    /// <summary>A4 in points.</summary>
    public const float PageWidth = 595.28f;

    /// <summary>A4 in points.</summary>
    public const float PageHeight = 841.89f;

    public const float MarginX = 48f;
    public const float MarginTop = 66f;
    public const float MarginBottom = 62f;

    private readonly List<Page> _pages = [];

    public PageFlow(TextShaper shaper)
    {
        Shaper = shaper;
        NewPage();
    }

    public TextShaper Shaper { get; }

    public IReadOnlyList<Page> Pages => _pages;

    public Page Current => _pages[^1];

    /// <summary>The cursor: where the next block starts.</summary>
    public float Y { get; set; }

    public static float Left => MarginX;

    public static float Right => PageWidth - MarginX;

    public static float Width => Right - Left;

    public static float Top => MarginTop;

    public static float Bottom => PageHeight - MarginBottom;

    /// <summary>Called after every page break, to repeat a heading or a table header.</summary>
    public Action? OnPageBreak { get; set; }

    public float Remaining => Bottom - Y;

    public void NewPage()
    {
        _pages.Add(new Page(_pages.Count + 1));
        Y = Top;
    }

    /// <summary>Breaks the page unless <paramref name="height"/> fits below the cursor; true when it broke.</summary>
    public bool EnsureSpace(float height)
    {
        if (Y + height <= Bottom + 0.01f || Y <= Top + 0.01f)
        {
            return false;
        }

        NewPage();
        OnPageBreak?.Invoke();
        return true;
    }

    public void Add(DrawOp op) => Current.Ops.Add(op);

    public static float LineHeight(TextStyle style) => style.Size * TextShaper.LineSpacing;

    /// <summary>The baseline of a line whose box starts at <paramref name="top"/>.</summary>
    public static float Baseline(TextStyle style, float top) =>
        top + ((LineHeight(style) - ((TextShaper.Ascent + TextShaper.Descent) * style.Size)) / 2) + (TextShaper.Ascent * style.Size);

    /// <summary>Draws one shaped line in a box of <paramref name="width"/> starting at (<paramref name="x"/>, <paramref name="top"/>).</summary>
    public void Line(ShapedLine line, float x, float top, SKColor color, Align align = Align.Left, float width = 0)
    {
        if (line.IsEmpty)
        {
            return;
        }

        var dx = align switch
        {
            Align.Center => (width - line.Width) / 2,
            Align.Right => width - line.Width,
            _ => 0,
        };
        Add(new TextOp(line, x + dx, Baseline(line.Style, top), color));
    }

    /// <summary>Draws one line of text (cut with "…" when wider than <paramref name="width"/>, if given); returns its width.</summary>
    public float Text(string text, TextStyle style, float x, float top, SKColor color, Align align = Align.Left, float width = 0)
    {
        var fitted = width > 0 ? Shaper.Fit(text, style, width) : text;
        var line = Shaper.Shape(fitted, style);
        Line(line, x, top, color, align, width);
        return line.Width;
    }

    /// <summary>The height of <paramref name="text"/> wrapped to <paramref name="width"/>.</summary>
    public float MeasureParagraph(string text, TextStyle style, float width, int maxLines = int.MaxValue) =>
        Shaper.Wrap(text, style, width, maxLines).Count * LineHeight(style);

    /// <summary>Draws <paramref name="text"/> wrapped to <paramref name="width"/> at a fixed position; returns its height.</summary>
    public float Paragraph(
        string text, TextStyle style, float x, float top, float width, SKColor color, Align align = Align.Left, int maxLines = int.MaxValue)
    {
        var lines = Shaper.Wrap(text, style, width, maxLines);
        var y = top;
        foreach (var line in lines)
        {
            Line(line, x, y, color, align, width);
            y += LineHeight(style);
        }

        return y - top;
    }

    /// <summary>Draws a paragraph at the cursor, line by line across page breaks, and moves the cursor below it.</summary>
    public void FlowParagraph(string text, TextStyle style, SKColor color, float indent = 0, float after = 0)
    {
        foreach (var line in Shaper.Wrap(text, style, Width - indent))
        {
            EnsureSpace(LineHeight(style));
            Line(line, Left + indent, Y, color);
            Y += LineHeight(style);
        }

        Y += after;
    }

    public void Fill(SKRect rect, SKColor color, float radius = 0) => Add(new FillOp(rect, color, radius));

    public void Stroke(SKRect rect, SKColor color, float width, float radius = 0) => Add(new StrokeOp(rect, color, width, radius));

    public void Rule(float x1, float y1, float x2, float y2, SKColor color, float width = 0.5f, bool dashed = false) =>
        Add(new LineOp(new SKPoint(x1, y1), new SKPoint(x2, y2), color, width, dashed));
}
