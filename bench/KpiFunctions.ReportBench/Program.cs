using System.Diagnostics;
using System.Text.RegularExpressions;
using KpiFunctions.Reports;

// Renders the typical ~6-page report (SampleReports.Typical) warm, in English and in Chinese (CJK fonts), and
// prints the same report from HTML with headless Chromium in the same run. Prints figures; asserts nothing.
const int Warmup = 20;
var runs = args.Contains("--quick") ? 20 : 200;
const int ChromiumRuns = 10;
// Usage: KpiFunctions.ReportBench [chromium path] [--save DIR: also write the PDFs, to look at them]
var chromium = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && File.Exists(a)) ?? "/usr/bin/chromium";
var saveIndex = Array.IndexOf(args, "--save");
var saveTo = saveIndex >= 0 && saveIndex + 1 < args.Length ? Directory.CreateDirectory(args[saveIndex + 1]).FullName : null;

Console.WriteLine($"KpiFunctions report benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("Typical report (SampleReports.Typical), rendered in-process with SkiaSharp + HarfBuzz + ScottPlot, warm:");
var skia = new Dictionary<string, (double P50, double P95, int Bytes, int Pages)>();
foreach (var locale in (string[])["en-GB", "zh-CN", "th-TH"])
{
    var document = SampleReports.Typical(locale);
    byte[] pdf = [];
    for (var i = 0; i < Warmup; i++)
    {
        pdf = ReportPdf.Render(document);
    }

    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        pdf = ReportPdf.Render(document);
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    skia[locale] = (Percentile(times, 50), Percentile(times, 95), pdf.Length, Pages(pdf));
    if (saveTo is not null)
    {
        await File.WriteAllBytesAsync(Path.Combine(saveTo, $"typical-{locale}.pdf"), pdf);
    }

    Console.WriteLine($"  {locale}  {skia[locale].Pages} pages  p50 {skia[locale].P50,6:F1} ms  p95 {skia[locale].P95,6:F1} ms  {pdf.Length / 1024.0,7:F0} KB  ({runs} runs)");
}

Console.WriteLine();
if (!File.Exists(chromium))
{
    Console.WriteLine($"Chromium not found at {chromium}: install Debian's chromium (./bench/run does) to compare.");
    return 0;
}

Console.WriteLine($"The same report as HTML, printed by headless Chromium (--print-to-pdf), {ChromiumRuns} runs each:");
var folder = Directory.CreateTempSubdirectory("kpi-report-bench");
foreach (var locale in (string[])["en-GB", "zh-CN"])
{
    var html = Path.Combine(folder.FullName, $"report-{locale}.html");
    var pdf = Path.Combine(folder.FullName, $"report-{locale}.pdf");
    await File.WriteAllTextAsync(html, ReportHtml.Render(SampleReports.Typical(locale)));
    var times = new List<double>();
    for (var i = 0; i < ChromiumRuns + 1; i++)
    {
        var watch = Stopwatch.StartNew();
        await PrintAsync(chromium, html, pdf, Path.Combine(folder.FullName, $"profile-{i}"));
        if (i > 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds); // the first run warms the disk cache
        }
    }

    var bytes = await File.ReadAllBytesAsync(pdf);
    if (saveTo is not null)
    {
        File.Copy(pdf, Path.Combine(saveTo, $"typical-{locale}-chromium.pdf"), overwrite: true);
    }

    var p95 = Percentile(times, 95);
    Console.WriteLine($"  {locale}  {Pages(bytes)} pages  p50 {Percentile(times, 50),6:F0} ms  p95 {p95,6:F0} ms  {bytes.Length / 1024.0,7:F0} KB" +
        $"   Skia is {Percentile(times, 50) / skia[locale].P50,5:F0}x faster (p50), {p95 / skia[locale].P95,5:F0}x (p95)");
}

folder.Delete(recursive: true);
return 0;

static async Task PrintAsync(string chromium, string html, string pdf, string profile)
{
    var start = new ProcessStartInfo(chromium)
    {
        ArgumentList =
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile}", "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(html).AbsoluteUri,
        },
        RedirectStandardError = true,
        RedirectStandardOutput = true,
    };
    using var process = Process.Start(start)!;
    await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
}

static int Pages(byte[] pdf) =>
    Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;

static double Percentile(List<double> values, int percent)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
