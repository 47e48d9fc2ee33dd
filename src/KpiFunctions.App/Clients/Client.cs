using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using KpiFunctions.App.Http;
using KpiFunctions.Kpis.Reporting;
using CompareMode = KpiFunctions.Kpis.CompareMode;

namespace KpiFunctions.App.Clients;

/// <summary>An agency's client: whose accounts are reported on, in which zone, currency and language.</summary>
public sealed record Client(
    string Id,
    string Name,
    string TimeZone,
    string Currency,
    string Locale,
    DateTimeOffset CreatedAt)
{
    public const int DefaultKpiReviewMonths = 12;

    /// <summary>When reports are sent; null until the agency sets one.</summary>
    public Cadence? Cadence { get; init; }

    /// <summary>Who receives the reports by e-mail, in order; at most 50.</summary>
    public IReadOnlyList<Recipient> Recipients { get; init; } = [];

    /// <summary>
    /// When true, every rendered report waits as <c>awaiting_review</c> until the agency approves it over the API, which
    /// sends it: nothing is ever e-mailed unreviewed.
    /// </summary>
    public bool ReviewBeforeSending { get; init; }

    /// <summary>What the reports show (summary cards, KPI table, KPIs without data); null for the defaults.</summary>
    public ReportLayout? Report { get; init; }

    /// <summary>Where replies to the report e-mails go (e.g. the account manager); null for the agency's <c>Delivery:ReplyTo</c>.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>How often the KPI set itself is reviewed with the client (the articles say every one or two years).</summary>
    public int KpiReviewMonths { get; init; } = DefaultKpiReviewMonths;

    /// <summary>The last KPI review, if one was recorded; before that the client's creation counts.</summary>
    public DateOnly? KpiReviewedAt { get; init; }

    /// <summary>When the KPI set is next due for review.</summary>
    public DateOnly KpiReviewDue => (KpiReviewedAt ?? LocalDate(CreatedAt)).AddMonths(KpiReviewMonths);

    [JsonIgnore]
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The calendar date on the client's own clock at <paramref name="instant"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>
    /// The client a request under <c>/clients/{clientId}</c> is about, as the API's gate found it before the handler
    /// ran (a missing client, or one the key may not read, was answered 404 there): handlers take it as a parameter.
    /// </summary>
    public static ValueTask<Client?> BindAsync(HttpContext context) => ValueTask.FromResult(context.Features.Get<Client>());
}

/// <summary>
/// How often a client's reports go out, as the API shows it.
/// </summary>
/// <param name="Frequency">weekly (ISO weeks), biweekly, monthly, bimonthly (two calendar months) or quarterly.</param>
/// <param name="SendTime">Local wall-clock time, HH:mm, in the client's time zone.</param>
/// <param name="DelayDays">Days after a period ends before its report goes out, for late platform data.</param>
/// <param name="Compare">The comparison the report shows: previous_calendar (the default), previous or year.</param>
/// <param name="Since">The client-local date this cadence took effect: no report is sent for earlier periods.</param>
public sealed record Cadence(ReportFrequency Frequency, string SendTime, int DelayDays, CompareMode Compare, DateOnly Since)
{
    public ReportCadence ToSchedule() =>
        new(Frequency, TimeOnly.ParseExact(SendTime, "HH:mm", CultureInfo.InvariantCulture), DelayDays, Compare);
}

/// <summary>The body of <c>POST /api/v1/clients</c>.</summary>
/// <param name="Id">2 to 63 lower-case letters, digits and '-', starting with a letter or digit; never changes.</param>
/// <param name="Name">1 to 200 characters, without line breaks.</param>
/// <param name="TimeZone">An IANA time zone id, e.g. Europe/Stockholm: days and send times are on this clock.</param>
/// <param name="Currency">An ISO 4217 currency code, e.g. SEK.</param>
/// <param name="Locale">The reports' language and number format, e.g. sv-SE.</param>
public sealed record NewClient(string Id, string Name, string TimeZone, string Currency, string Locale)
{
    /// <summary>Optional: where replies to the report e-mails go.</summary>
    public string? ReplyTo { get; init; }

    public void Validate(Validation validation)
    {
        if (ReplyTo is not null && EmailAddress.Normalize(ReplyTo, out var problem) is null)
        {
            validation.Add("replyTo", problem!);
        }

        if (Id is null || !ClientRules.IsValidId(Id))
        {
            validation.Add("id", "Required: 2 to 63 characters, lower-case letters, digits and '-', starting with a letter or digit.");
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200 || Name.Any(char.IsControl))
        {
            validation.Add("name", "Required: 1 to 200 characters, without line breaks.");
        }

        if (TimeZone is null || !ClientRules.IsIanaTimeZone(TimeZone))
        {
            validation.Add("timeZone", $"'{TimeZone}' is not an IANA time zone id such as 'Europe/Stockholm'.");
        }

        if (Currency is null || !ClientRules.IsCurrency(Currency))
        {
            validation.Add("currency", $"'{Currency}' is not an ISO 4217 currency code such as 'SEK' or 'EUR'.");
        }

        if (Locale is null || !ClientRules.IsLocale(Locale))
        {
            validation.Add("locale", $"'{Locale}' is not a known locale such as 'en-GB', 'sv-SE' or 'zh-CN'.");
        }
    }
}

/// <summary>The rules that client fields follow.</summary>
public static partial class ClientRules
{
    // Every currency some region of the world uses, as .NET's globalisation data (ICU) knows them.
    private static readonly HashSet<string> Currencies = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => TryRegion(c.Name)?.ISOCurrencySymbol)
        .OfType<string>()
        .Where(code => code.Length == 3 && code.All(char.IsAsciiLetterUpper))
        .ToHashSet(StringComparer.Ordinal);

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>True for a report id: a period key <c>yyyy-MM-dd_yyyy-MM-dd</c>.</summary>
    public static bool IsValidReportId(string id) => ReportIdPattern().IsMatch(id);

    /// <summary>The period of a report id <c>yyyy-MM-dd_yyyy-MM-dd</c>; null when it is not one, or its first day is after its last.</summary>
    public static KpiFunctions.Kpis.DateRange? ReportPeriod(string id) =>
        IsValidReportId(id)
        && DateOnly.TryParseExact(id[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
        && DateOnly.TryParseExact(id[11..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
        && from <= to
            ? new KpiFunctions.Kpis.DateRange(from, to)
            : null;

    public static bool IsIanaTimeZone(string id) =>
        id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    public static bool IsCurrency(string code) => Currencies.Contains(code);

    public static bool IsLocale(string name)
    {
        if (name.Length is 0 or > 32)
        {
            return false;
        }

        try
        {
            return !CultureInfo.GetCultureInfo(name, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{4}-[0-9]{2}-[0-9]{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReportIdPattern();

    private static RegionInfo? TryRegion(string culture)
    {
        try
        {
            return new RegionInfo(culture);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
