using System.Globalization;
using KpiFunctions.Kpis.Goals;
using KpiFunctions.Reports.Localization;
using KpiFunctions.Reports.Text;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf;

/// <summary>The report's text styles: every size and weight used, in one place.</summary>
internal static class Typography
{
    public static readonly TextStyle CoverTitle = new(30, Bold: true);
    public static readonly TextStyle CoverKicker = new(12);
    public static readonly TextStyle CoverPeriod = new(13);
    public static readonly TextStyle CoverAgency = new(12, Bold: true);
    public static readonly TextStyle Heading = new(17, Bold: true);
    public static readonly TextStyle Subheading = new(11, Bold: true);
    public static readonly TextStyle Body = new(9.5f);
    public static readonly TextStyle BodyBold = new(9.5f, Bold: true);
    public static readonly TextStyle Small = new(8);
    public static readonly TextStyle SmallBold = new(8, Bold: true);
    public static readonly TextStyle TableHeader = new(7.5f, Bold: true);
    public static readonly TextStyle TableBody = new(8.5f);
    public static readonly TextStyle TableBodyBold = new(8.5f, Bold: true);
    public static readonly TextStyle TableGroup = new(9, Bold: true);
    public static readonly TextStyle CardName = new(8.5f);
    public static readonly TextStyle CardValue = new(19, Bold: true);
    public static readonly TextStyle CardChange = new(9, Bold: true);
    public static readonly TextStyle ChartTitle = new(9.5f, Bold: true);
    public static readonly TextStyle ChartAxis = new(6.5f);
    public static readonly TextStyle Pill = new(7.5f, Bold: true);
    public static readonly TextStyle PageChrome = new(7.5f);
}

/// <summary>The report's colours: the agency's two brand colours plus fixed neutrals and signal colours.</summary>
internal sealed class Palette
{
    public static readonly SKColor Text = new(0x20, 0x21, 0x24);
    public static readonly SKColor Muted = new(0x5F, 0x63, 0x68);
    public static readonly SKColor Faint = new(0x9A, 0xA0, 0xA6);
    public static readonly SKColor RuleColor = new(0xDA, 0xDC, 0xE0);
    public static readonly SKColor Zebra = new(0xF6, 0xF7, 0xF9);
    public static readonly SKColor Card = new(0xF4, 0xF6, 0xF8);
    public static readonly SKColor Track = new(0xE8, 0xEA, 0xED);
    public static readonly SKColor Good = new(0x1E, 0x8E, 0x3E);
    public static readonly SKColor Bad = new(0xD9, 0x30, 0x25);
    public static readonly SKColor Neutral = new(0x80, 0x86, 0x8B);
    public static readonly SKColor White = SKColors.White;

    public Palette(Branding branding)
    {
        ArgumentNullException.ThrowIfNull(branding);
        Primary = Parse(branding.PrimaryColor, new SKColor(0x1F, 0x3A, 0x5F));
        Accent = Parse(branding.AccentColor, new SKColor(0xF2, 0x99, 0x4A));
        OnPrimary = Luminance(Primary) > 0.6 ? Text : White;
        PrimaryTint = Mix(Primary, White, 0.9f);
    }

    public SKColor Primary { get; }

    public SKColor Accent { get; }

    /// <summary>Text drawn on the primary colour: white, or near-black on a light brand colour.</summary>
    public SKColor OnPrimary { get; }

    /// <summary>A light tint of the primary colour for backgrounds.</summary>
    public SKColor PrimaryTint { get; }

    public static SKColor ForTone(Tone tone) => tone switch
    {
        Tone.Good => Good,
        Tone.Bad => Bad,
        _ => Neutral,
    };

    public static SKColor ForStatus(GoalStatus status) => status switch
    {
        GoalStatus.Achieved => new SKColor(0x13, 0x73, 0x33),
        GoalStatus.OnTrack => Good,
        GoalStatus.AtRisk => new SKColor(0xE3, 0x74, 0x00),
        GoalStatus.OffTrack => Bad,
        _ => new SKColor(0x8C, 0x1D, 0x18),
    };

    /// <summary>Parses <c>#RRGGBB</c>; anything else gives <paramref name="fallback"/>, so a typo never breaks a report.</summary>
    public static SKColor Parse(string? hex, SKColor fallback)
    {
        var s = hex?.Trim().TrimStart('#');
        return s is { Length: 6 } && uint.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb)
            ? new SKColor((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb)
            : fallback;
    }

    public static SKColor Mix(SKColor a, SKColor b, float t) => new(
        (byte)(a.Red + ((b.Red - a.Red) * t)),
        (byte)(a.Green + ((b.Green - a.Green) * t)),
        (byte)(a.Blue + ((b.Blue - a.Blue) * t)));

    private static double Luminance(SKColor c) => ((0.2126 * c.Red) + (0.7152 * c.Green) + (0.0722 * c.Blue)) / 255;
}
