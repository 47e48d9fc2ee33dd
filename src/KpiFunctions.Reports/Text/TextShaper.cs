using System.Globalization;
using System.Text;
using SkiaSharp;

namespace KpiFunctions.Reports.Text;

/// <summary>A font size and weight.</summary>
internal readonly record struct TextStyle(float Size, bool Bold = false);

/// <summary>
/// Glyphs of one font, shaped by HarfBuzz, with the UTF-8 text and the clusters that tie glyphs to it: a PDF viewer
/// reads the text back from them (Thai marks included) instead of guessing from glyph ids.
/// </summary>
internal sealed class GlyphRun
{
    public required FontFile Font { get; init; }

    /// <summary>True for bold text drawn with a font that has no bold face (CJK).</summary>
    public required bool FakeBold { get; init; }

    public required float Size { get; init; }

    /// <summary>Glyph ids of the full source font.</summary>
    public required ushort[] Glyphs { get; init; }

    /// <summary>Glyph origins relative to the line's start on the baseline.</summary>
    public required SKPoint[] Positions { get; init; }

    public required byte[] Utf8 { get; init; }

    public required uint[] Clusters { get; init; }

    public required string Text { get; init; }
}

/// <summary>One line of shaped text, possibly mixing fonts.</summary>
internal sealed class ShapedLine
{
    public required string Text { get; init; }

    public required TextStyle Style { get; init; }

    public required GlyphRun[] Runs { get; init; }

    public required float Width { get; init; }

    public bool IsEmpty => Runs.Length == 0;
}

/// <summary>
/// Shapes, measures and wraps text for one document: splits it into runs by the font fallback chain (per grapheme),
/// shapes each run with HarfBuzz and caches the result. Not thread-safe: one per render.
/// </summary>
internal sealed class TextShaper
{
    private const string Ellipsis = "…";
    private readonly Dictionary<(string Text, float Size, bool Bold), ShapedLine> _cache = [];

    /// <summary>The distance from the top of a line to its baseline, per unit of font size (Noto Sans' ascender).</summary>
    public const float Ascent = 1.069f;

    /// <summary>The distance below the baseline that descenders reach, per unit of font size.</summary>
    public const float Descent = 0.293f;

    /// <summary>Line height per unit of font size: room for Thai marks above and below.</summary>
    public const float LineSpacing = 1.42f;

    public ShapedLine Shape(string text, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = (text, style.Size, style.Bold);
        if (!_cache.TryGetValue(key, out var line))
        {
            line = ShapeUncached(text, style);
            _cache[key] = line;
        }

        return line;
    }

    public float Measure(string text, TextStyle style) => Shape(text, style).Width;

    /// <summary>
    /// Breaks <paramref name="text"/> into lines no wider than <paramref name="width"/> (explicit line feeds too); at most
    /// <paramref name="maxLines"/>, the last ending in "…" when text was left out.
    /// </summary>
    public List<ShapedLine> Wrap(string text, TextStyle style, float width, int maxLines = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            WrapParagraph(paragraph, style, width, lines);
        }

        if (lines.Count > maxLines)
        {
            lines.RemoveRange(maxLines, lines.Count - maxLines);
            lines[^1] = WithEllipsis(lines[^1], style, width);
        }

        return [.. lines.Select(l => Shape(l, style))];
    }

    /// <summary>The text cut (between graphemes) and ended with "…" so that it fits <paramref name="width"/>.</summary>
    public string Fit(string text, TextStyle style, float width) =>
        Measure(text, style) <= width ? text : WithEllipsis(text, style, width);

    private string WithEllipsis(string line, TextStyle style, float width)
    {
        var graphemes = Graphemes(line.TrimEnd());
        for (var n = graphemes.Count; n > 0; n--)
        {
            var candidate = string.Concat(graphemes.Take(n)).TrimEnd() + Ellipsis;
            if (Measure(candidate, style) <= width)
            {
                return candidate;
            }
        }

        return Ellipsis;
    }

    private void WrapParagraph(string paragraph, TextStyle style, float width, List<string> lines)
    {
        var breaks = LineBreaker.Opportunities(paragraph);
        var current = new StringBuilder();
        var currentWidth = 0f;
        var start = 0;
        foreach (var end in breaks.Append(paragraph.Length))
        {
            var segment = paragraph[start..end];
            start = end;
            var visible = Measure(segment.TrimEnd(), style);
            if (current.Length > 0 && currentWidth + visible > width)
            {
                lines.Add(current.ToString().TrimEnd());
                current.Clear();
                currentWidth = 0;
            }

            if (current.Length == 0 && visible > width)
            {
                // A word wider than the line: break it between graphemes.
                var piece = new StringBuilder();
                foreach (var g in Graphemes(segment))
                {
                    if (piece.Length > 0 && Measure((piece + g).TrimEnd(), style) > width)
                    {
                        lines.Add(piece.ToString().TrimEnd());
                        piece.Clear();
                    }

                    piece.Append(g);
                }

                segment = piece.ToString();
            }

            current.Append(segment);
            currentWidth += Measure(segment, style);
        }

        if (current.Length > 0 || lines.Count == 0)
        {
            lines.Add(current.ToString().TrimEnd());
        }
    }

    private static List<string> Graphemes(string text)
    {
        var result = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            result.Add((string)e.Current);
        }

        return result;
    }

    private static ShapedLine ShapeUncached(string text, TextStyle style)
    {
        var chain = FontLibrary.Chain(style.Bold);
        text = Printable(text, chain);
        var runs = new List<GlyphRun>();
        var pen = 0f;
        foreach (var (start, length, font) in Itemize(text, chain))
        {
            var run = ShapeRun(text.Substring(start, length), font, style, pen);
            runs.Add(run.Run);
            pen = run.End;
        }

        return new ShapedLine { Text = text, Style = style, Runs = [.. runs], Width = pen };
    }

    /// <summary>
    /// The text without what no shipped font can draw (emoji in a post, say), which would otherwise print as empty
    /// boxes; control characters become spaces.
    /// </summary>
    private static string Printable(string text, FontFile[] chain)
    {
        var simple = true;
        foreach (var c in text)
        {
            if (c >= '\u2000' || char.IsControl(c))
            {
                simple = false;
                break;
            }
        }

        if (simple)
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length);
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            var element = (string)e.Current;
            if (element.Any(char.IsControl))
            {
                result.Append(' ');
            }
            else if (IsWhitespace(element) || chain.Any(f => Covers(FontLibrary.Get(f), element)))
            {
                result.Append(element);
            }
        }

        return result.ToString();
    }

    /// <summary>Splits text into runs of one font: per grapheme, the first font of the chain that has all its characters.</summary>
    private static List<(int Start, int Length, FontFile Font)> Itemize(string text, FontFile[] chain)
    {
        var runs = new List<(int, int, FontFile)>();
        FontFile? runFont = null;
        var runStart = 0;
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            var element = (string)e.Current;
            var index = e.ElementIndex;

            // Spaces stay in the current run when its font has them, so words are shaped together.
            if (runFont is { } current && IsWhitespace(element) && Covers(FontLibrary.Get(current), element))
            {
                continue;
            }

            var font = Pick(chain, element);
            if (runFont is null)
            {
                runFont = font;
            }
            else if (font != runFont)
            {
                runs.Add((runStart, index - runStart, runFont.Value));
                runStart = index;
                runFont = font;
            }
        }

        if (runFont is { } last && runStart < text.Length)
        {
            runs.Add((runStart, text.Length - runStart, last));
        }

        return runs;
    }

    private static FontFile Pick(FontFile[] chain, string element)
    {
        foreach (var file in chain)
        {
            if (Covers(FontLibrary.Get(file), element))
            {
                return file;
            }
        }

        return chain[0];
    }

    private static bool Covers(FontSource font, string element)
    {
        foreach (var rune in element.EnumerateRunes())
        {
            if (!IsIgnorable(rune.Value) && !font.Covers(rune.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIgnorable(int cp) =>
        cp is 0x200B or 0x200C or 0x200D or 0x2060 or 0xFEFF || cp is >= 0xFE00 and <= 0xFE0F;

    private static bool IsWhitespace(string element) => element.All(char.IsWhiteSpace);

    private static (GlyphRun Run, float End) ShapeRun(string text, FontFile file, TextStyle style, float pen)
    {
        var source = FontLibrary.Get(file);
        var utf8 = Encoding.UTF8.GetBytes(text);
        using var buffer = new HarfBuzzSharp.Buffer();
        buffer.AddUtf8(utf8);
        buffer.GuessSegmentProperties();
        source.Font.Shape(buffer);
        var infos = buffer.GetGlyphInfoSpan();
        var positions = buffer.GetGlyphPositionSpan();
        var scale = style.Size / source.UnitsPerEm;
        var glyphs = new ushort[infos.Length];
        var points = new SKPoint[infos.Length];
        var clusters = new uint[infos.Length];
        var x = pen;
        for (var i = 0; i < infos.Length; i++)
        {
            glyphs[i] = (ushort)infos[i].Codepoint;
            clusters[i] = infos[i].Cluster;
            points[i] = new SKPoint(x + (positions[i].XOffset * scale), -positions[i].YOffset * scale);
            x += positions[i].XAdvance * scale;
        }

        var run = new GlyphRun
        {
            Font = file,
            // Never emboldened: Skia's PDF backend draws faux-bold glyphs as outlines (a CJK report grew from 70 KB to
            // 560 KB); bold CJK has its own font, and the few characters it lacks stay regular.
            FakeBold = false,
            Size = style.Size,
            Glyphs = glyphs,
            Positions = points,
            Utf8 = utf8,
            Clusters = clusters,
            Text = text,
        };
        return (run, x);
    }
}
