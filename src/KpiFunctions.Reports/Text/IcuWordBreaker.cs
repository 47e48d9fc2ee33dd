using System.Runtime.InteropServices;

namespace KpiFunctions.Reports.Text;

/// <summary>
/// Word boundaries in Thai text, which has no spaces between words, from ICU's dictionary-based break iterator: the
/// same ICU that .NET's globalization loads on Linux. When ICU cannot be found, <see cref="IsAvailable"/> is false
/// and long Thai words break between grapheme clusters instead.
/// </summary>
internal static unsafe class IcuWordBreaker
{
    private const int UbrkWord = 1;
    private const int UbrkDone = -1;

    private static readonly delegate* unmanaged<int, byte*, char*, int, int*, nint> Open;
    private static readonly delegate* unmanaged<nint, int> First;
    private static readonly delegate* unmanaged<nint, int> Next;
    private static readonly delegate* unmanaged<nint, void> Close;

#pragma warning disable CA1810 // the function pointers are found together, so one static constructor reads best
    static IcuWordBreaker()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        // Debian 12 ships libicuuc.so.72; other distributions and images have other versions, with versioned symbols.
        for (var version = 90; version >= 50; version--)
        {
            if (!NativeLibrary.TryLoad($"libicuuc.so.{version}", out var lib))
            {
                continue;
            }

            var suffix = $"_{version}";
            if (TryGet(lib, "ubrk_open", suffix, out var open) && TryGet(lib, "ubrk_first", suffix, out var first) &&
                TryGet(lib, "ubrk_next", suffix, out var next) && TryGet(lib, "ubrk_close", suffix, out var close))
            {
                Open = (delegate* unmanaged<int, byte*, char*, int, int*, nint>)open;
                First = (delegate* unmanaged<nint, int>)first;
                Next = (delegate* unmanaged<nint, int>)next;
                Close = (delegate* unmanaged<nint, void>)close;
                IsAvailable = true;
            }

            return;
        }
    }

    public static bool IsAvailable { get; }

    /// <summary>The offsets inside <paramref name="text"/> (neither 0 nor its length) where a word starts.</summary>
    public static List<int> Boundaries(ReadOnlySpan<char> text)
    {
        var result = new List<int>();
        if (!IsAvailable || text.IsEmpty)
        {
            return result;
        }

        var status = 0;
        ReadOnlySpan<byte> locale = "th\0"u8;
        fixed (char* chars = text)
        fixed (byte* loc = locale)
        {
            var iterator = Open(UbrkWord, loc, chars, text.Length, &status);
            if (iterator == 0 || status > 0)
            {
                return result;
            }

            try
            {
                First(iterator);
                for (var b = Next(iterator); b != UbrkDone; b = Next(iterator))
                {
                    if (b > 0 && b < text.Length)
                    {
                        result.Add(b);
                    }
                }
            }
            finally
            {
                Close(iterator);
            }
        }

        return result;
    }

    private static bool TryGet(nint lib, string name, string suffix, out nint address) =>
        NativeLibrary.TryGetExport(lib, name + suffix, out address) || NativeLibrary.TryGetExport(lib, name, out address);
}
