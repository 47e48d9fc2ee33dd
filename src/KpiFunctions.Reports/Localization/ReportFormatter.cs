using System.Globalization;
using System.Text.RegularExpressions;
using KpiFunctions.Kpis;

namespace KpiFunctions.Reports.Localization;

/// <summary>Which way a value moved, and whether that is good for its KPI.</summary>
public enum Tone
{
    /// <summary>Neither good nor bad: no change, no comparison, or a KPI whose direction is neutral.</summary>
    Neutral,

    /// <summary>An improvement.</summary>
    Good,

    /// <summary>A decline.</summary>
    Bad,
}

/// <summary>Numbers, KPI values, changes and dates in one report's language and culture.</summary>
internal sealed partial class ReportFormatter
{
    /// <summary>What a value that cannot be computed is printed as.</summary>
    public const string Missing = "–";

    private readonly string _currency;
    private readonly string _longDate;
    private readonly string _dayMonth;

    public ReportFormatter(string locale, string currency, string timeZone)
    {
        Culture = ReportLanguages.Culture(locale);
        Labels = ReportLanguages.Find(locale) ?? Translations.English;
        _currency = string.IsNullOrWhiteSpace(currency) ? "" : currency.Trim().ToUpperInvariant();
        Zone = FindZone(timeZone);
        ZoneId = Zone == TimeZoneInfo.Utc && !IsUtc(timeZone) ? "UTC" : timeZone;
        _longDate = WithoutWeekday(Culture.DateTimeFormat.LongDatePattern);
        _dayMonth = Culture.DateTimeFormat.MonthDayPattern.Replace("MMMM", "MMM", StringComparison.Ordinal);
    }

    public CultureInfo Culture { get; }

    public Labels Labels { get; }

    public TimeZoneInfo Zone { get; }

    public string ZoneId { get; }

    /// <summary>A whole or fractional number with the culture's group and decimal separators.</summary>
    public string Number(double value, int decimals) =>
        Clean(value, decimals).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);

    /// <summary>A percentage given in percent (12.3 means 12.3 %), placed the culture's way ("12,3 %", "%12,3").</summary>
    public string Percent(double percent, int decimals) =>
        (Clean(percent, decimals) / 100).ToString("P" + decimals.ToString(CultureInfo.InvariantCulture), Culture);

    /// <summary>
    /// A KPI value with its unit, or <see cref="Missing"/>. Money is printed with the decimals of
    /// <paramref name="scale"/> when given (the larger of a row's values), so a row's values and change share them.
    /// </summary>
    public string Value(KpiDefinition kpi, double? value, double? scale = null) =>
        value is { } v ? WithUnit(kpi.Unit, v, signed: false, scale) : Missing;

    /// <summary>
    /// A value with its unit and an explicit sign; percent KPIs change in percentage points; money with the decimals
    /// of <paramref name="scale"/> when given (see <see cref="Value"/>).
    /// </summary>
    public string Change(KpiDefinition kpi, double? change, double? scale = null)
    {
        if (change is not { } c)
        {
            return Missing;
        }

        if (kpi.Unit == KpiUnit.Percent)
        {
            var decimals = ChangeDecimals(kpi.Unit, c);
            return Sign(c, decimals) + Number(Math.Abs(c), decimals) + Labels.UnitSpace + Labels.UnitPercentagePoints;
        }

        return WithUnit(kpi.Unit, c, signed: true, scale);
    }

    /// <summary>
    /// The direction of a change as printed: 1, -1, or 0 when it rounds to zero at the printed precision, so an arrow
    /// never sits next to "0.00".
    /// </summary>
    public static int Direction(KpiDefinition kpi, double? change, double? scale = null) =>
        change is { } c ? Math.Sign(Clean(c, ChangeDecimals(kpi.Unit, Scaled(kpi.Unit, c, scale)))) : 0;

    /// <summary>A relative change in percent with an explicit sign, or <see cref="Missing"/>.</summary>
    public string ChangePercent(double? percent) =>
        percent is { } p ? Sign(p, 1) + Percent(Math.Abs(p), 1) : Missing;

    /// <summary>Good, bad or neutral for a change in <paramref name="direction"/> of a KPI that is better <paramref name="better"/>.</summary>
    public static Tone ToneOf(Better better, int direction) => direction switch
    {
        0 => Tone.Neutral,
        > 0 => better == Better.Higher ? Tone.Good : better == Better.Lower ? Tone.Bad : Tone.Neutral,
        _ => better == Better.Lower ? Tone.Good : better == Better.Higher ? Tone.Bad : Tone.Neutral,
    };

    /// <summary>A date in full without the weekday: "March 1, 2026", "1 mars 2026", "2026年3月1日", "1 มีนาคม พ.ศ. 2569".</summary>
    public string LongDate(DateOnly date) => date.ToString(_longDate, Culture);

    /// <summary>A date in the culture's short form: "3/1/2026", "2026-03-01", "1/3/2569".</summary>
    public string ShortDate(DateOnly date) => date.ToString(Culture.DateTimeFormat.ShortDatePattern, Culture);

    /// <summary>Day and month without the year, for chart axes: "Mar 1", "1 mars", "3月1日".</summary>
    public string DayMonth(DateOnly date) => date.ToString(_dayMonth, Culture);

    /// <summary>A period as "first – last" in full dates.</summary>
    public string Range(DateRange range) => range.From == range.To
        ? LongDate(range.From)
        : LongDate(range.From) + " – " + LongDate(range.To);

    /// <summary>
    /// A period by its calendar name when it is one: a month ("oktober 2026"), whole months of a year
    /// ("september–oktober 2026"), a quarter ("Q2 2026"), a year, an ISO week ("vecka 47, 2026") or a day; any other
    /// period as its first and last day (<see cref="Range"/>).
    /// </summary>
    public string PeriodName(DateRange range)
    {
        var (from, to) = (range.From, range.To);
        if (from == to)
        {
            return LongDate(from);
        }

        if (from.Day == 1 && to.AddDays(1).Day == 1)
        {
            var months = ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;
            if (months == 1)
            {
                return from.ToString(Culture.DateTimeFormat.YearMonthPattern, Culture);
            }

            if (months == 12 && from.Month == 1)
            {
                return Format(Labels.YearName, Year(from));
            }

            if (months == 3 && from.Month % 3 == 1)
            {
                return Format(Labels.QuarterName, ((from.Month - 1) / 3) + 1, Year(from));
            }

            return Year(from) == Year(to)
                ? Format(Labels.MonthSpanName, from, to)
                : from.ToString(Culture.DateTimeFormat.YearMonthPattern, Culture) + " – " +
                    to.ToString(Culture.DateTimeFormat.YearMonthPattern, Culture);
        }

        if (range.Days == 7 && from.DayOfWeek == DayOfWeek.Monday)
        {
            var day = from.ToDateTime(TimeOnly.MinValue);
            return Format(Labels.WeekName, ISOWeek.GetWeekOfYear(day), Year(new DateOnly(ISOWeek.GetYear(day), 7, 1)));
        }

        return Range(range);
    }

    /// <summary>
    /// The client's time zone as it applied in <paramref name="period"/>: its city and the name and UTC offset of its
    /// time then ("Stockholm, centraleuropeisk sommartid (UTC+02:00)"); both when the clocks changed inside the
    /// period. Names come from ICU in the report's language, or the zone's id when ICU has none.
    /// </summary>
    public string ZoneText(DateRange period)
    {
        if (Zone == TimeZoneInfo.Utc)
        {
            return "UTC";
        }

        // Noon of each day: clocks change at night, so noon has the offset of the day.
        var spans = new List<(TimeSpan Offset, DateTimeOffset Noon)>();
        for (var day = period.From; day <= period.To; day = day.AddDays(1))
        {
            var noon = day.ToDateTime(new TimeOnly(12, 0));
            var offset = Zone.GetUtcOffset(noon);
            if (!spans.Exists(s => s.Offset == offset))
            {
                spans.Add((offset, new DateTimeOffset(noon, offset)));
            }
        }

        var city = TimeZoneNames.City(Culture.Name, ZoneId) ?? ZoneId;
        var times = spans.Select(s => TimeZoneNames.Name(Culture.Name, ZoneId, s.Noon) is { } name
            ? name + " (" + Utc(s.Offset) + ")"
            : Utc(s.Offset));
        return city + ", " + string.Join(" / ", times);
    }

    /// <summary>An offset from UTC as "UTC+02:00", "UTC−03:00" (the culture's minus) or "UTC".</summary>
    public string Utc(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC" : "UTC" + (offset < TimeSpan.Zero ? Culture.NumberFormat.NegativeSign : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private string Year(DateOnly date) => date.ToString("yyyy", Culture);

    /// <summary>An instant in the client's time zone: long date, short time and the zone's id.</summary>
    public string Instant(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone);
        return LongDate(DateOnly.FromDateTime(local.DateTime)) + " " +
            local.ToString(Culture.DateTimeFormat.ShortTimePattern, Culture) + " (" + ZoneId + ")";
    }

    /// <summary>Fills a composite format of the labels.</summary>
    public string Format(string format, params object[] args) => string.Format(Culture, format, args);

    private string WithUnit(KpiUnit unit, double v, bool signed, double? scale)
    {
        var decimals = Decimals(unit, Scaled(unit, v, scale));
        var sign = signed ? Sign(v, decimals) : Clean(v, decimals) < 0 ? Culture.NumberFormat.NegativeSign : "";
        var a = Math.Abs(v);
        var number = Number(a, decimals);
        return unit switch
        {
            KpiUnit.Percent => sign + Percent(a, decimals),
            KpiUnit.Currency => sign + Money(number),
            KpiUnit.Minutes => sign + number + Labels.UnitSpace + Labels.UnitMinutes,
            KpiUnit.PerWeek => sign + number + Labels.UnitSpace + Labels.UnitPerWeek,
            KpiUnit.Ratio => sign + number + "×",
            _ => sign + number,
        };
    }

    // Money takes its decimals from the row's largest value: "10 572 SEK", "9 133 SEK", "+1 438 SEK", not "+1 438,45 SEK".
    private static double Scaled(KpiUnit unit, double value, double? scale) =>
        unit == KpiUnit.Currency && scale is { } s && Math.Abs(s) > Math.Abs(value) ? s : value;

    private static int ChangeDecimals(KpiUnit unit, double change)
    {
        var a = Math.Abs(change);
        return unit == KpiUnit.Percent ? a >= 10 ? 1 : a >= 0.1 || a == 0 ? 2 : 3 : Decimals(unit, change);
    }

    private static int Decimals(KpiUnit unit, double v)
    {
        var a = Math.Abs(v);
        return unit switch
        {
            KpiUnit.Count => a == Math.Round(a) || a >= 1000 ? 0 : 1,
            KpiUnit.Percent => a >= 10 || a == 0 ? 1 : a >= 0.1 ? 2 : 3,
            KpiUnit.Currency => a >= 10_000 ? 0 : 2,
            KpiUnit.Rating or KpiUnit.Ratio => 2,
            _ => 1,
        };
    }

    // The currency code takes the place of the symbol, on the side the culture puts it.
    private string Money(string number)
    {
        if (_currency.Length == 0)
        {
            return number;
        }

        return Culture.NumberFormat.CurrencyPositivePattern is 0 or 2
            ? _currency + " " + number
            : number + " " + _currency;
    }

    // "+" or "-" unless the value rounds to zero at the printed precision.
    private string Sign(double value, int decimals) =>
        Clean(value, decimals) switch
        {
            > 0 => "+",
            < 0 => Culture.NumberFormat.NegativeSign,
            _ => "",
        };

    // Rounds away the -0 and the floating noise that would print "-0.0".
    private static double Clean(double value, int decimals)
    {
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        return rounded == 0 ? 0 : rounded;
    }

    /// <summary>A long date pattern without its weekday: ICU patterns put it first ("dddd, MMMM d"), last or glued ("ddddที่ d").</summary>
    internal static string WithoutWeekday(string pattern)
    {
        var p = LeadingWeekday().Replace(pattern, "");
        p = TrailingWeekday().Replace(p, "");
        p = p.Replace("dddd", "", StringComparison.Ordinal);
        return p.Trim(' ', ',', '،');
    }

    private static TimeZoneInfo FindZone(string timeZone)
    {
        try
        {
            return string.IsNullOrWhiteSpace(timeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
        catch (InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    private static bool IsUtc(string timeZone) =>
        timeZone is "UTC" or "Etc/UTC" or "Etc/GMT" or "GMT";

    [GeneratedRegex(@"^dddd(?:'[^']*'|[^A-Za-z'])*")]
    private static partial Regex LeadingWeekday();

    [GeneratedRegex(@"[\s,،]*dddd$")]
    private static partial Regex TrailingWeekday();
}
