using System.Collections.Concurrent;

namespace KpiFunctions.Reports.Tests;

/// <summary>
/// Rendered reports shared by the tests of one run: each locale's typical report is rendered once and written to a
/// folder of this run, where poppler reads it.
/// </summary>
internal static class Reports
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Typical = new(StringComparer.Ordinal);

    public static string Folder { get; } = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "kpi-reports-tests", Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>The path of <see cref="SampleReports.Typical"/> for <paramref name="locale"/> as a PDF.</summary>
    public static string TypicalPdf(string locale) =>
        Typical.GetOrAdd(locale, l => new Lazy<string>(() => Write(ReportPdf.Render(SampleReports.Typical(l)), "typical-" + l))).Value;

    /// <summary>Writes <paramref name="pdf"/> to this run's folder as a new file.</summary>
    public static string Write(byte[] pdf, string name)
    {
        var path = Path.Combine(Folder, name + "-" + Guid.NewGuid().ToString("N")[..8] + ".pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    /// <summary>Collapses runs of spaces (pdftotext's layout padding and no-break spaces) to one space.</summary>
    public static string Normalize(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text.Replace('\u00A0', ' ').Replace('\u202F', ' '), "[ \t]+", " ");
}
