using System.Globalization;

namespace KpiFunctions.Kpis.Tests.Reporting;

/// <summary>IANA zones and literal instants for the schedule tests.</summary>
internal static class Zones
{
    public static TimeZoneInfo Zone(string ianaId) => TimeZoneInfo.FindSystemTimeZoneById(ianaId);

    public static TimeOnly T(string hhmm) => TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture);

    /// <summary>An instant written as <c>yyyy-MM-ddTHH:mm:ssZ</c> (seconds optional).</summary>
    public static DateTimeOffset Utc(string iso) =>
        DateTimeOffset.ParseExact(
            iso, ["yyyy-MM-ddTHH:mm'Z'", "yyyy-MM-ddTHH:mm:ss'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>A local wall-clock time written as <c>yyyy-MM-ddTHH:mm</c>.</summary>
    public static DateTime Local(string iso) =>
        DateTime.ParseExact(iso, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
