using KpiFunctions.Reports.Text;
using SkiaSharp;

namespace KpiFunctions.Reports.Layout;

/// <summary>
/// One drawing instruction of a laid-out page. Layout produces these first, so the page count ("n / N") and the
/// glyphs to subset are known before the PDF is written.
/// </summary>
internal abstract record DrawOp;

/// <summary>A line of shaped text with its baseline origin.</summary>
internal sealed record TextOp(ShapedLine Line, float X, float Baseline, SKColor Color) : DrawOp;

/// <summary>A filled rectangle, optionally with rounded corners.</summary>
internal sealed record FillOp(SKRect Rect, SKColor Color, float Radius = 0) : DrawOp;

/// <summary>A stroked rectangle outline.</summary>
internal sealed record StrokeOp(SKRect Rect, SKColor Color, float Width, float Radius = 0) : DrawOp;

/// <summary>A straight line.</summary>
internal sealed record LineOp(SKPoint From, SKPoint To, SKColor Color, float Width, bool Dashed = false) : DrawOp;

/// <summary>A stroked open line through points (sparklines).</summary>
internal sealed record PolylineOp(SKPoint[] Points, SKColor Color, float Width, bool Dashed = false) : DrawOp;

/// <summary>A filled polygon (arrows, markers).</summary>
internal sealed record PolygonOp(SKPoint[] Points, SKColor Color) : DrawOp;

/// <summary>A PNG image scaled into a rectangle.</summary>
internal sealed record ImageOp(byte[] Png, SKRect Rect) : DrawOp;

/// <summary>A vector chart drawn into a rectangle when the page is written.</summary>
internal sealed record ChartOp(Action<SKCanvas, SKRect> Draw, SKRect Rect) : DrawOp;

/// <summary>One page's drawing instructions.</summary>
internal sealed class Page
{
    public Page(int number) => Number = number;

    /// <summary>The 1-based page number.</summary>
    public int Number { get; }

    public List<DrawOp> Ops { get; } = [];
}
