using System.Runtime.InteropServices;

namespace KpiFunctions.Reports.Text;

/// <summary>
/// Cuts a shipped font down to the glyphs one document uses, with the <c>hb_subset_*</c> functions that
/// <c>libHarfBuzzSharp.so</c> exports. Skia embeds whole font files, so without this a CJK report weighs megabytes.
/// </summary>
internal static partial class FontSubsetter
{
    private const string Library = "libHarfBuzzSharp";

    // hb_subset_flags_t
    private const uint NoHinting = 0x1;
    private const uint NoLayoutClosure = 0x200;

    // hb_subset_sets_t
    private const int DropTableTagSet = 3;

    /// <summary>A subset font and, for each glyph id of the source font, its id in the subset.</summary>
    public sealed record Result(byte[] Data, Dictionary<ushort, ushort> GlyphMap);

    /// <summary>
    /// Subsets <paramref name="source"/> to <paramref name="glyphs"/> (ids in the source font, as shaped) and maps
    /// <paramref name="codepoints"/> in its cmap, so text extraction finds the characters. The layout tables are
    /// dropped: text is shaped with the source font and only drawn with the subset.
    /// </summary>
    public static Result Subset(FontSource source, IReadOnlyCollection<uint> codepoints, IReadOnlyCollection<ushort> glyphs)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (source.SubsetLock)
        {
            var input = hb_subset_input_create_or_fail();
            if (input == 0)
            {
                throw new InvalidOperationException("hb_subset_input_create_or_fail failed.");
            }

            nint plan = 0, face = 0, blob = 0;
            try
            {
                var unicodes = hb_subset_input_unicode_set(input);
                foreach (var cp in codepoints)
                {
                    hb_set_add(unicodes, cp);
                }

                var glyphSet = hb_subset_input_glyph_set(input);
                hb_set_add(glyphSet, 0); // .notdef
                foreach (var g in glyphs)
                {
                    hb_set_add(glyphSet, g);
                }

                var drop = hb_subset_input_set(input, DropTableTagSet);
                foreach (var tag in (ReadOnlySpan<string>)["GSUB", "GPOS", "GDEF", "morx", "kern", "DSIG", "vhea", "vmtx", "VORG"])
                {
                    hb_set_add(drop, Tag(tag));
                }

                hb_subset_input_set_flags(input, NoHinting | NoLayoutClosure);
                plan = hb_subset_plan_create_or_fail(source.SubsetFace, input);
                if (plan == 0)
                {
                    throw new InvalidOperationException($"hb_subset_plan_create_or_fail failed for {source.Path}.");
                }

                face = hb_subset_plan_execute_or_fail(plan);
                if (face == 0)
                {
                    throw new InvalidOperationException($"hb_subset_plan_execute_or_fail failed for {source.Path}.");
                }

                var oldToNew = hb_subset_plan_old_to_new_glyph_mapping(plan);
                var map = new Dictionary<ushort, ushort>(glyphs.Count);
                foreach (var g in glyphs)
                {
                    var mapped = hb_map_get(oldToNew, g);
                    map[g] = mapped == uint.MaxValue ? (ushort)0 : (ushort)mapped;
                }

                blob = hb_face_reference_blob(face);
                var data = hb_blob_get_data(blob, out var length);
                var bytes = new byte[length];
                Marshal.Copy(data, bytes, 0, (int)length);
                return new Result(bytes, map);
            }
            finally
            {
                if (blob != 0)
                {
                    hb_blob_destroy(blob);
                }

                if (face != 0)
                {
                    hb_face_destroy(face);
                }

                if (plan != 0)
                {
                    hb_subset_plan_destroy(plan);
                }

                hb_subset_input_destroy(input);
            }
        }
    }

    /// <summary>A copy of <paramref name="face"/> with the subsetter's look-up tables built once; lives as long as the process.</summary>
    public static nint Preprocess(nint face)
    {
        var prepared = hb_subset_preprocess(face);
        return prepared != 0 ? prepared : face;
    }

    private static uint Tag(string tag) =>
        ((uint)tag[0] << 24) | ((uint)tag[1] << 16) | ((uint)tag[2] << 8) | tag[3];

    [LibraryImport(Library)]
    private static partial nint hb_subset_preprocess(nint face);

    [LibraryImport(Library)]
    private static partial nint hb_subset_input_create_or_fail();

    [LibraryImport(Library)]
    private static partial void hb_subset_input_destroy(nint input);

    [LibraryImport(Library)]
    private static partial nint hb_subset_input_unicode_set(nint input);

    [LibraryImport(Library)]
    private static partial nint hb_subset_input_glyph_set(nint input);

    [LibraryImport(Library)]
    private static partial nint hb_subset_input_set(nint input, int setType);

    [LibraryImport(Library)]
    private static partial void hb_subset_input_set_flags(nint input, uint flags);

    [LibraryImport(Library)]
    private static partial void hb_set_add(nint set, uint codepoint);

    [LibraryImport(Library)]
    private static partial nint hb_subset_plan_create_or_fail(nint face, nint input);

    [LibraryImport(Library)]
    private static partial nint hb_subset_plan_execute_or_fail(nint plan);

    [LibraryImport(Library)]
    private static partial nint hb_subset_plan_old_to_new_glyph_mapping(nint plan);

    [LibraryImport(Library)]
    private static partial void hb_subset_plan_destroy(nint plan);

    [LibraryImport(Library)]
    private static partial uint hb_map_get(nint map, uint key);

    [LibraryImport(Library)]
    private static partial nint hb_face_reference_blob(nint face);

    [LibraryImport(Library)]
    private static partial void hb_face_destroy(nint face);

    [LibraryImport(Library)]
    private static partial nint hb_blob_get_data(nint blob, out uint length);

    [LibraryImport(Library)]
    private static partial void hb_blob_destroy(nint blob);
}
