using SkiaSharp;

namespace KpiFunctions.Reports.Tests;

/// <summary>Looks at rendered pages as PNG (<c>pdftoppm -r 60</c>): nothing blank, charts drawn.</summary>
public sealed class ReportPdfPixelTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("th-TH")]
    [InlineData("zh-CN")]
    public void Render_Typical_NoPageIsBlank(string locale)
    {
        var pngs = Poppler.Png(Reports.TypicalPdf(locale), 60);

        Assert.True(pngs.Count >= 4);
        foreach (var png in pngs)
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.InRange(bitmap.Width, 494, 498);
            Assert.InRange(bitmap.Height, 700, 704);
            var inked = Count(bitmap, c => c.Red < 235 || c.Green < 235 || c.Blue < 235);
            Assert.True(inked > bitmap.Width * bitmap.Height / 100, $"{Path.GetFileName(png)} has only {inked} non-white pixels");
        }
    }

    [Fact]
    public void Render_TrendCharts_DrawTheirSeries()
    {
        var typical = SampleReports.Typical("en");
        var empty = typical with
        {
            Trends = [.. typical.Trends.Select(t => t with { Points = [.. t.Points.Select(p => p with { Value = null })] })],
        };

        var withSeries = NavyPixels(Reports.Write(ReportPdf.Render(typical), "charts"));
        var withoutSeries = NavyPixels(Reports.Write(ReportPdf.Render(empty), "charts-empty"));

        // Four charts of lines about 200 pt wide: well over a thousand more dark-blue pixels at 60 dpi.
        Assert.True(withSeries - withoutSeries > 1_000, $"{withSeries} vs {withoutSeries} brand-coloured pixels");
    }

    [Fact]
    public void Render_Cover_IsPaintedInTheBrandColours()
    {
        var pngs = Poppler.Png(Reports.TypicalPdf("en"), 60);
        using var cover = SKBitmap.Decode(pngs[0]);

        // The band's colour, #1F3A5F, in the top third; the accent, #F2994A, right under it.
        var band = cover.GetPixel(cover.Width - 20, cover.Height / 5);
        Assert.InRange(band.Red, 0x1A, 0x24);
        Assert.InRange(band.Green, 0x35, 0x3F);
        Assert.InRange(band.Blue, 0x5A, 0x64);
        Assert.True(Count(cover, IsAccent) > 1_000);
    }

    private static int NavyPixels(string pdf) =>
        Poppler.Png(pdf, 60).Sum(png =>
        {
            using var bitmap = SKBitmap.Decode(png);
            return Count(bitmap, c => c.Red < 0x60 && c.Green < 0x75 && c.Blue > 0x50 && c.Blue < 0xA0 && c.Blue > c.Red + 0x20);
        });

    private static bool IsAccent(SKColor c) => c.Red > 0xE0 && c.Green is > 0x88 and < 0xAA && c.Blue is > 0x38 and < 0x5C;

    private static int Count(SKBitmap bitmap, Func<SKColor, bool> predicate)
    {
        var n = 0;
        var pixels = bitmap.Pixels;
        foreach (var p in pixels)
        {
            if (predicate(p))
            {
                n++;
            }
        }

        return n;
    }
}
