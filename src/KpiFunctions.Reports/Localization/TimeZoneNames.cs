using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace KpiFunctions.Reports.Localization;

/// <summary>
/// Time zone names in the report's language, from ICU's date formatter (the ICU that .NET itself loads on Linux):
/// <see cref="TimeZoneInfo"/> names zones only in the process' UI culture. Null when ICU or the name is not there
/// (Windows, invariant globalization, a zone ICU has no name for); callers then print the zone's id.
/// </summary>
internal static unsafe class TimeZoneNames
{
    private const int UdatPattern = -2;

    private static readonly delegate* unmanaged<int, int, byte*, char*, int, char*, int, int*, nint> Open;
    private static readonly delegate* unmanaged<nint, double, char*, int, nint, int*, int> FormatDate;
    private static readonly delegate* unmanaged<nint, void> Close;
    private static readonly ConcurrentDictionary<(string, string, string, long), string?> Cache = new();

#pragma warning disable CA1810 // the function pointers are found together, so one static constructor reads best
    static TimeZoneNames()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Debian 12 ships libicui18n.so.72; other images have other versions, with versioned symbols (as IcuWordBreaker).
        for (var version = 90; version >= 50; version--)
        {
            if (!NativeLibrary.TryLoad($"libicui18n.so.{version}", out var lib))
            {
                continue;
            }

            var suffix = $"_{version}";
            if (NativeLibrary.TryGetExport(lib, "udat_open" + suffix, out var open) &&
                NativeLibrary.TryGetExport(lib, "udat_format" + suffix, out var format) &&
                NativeLibrary.TryGetExport(lib, "udat_close" + suffix, out var close))
            {
                Open = (delegate* unmanaged<int, int, byte*, char*, int, char*, int, int*, nint>)open;
                FormatDate = (delegate* unmanaged<nint, double, char*, int, nint, int*, int>)format;
                Close = (delegate* unmanaged<nint, void>)close;
            }

            return;
        }
    }

    /// <summary>The zone's city in <paramref name="locale"/>: "Stockholm", "斯德哥尔摩"; null when unknown.</summary>
    public static string? City(string locale, string zoneId) => Get(locale, zoneId, "VVV", DateTimeOffset.UnixEpoch);

    /// <summary>
    /// The name of the zone's time at <paramref name="instant"/>: "Central European Summer Time" in September,
    /// "centraleuropeisk normaltid" in a Swedish January; null when ICU has none.
    /// </summary>
    public static string? Name(string locale, string zoneId, DateTimeOffset instant) => Get(locale, zoneId, "zzzz", instant);

    private static string? Get(string locale, string zoneId, string pattern, DateTimeOffset instant) =>
        Open == null || string.IsNullOrEmpty(zoneId)
            ? null
            : Cache.GetOrAdd((locale, zoneId, pattern, instant.ToUnixTimeMilliseconds()), static key => Read(key.Item1, key.Item2, key.Item3, key.Item4));

    private static string? Read(string locale, string zoneId, string pattern, long milliseconds)
    {
        const int Capacity = 256;
        var buffer = stackalloc char[Capacity];
        var localeBytes = System.Text.Encoding.ASCII.GetBytes(locale.Replace('-', '_') + "\0");
        var status = 0;
        int length;
        fixed (byte* l = localeBytes)
        fixed (char* z = zoneId)
        fixed (char* p = pattern)
        {
            var format = Open(UdatPattern, UdatPattern, l, z, zoneId.Length, p, pattern.Length, &status);
            if (format == 0 || status > 0)
            {
                return null;
            }

            try
            {
                length = FormatDate(format, milliseconds, buffer, Capacity, 0, &status);
            }
            finally
            {
                Close(format);
            }
        }

        if (status > 0 || length <= 0 || length > Capacity)
        {
            return null;
        }

        var name = new string(buffer, 0, length);
        // Without a name ICU falls back on the offset ("GMT+02:00") or an unknown-city marker: not a name.
        return name.StartsWith("GMT", StringComparison.Ordinal) || name.StartsWith("UTC", StringComparison.Ordinal) ||
            name.Contains("Unknown", StringComparison.OrdinalIgnoreCase) ? null : name;
    }
}
