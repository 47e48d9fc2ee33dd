using System.Globalization;
using KpiFunctions.Reports.Localization;

namespace KpiFunctions.Reports;

/// <summary>
/// The languages reports are written in. A locale whose language is not one of them gets English labels with
/// that locale's own number and date formats.
/// </summary>
/// <remarks>
/// <para><c>nb</c>, <c>no</c> and <c>nn</c> all get Norwegian Bokmål labels (Nynorsk readers read Bokmål);
/// <c>zh</c>, <c>zh-CN</c>, <c>zh-SG</c> and <c>zh-Hans(-*)</c> get Simplified Chinese, while Traditional Chinese locales
/// (<c>zh-TW</c>, <c>zh-HK</c>, <c>zh-MO</c>, <c>zh-Hant</c>) get English labels rather than the wrong script.</para>
/// <para>Thai dates follow the <c>th-TH</c> culture's default Buddhist-era calendar (2026 CE is printed as
/// พ.ศ. 2569), as Thai business documents do; the data note says so.</para>
/// </remarks>
public static class ReportLanguages
{
    /// <summary>The language codes with their own labels: en, sv, nb, zh, tr, th.</summary>
    public static IReadOnlyList<string> All { get; } = ["en", "sv", "nb", "zh", "tr", "th"];

    /// <summary>True when reports for <paramref name="locale"/> are written in its language (not the English fallback).</summary>
    public static bool IsSupported(string locale) => Find(locale) is not null;

    /// <summary>The language reports for <paramref name="locale"/> are written in: one of <see cref="All"/>, <c>en</c> for any other.</summary>
    public static string LanguageOf(string? locale) => (Find(locale) ?? Translations.English).Language;

    /// <summary>The labels of <paramref name="locale"/>'s language, or null when it has none.</summary>
    internal static Labels? Find(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        var parts = locale.Trim().Replace('_', '-').ToLowerInvariant().Split('-');
        return parts[0] switch
        {
            "en" => Translations.English,
            "sv" => Translations.Swedish,
            "nb" or "no" or "nn" => Translations.Norwegian,
            "zh" when !parts.Skip(1).Any(p => p is "hant" or "tw" or "hk" or "mo") => Translations.Chinese,
            "tr" => Translations.Turkish,
            "th" => Translations.Thai,
            _ => null,
        };
    }

    /// <summary>
    /// The culture that formats <paramref name="locale"/>'s numbers and dates: a specific culture (<c>sv</c> becomes
    /// <c>sv-SE</c>, <c>no</c> becomes <c>nb-NO</c>), or en-US for an unknown locale.
    /// </summary>
    public static CultureInfo Culture(string? locale)
    {
        CultureInfo culture;
        try
        {
            var name = locale?.Trim().Replace('_', '-') ?? "";
            culture = name.Length == 0 ? CultureInfo.GetCultureInfo("en-US") : CultureInfo.CreateSpecificCulture(name);
            if (culture.Equals(CultureInfo.InvariantCulture) || culture.ThreeLetterISOLanguageName == "ivl")
            {
                culture = CultureInfo.GetCultureInfo("en-US");
            }
        }
        catch (CultureNotFoundException)
        {
            culture = CultureInfo.GetCultureInfo("en-US");
        }

        // Negative numbers keep the culture's sign: U+2212 MINUS SIGN in sv-SE and nb-NO (the shipped Noto Sans has it).
        return CultureInfo.ReadOnly(culture);
    }
}
