using System.Collections.Concurrent;
using HarfBuzzSharp;

namespace KpiFunctions.Reports.Text;

/// <summary>The shipped font files, one per weight and script.</summary>
internal enum FontFile
{
    Sans,
    SansBold,
    Thai,
    ThaiBold,
    Cjk,
    CjkBold,
}

/// <summary>
/// One shipped font, opened once per process: a HarfBuzz face for shaping, cmap look-ups and subsetting. HarfBuzz
/// faces and fonts are immutable once set up, so every render shares them across threads.
/// </summary>
internal sealed class FontSource
{
    private readonly ConcurrentDictionary<int, bool> _covers = new();

    public FontSource(FontFile file, string path)
    {
        File = file;
        Path = path;
        Blob = Blob.FromFile(path);
        Blob.MakeImmutable();
        Face = new Face(Blob, 0);
        Face.MakeImmutable();
        UnitsPerEm = Face.UnitsPerEm;
        Font = new Font(Face);
        Font.SetScale(UnitsPerEm, UnitsPerEm);
        _subsetFace = new Lazy<nint>(() => FontSubsetter.Preprocess(Face.Handle), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public FontFile File { get; }

    public string Path { get; }

    public Blob Blob { get; }

    public Face Face { get; }

    public Font Font { get; }

    public int UnitsPerEm { get; }

    /// <summary>
    /// The face that subsetting reads: prepared once by <c>hb_subset_preprocess</c>, so that each document's subset
    /// does not parse the whole cmap and glyph tables again (2.7 ms down to well under 1 ms for the CJK font).
    /// </summary>
    public nint SubsetFace => _subsetFace.Value;

    private readonly Lazy<nint> _subsetFace;

    /// <summary>Serialises subsetting of this face: cheap next to rendering, and it keeps HarfBuzz's lazy tables simple.</summary>
    public Lock SubsetLock { get; } = new();

    /// <summary>True when the font maps <paramref name="codepoint"/> to a glyph of its own.</summary>
    public bool Covers(int codepoint) =>
        _covers.GetOrAdd(codepoint, static (cp, font) => font.TryGetNominalGlyph(cp, out var g) && g != 0, Font);
}

/// <summary>The process-wide set of shipped fonts, loaded from the app folder on first use (never from the system).</summary>
internal static class FontLibrary
{
    private static readonly Lazy<FontSource[]> Sources = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder the fonts are read from: <c>Fonts/</c> beside the app's assemblies.</summary>
    public static string Folder { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Fonts");

    public static FontSource Get(FontFile file) => Sources.Value[(int)file];

    /// <summary>
    /// The fallback chain: Latin (also Greek, Cyrillic, Turkish and Nordic letters), then Thai, then CJK. The CJK bold
    /// font holds GB2312's characters only: any other character of bold text falls back to the regular CJK font.
    /// </summary>
    public static FontFile[] Chain(bool bold) => bold
        ? [FontFile.SansBold, FontFile.ThaiBold, FontFile.CjkBold, FontFile.Cjk]
        : [FontFile.Sans, FontFile.Thai, FontFile.Cjk];

    private static FontSource[] Load()
    {
        (FontFile File, string Name)[] files =
        [
            (FontFile.Sans, "NotoSans-Regular.ttf"),
            (FontFile.SansBold, "NotoSans-Bold.ttf"),
            (FontFile.Thai, "NotoSansThai-Regular.ttf"),
            (FontFile.ThaiBold, "NotoSansThai-Bold.ttf"),
            (FontFile.Cjk, "DroidSansFallbackFull.ttf"),
            (FontFile.CjkBold, "NotoSansSC-Bold-Subset.ttf"),
        ];
        return [.. files.Select(f =>
        {
            var path = System.IO.Path.Combine(Folder, f.Name);
            if (!System.IO.File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The report font {f.Name} is missing from {Folder}; it ships with KpiFunctions.Reports (Fonts/*.ttf).", path);
            }

            return new FontSource(f.File, path);
        })];
    }
}
