using System.Diagnostics;
using System.Text;

namespace KpiFunctions.Reports.Tests;

/// <summary>Runs poppler-utils (Debian's <c>poppler-utils</c>) on PDF files and returns what they print.</summary>
internal static class Poppler
{
    /// <summary>The text of <paramref name="pdf"/> (or of one page), in physical layout, as <c>pdftotext -layout</c> extracts it.</summary>
    public static string Text(string pdf, int? page = null)
    {
        List<string> args = ["-layout", "-enc", "UTF-8"];
        if (page is { } p)
        {
            args.AddRange(["-f", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", p.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return Run("pdftotext", [.. args, pdf, "-"]);
    }

    /// <summary>The rows of <c>pdffonts</c>: name, type and the emb/sub/uni flags.</summary>
    public static List<FontRow> Fonts(string pdf)
    {
        var lines = Run("pdffonts", [pdf]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = new List<FontRow>();
        foreach (var line in lines.Skip(2))
        {
            // name, type (1-3 words), encoding, emb, sub, uni, object, id
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var n = parts.Length;
            rows.Add(new FontRow(parts[0], string.Join(' ', parts[1..(n - 6)]), parts[n - 5] == "yes", parts[n - 4] == "yes", parts[n - 3] == "yes"));
        }

        return rows;
    }

    public static int PageCount(string pdf)
    {
        var info = Run("pdfinfo", [pdf]);
        var line = info.Split('\n').First(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Renders every page to PNG at <paramref name="dpi"/> and returns the files in page order.</summary>
    public static List<string> Png(string pdf, int dpi)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdf)!, Path.GetFileNameWithoutExtension(pdf) + "-" + dpi.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Run("pdftoppm", ["-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", pdf, prefix]);
        return [.. Directory.GetFiles(Path.GetDirectoryName(pdf)!, Path.GetFileName(prefix) + "-*.png")
            .OrderBy(f => int.Parse(f[(f.LastIndexOf('-') + 1)..^4], System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static string Run(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{tool} did not finish in 60 s.");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error.Result} (install Debian's poppler-utils)");
    }
}

/// <summary>One font of a PDF as <c>pdffonts</c> lists it.</summary>
internal sealed record FontRow(string Name, string Type, bool Embedded, bool Subset, bool Unicode);
