using KpiFunctions.Reports.Layout;
using KpiFunctions.Reports.Text;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf;

/// <summary>The PDF's document information.</summary>
internal sealed record PdfInfo(string Title, string Author, string Subject, DateTimeOffset Created);

/// <summary>
/// Writes laid-out pages as a PDF with Skia: subsets every font to the glyphs the document uses (hb-subset), then
/// draws text as blobs that carry the UTF-8 text and the clusters, so every character can be extracted again.
/// </summary>
internal static class PdfWriter
{
    public static byte[] Write(IReadOnlyList<Page> pages, PdfInfo info)
    {
        var fonts = SubsetFonts(pages);
        try
        {
            using var stream = new MemoryStream(256 * 1024);
            var metadata = new SKDocumentPdfMetadata
            {
                Title = info.Title,
                Author = info.Author,
                Subject = info.Subject,
                Creator = "KpiFunctions",
                Producer = "KpiFunctions (SkiaSharp)",
                Creation = info.Created.UtcDateTime,
                Modified = info.Created.UtcDateTime,
                RasterDpi = 300,
                EncodingQuality = 101,
            };
            using (var document = SKDocument.CreatePdf(stream, metadata))
            {
                using var painter = new Painter(fonts);
                foreach (var page in pages)
                {
                    var canvas = document.BeginPage(PageFlow.PageWidth, PageFlow.PageHeight);
                    foreach (var op in page.Ops)
                    {
                        painter.Draw(canvas, op);
                    }

                    document.EndPage();
                }

                document.Close();
            }

            return stream.ToArray();
        }
        finally
        {
            foreach (var font in fonts.Values)
            {
                font.Typeface.Dispose();
            }
        }
    }

    private sealed record SubsetFont(SKTypeface Typeface, Dictionary<ushort, ushort> GlyphMap);

    private static Dictionary<FontFile, SubsetFont> SubsetFonts(IReadOnlyList<Page> pages)
    {
        var used = new Dictionary<FontFile, (HashSet<uint> Codepoints, HashSet<ushort> Glyphs)>();
        foreach (var op in pages.SelectMany(p => p.Ops).OfType<TextOp>())
        {
            foreach (var run in op.Line.Runs)
            {
                if (!used.TryGetValue(run.Font, out var set))
                {
                    set = ([], []);
                    used[run.Font] = set;
                }

                set.Glyphs.UnionWith(run.Glyphs);
                foreach (var rune in run.Text.EnumerateRunes())
                {
                    set.Codepoints.Add((uint)rune.Value);
                }
            }
        }

        var result = new Dictionary<FontFile, SubsetFont>();
        foreach (var (file, set) in used)
        {
            var subset = FontSubsetter.Subset(FontLibrary.Get(file), set.Codepoints, set.Glyphs);
            using var data = SKData.CreateCopy(subset.Data);
            var typeface = SKTypeface.FromData(data)
                ?? throw new InvalidOperationException($"Skia could not load the subset of {file}.");
            result[file] = new SubsetFont(typeface, subset.GlyphMap);
        }

        return result;
    }

    /// <summary>Draws operations on a page canvas, reusing paints, fonts and decoded images for the whole document.</summary>
    private sealed class Painter(Dictionary<FontFile, SubsetFont> fonts) : IDisposable
    {
        private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
        private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke };
        private readonly SKPathEffect _dash = SKPathEffect.CreateDash([2f, 2f], 0);
        private readonly Dictionary<(FontFile, float, bool), SKFont> _fonts = [];
        private readonly Dictionary<byte[], SKImage?> _images = new(ReferenceEqualityComparer.Instance);

        public void Draw(SKCanvas canvas, DrawOp op)
        {
            switch (op)
            {
                case TextOp text:
                    DrawText(canvas, text);
                    break;
                case FillOp fill:
                    _fill.Color = fill.Color;
                    if (fill.Radius > 0)
                    {
                        canvas.DrawRoundRect(fill.Rect, fill.Radius, fill.Radius, _fill);
                    }
                    else
                    {
                        canvas.DrawRect(fill.Rect, _fill);
                    }

                    break;
                case StrokeOp stroke:
                    _stroke.Color = stroke.Color;
                    _stroke.StrokeWidth = stroke.Width;
                    _stroke.PathEffect = null;
                    canvas.DrawRoundRect(stroke.Rect, stroke.Radius, stroke.Radius, _stroke);
                    break;
                case LineOp line:
                    _stroke.Color = line.Color;
                    _stroke.StrokeWidth = line.Width;
                    _stroke.PathEffect = line.Dashed ? _dash : null;
                    canvas.DrawLine(line.From, line.To, _stroke);
                    break;
                case PolylineOp polyline:
                    using (var path = new SKPath())
                    {
                        path.AddPoly(polyline.Points, close: false);
                        _stroke.Color = polyline.Color;
                        _stroke.StrokeWidth = polyline.Width;
                        _stroke.PathEffect = polyline.Dashed ? _dash : null;
                        _stroke.StrokeJoin = SKStrokeJoin.Round;
                        canvas.DrawPath(path, _stroke);
                        _stroke.StrokeJoin = SKStrokeJoin.Miter;
                    }

                    break;
                case PolygonOp polygon:
                    using (var path = new SKPath())
                    {
                        path.AddPoly(polygon.Points, close: true);
                        _fill.Color = polygon.Color;
                        canvas.DrawPath(path, _fill);
                    }

                    break;
                case ImageOp image:
                    DrawImage(canvas, image);
                    break;
                case ChartOp chart:
                    canvas.Save();
                    canvas.ClipRect(chart.Rect);
                    chart.Draw(canvas, chart.Rect);
                    canvas.Restore();
                    break;
            }
        }

        private void DrawText(SKCanvas canvas, TextOp op)
        {
            using var builder = new SKTextBlobBuilder();
            foreach (var run in op.Line.Runs)
            {
                if (run.Glyphs.Length == 0)
                {
                    continue;
                }

                var subset = fonts[run.Font];
                var font = Font(run, subset.Typeface);
                var buffer = builder.AllocatePositionedTextRun(font, run.Glyphs.Length, run.Utf8.Length, null);
                var glyphs = buffer.Glyphs;
                for (var i = 0; i < run.Glyphs.Length; i++)
                {
                    glyphs[i] = subset.GlyphMap[run.Glyphs[i]];
                }

                buffer.SetPositions(run.Positions);
                buffer.SetText(run.Utf8);
                buffer.SetClusters(run.Clusters);
            }

            using var blob = builder.Build();
            if (blob is null)
            {
                return;
            }

            _fill.Color = op.Color;
            canvas.DrawText(blob, op.X, op.Baseline, _fill);
        }

        private SKFont Font(GlyphRun run, SKTypeface typeface)
        {
            var key = (run.Font, run.Size, run.FakeBold);
            if (!_fonts.TryGetValue(key, out var font))
            {
                font = new SKFont(typeface, run.Size)
                {
                    Subpixel = true,
                    LinearMetrics = true,
                    Hinting = SKFontHinting.None,
                    Embolden = run.FakeBold,
                };
                _fonts[key] = font;
            }

            return font;
        }

        private void DrawImage(SKCanvas canvas, ImageOp op)
        {
            if (!_images.TryGetValue(op.Png, out var image))
            {
                image = SKImage.FromEncodedData(op.Png);
                _images[op.Png] = image;
            }

            if (image is null)
            {
                return;
            }

            canvas.DrawImage(image, op.Rect, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        }

        public void Dispose()
        {
            _fill.Dispose();
            _stroke.Dispose();
            _dash.Dispose();
            foreach (var font in _fonts.Values)
            {
                font.Dispose();
            }

            foreach (var image in _images.Values)
            {
                image?.Dispose();
            }
        }
    }
}
