using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using KpiFunctions.App.Http;
using KpiFunctions.Kpis.Reporting;
using CompareMode = KpiFunctions.Kpis.CompareMode;

namespace KpiFunctions.App.Clients;

/// <summary>
/// Applies a JSON merge patch (RFC 7396) to a client: fields present replace, <c>"cadence": null</c> removes the
/// cadence, fields of a <c>cadence</c> object merge into the current one.
/// </summary>
public static class ClientPatch
{
    public const int MaxKpiReviewMonths = 60;
    public const string DefaultSendTime = "09:00";
    public const int DefaultDelayDays = 2;
    public const int MaxDelayDays = 31;

    private static readonly Dictionary<string, ReportFrequency> Frequencies = new(StringComparer.Ordinal)
    {
        ["weekly"] = ReportFrequency.Weekly,
        ["biweekly"] = ReportFrequency.Biweekly,
        ["monthly"] = ReportFrequency.Monthly,
        ["bimonthly"] = ReportFrequency.Bimonthly,
        ["quarterly"] = ReportFrequency.Quarterly,
    };

    private static readonly Dictionary<string, CompareMode> Comparisons = new(StringComparer.Ordinal)
    {
        ["previous"] = CompareMode.Previous,
        ["previous_calendar"] = CompareMode.PreviousCalendar,
        ["year"] = CompareMode.Year,
    };

    /// <summary>The patched client, or null with the problems in <paramref name="validation"/>.</summary>
    /// <param name="client">The client as stored.</param>
    /// <param name="patch">The request body.</param>
    /// <param name="today">Today on the client's clock: a new cadence takes effect from today's period.</param>
    /// <param name="validation">Collects every problem.</param>
    /// <param name="recipients">Checks recipients' addresses and domains; their syntax only when null.</param>
    public static Client? Apply(Client client, JsonElement patch, DateOnly today, Validation validation, RecipientPolicy? recipients = null)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            validation.Add("body", "Expected a JSON object with the fields to change.");
            return null;
        }

        var patched = client;
        foreach (var field in patch.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "id" when value.ValueKind == JsonValueKind.String && value.GetString() == client.Id:
                    break;
                case "id":
                    validation.Add("id", "A client's id cannot change.");
                    break;
                case "name":
                    patched = patched with { Name = Text(value, "name", validation)?.Trim() ?? patched.Name };
                    break;
                case "timeZone":
                    patched = patched with { TimeZone = Text(value, "timeZone", validation) ?? patched.TimeZone };
                    break;
                case "currency":
                    patched = patched with { Currency = Text(value, "currency", validation) ?? patched.Currency };
                    break;
                case "locale":
                    patched = patched with { Locale = Text(value, "locale", validation) ?? patched.Locale };
                    break;
                case "kpiReviewMonths":
                    // TryGetInt32 throws on anything but a number: check the kind first so "12" or null is a 400, not a 500.
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var months) && months is >= 1 and <= MaxKpiReviewMonths)
                    {
                        patched = patched with { KpiReviewMonths = months };
                    }
                    else
                    {
                        validation.Add("kpiReviewMonths", $"Must be a whole number of months from 1 to {MaxKpiReviewMonths}.");
                    }

                    break;
                case "kpiReviewedAt":
                    patched = patched with { KpiReviewedAt = ReviewDate(value, today, validation) };
                    break;
                case "cadence":
                    patched = patched with { Cadence = value.ValueKind == JsonValueKind.Null ? null : MergeCadence(client.Cadence, value, today, validation) };
                    break;
                case "reviewBeforeSending":
                    patched = patched with { ReviewBeforeSending = Flag(value, "reviewBeforeSending", validation) ?? patched.ReviewBeforeSending };
                    break;
                case "report":
                    patched = patched with { Report = ReportLayout.Merge(patched.Report, value, validation) };
                    break;
                case "recipients":
                    patched = patched with { Recipients = Recipient.ReadList(value, recipients, validation) };
                    break;
                case "replyTo":
                    patched = patched with { ReplyTo = ReplyTo(value, validation) };
                    break;
                case "createdAt" or "kpiReviewDue":
                    validation.Add(field.Name, "Read-only.");
                    break;
                default:
                    validation.Add(field.Name, "Unknown field; a client has name, timeZone, currency, locale, cadence, recipients, replyTo, reviewBeforeSending, report, kpiReviewMonths and kpiReviewedAt.");
                    break;
            }
        }

        new NewClient(patched.Id, patched.Name, patched.TimeZone, patched.Currency, patched.Locale).Validate(validation);
        return validation.IsValid ? patched : null;
    }

    /// <summary>A true/false field's value; null with the problem in <paramref name="validation"/> when it is anything else.</summary>
    internal static bool? Flag(JsonElement value, string field, Validation validation)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        validation.Add(field, "Must be true or false.");
        return null;
    }

    private static string? Text(JsonElement value, string field, Validation validation)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        validation.Add(field, "Must be a string.");
        return null;
    }

    /// <summary>The normalized Reply-To address; null clears it.</summary>
    private static string? ReplyTo(JsonElement value, Validation validation)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            validation.Add("replyTo", "Must be an e-mail address such as 'name@example-agency.com', or null for the agency's.");
            return null;
        }

        var address = EmailAddress.Normalize(value.GetString(), out var problem);
        if (address is null)
        {
            validation.Add("replyTo", problem!);
        }

        return address;
    }

    private static DateOnly? ReviewDate(JsonElement value, DateOnly today, Validation validation)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date <= today)
        {
            return date;
        }

        validation.Add("kpiReviewedAt", $"Must be a date in the form yyyy-MM-dd, not after today ({today:yyyy-MM-dd}), or null.");
        return null;
    }

    private static Cadence? MergeCadence(Cadence? current, JsonElement value, DateOnly today, Validation validation)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            validation.Add("cadence", "Must be an object {\"frequency\",\"sendTime\",\"delayDays\",\"compare\"} or null.");
            return current;
        }

        var frequency = current?.Frequency;
        var sendTime = current?.SendTime ?? DefaultSendTime;
        var delayDays = current?.DelayDays ?? DefaultDelayDays;
        // Reports compare whole months with the months before by default (November with October, not with 2–31 October).
        var compare = current?.Compare ?? CompareMode.PreviousCalendar;
        foreach (var field in value.EnumerateObject())
        {
            var v = field.Value;
            switch (field.Name)
            {
                case "frequency" when v.ValueKind == JsonValueKind.String && Frequencies.TryGetValue(v.GetString()!, out var f):
                    frequency = f;
                    break;
                case "frequency":
                    validation.Add("cadence.frequency", $"Must be one of {string.Join(", ", Frequencies.Keys)}.");
                    break;
                case "sendTime" when v.ValueKind == JsonValueKind.String
                    && TimeOnly.TryParseExact(v.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                    sendTime = v.GetString()!;
                    break;
                case "sendTime":
                    validation.Add("cadence.sendTime", "Must be a local time HH:mm from 00:00 to 23:59.");
                    break;
                case "delayDays" when v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var days) && days is >= 0 and <= MaxDelayDays:
                    delayDays = days;
                    break;
                case "delayDays":
                    validation.Add("cadence.delayDays", $"Must be a whole number of days from 0 to {MaxDelayDays}.");
                    break;
                case "compare" when v.ValueKind == JsonValueKind.String && Comparisons.TryGetValue(v.GetString()!, out var c):
                    compare = c;
                    break;
                case "compare":
                    validation.Add("cadence.compare", "Must be previous_calendar (whole months compared with the months before), previous (the same number of days before) or year.");
                    break;
                case "since":
                    validation.Add("cadence.since", "Read-only: a cadence takes effect from the period it is set in.");
                    break;
                default:
                    validation.Add($"cadence.{field.Name}", "Unknown field; a cadence has frequency, sendTime, delayDays and compare.");
                    break;
            }
        }

        if (frequency is not { } chosen)
        {
            validation.Add("cadence.frequency", "Required when the client has no cadence yet.");
            return current;
        }

        // A new or changed frequency starts with the period that contains today; earlier periods are not sent.
        var since = current is not null && current.Frequency == chosen ? current.Since : today;
        return new Cadence(chosen, sendTime, delayDays, compare, since);
    }
}

/// <summary>
/// The body of <c>PATCH /api/v1/clients/{clientId}</c> as the OpenAPI document shows it; <see cref="ClientPatch"/> reads
/// it as JSON. Every field may be left out: the fields present replace the client's, <c>"cadence": null</c> removes the
/// cadence and the fields of a cadence object merge into the current one, <c>recipients</c> replaces the list.
/// </summary>
public sealed class ClientMergePatch
{
    /// <summary>1 to 200 characters, without line breaks.</summary>
    public string Name { get; init; } = "";

    /// <summary>An IANA time zone id, e.g. Europe/Stockholm.</summary>
    public string TimeZone { get; init; } = "";

    /// <summary>An ISO 4217 currency code, e.g. SEK.</summary>
    public string Currency { get; init; } = "";

    /// <summary>The reports' language and number format, e.g. sv-SE.</summary>
    public string Locale { get; init; } = "";

    /// <summary>When reports go out; null removes the cadence (no more reports are sent).</summary>
    public CadencePatch? Cadence { get; init; }

    /// <summary>Who receives the reports, in order, at most 50; replaces the list, null for none.</summary>
    public IReadOnlyList<RecipientPatch>? Recipients { get; init; }

    /// <summary>Where replies to the report e-mails go, an e-mail address; null for the agency's Delivery:ReplyTo.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>How often the KPI set is reviewed with the client, in months.</summary>
    [Range(1, ClientPatch.MaxKpiReviewMonths)]
    public int KpiReviewMonths { get; init; } = Client.DefaultKpiReviewMonths;

    /// <summary>The last KPI review, not after today; null forgets it.</summary>
    public DateOnly? KpiReviewedAt { get; init; }
}

/// <summary>A cadence in a client patch: its fields merge into the current cadence; frequency is required for a first one.</summary>
public sealed class CadencePatch
{
    /// <summary>weekly (ISO weeks), biweekly, monthly, bimonthly (two calendar months) or quarterly.</summary>
    public ReportFrequency Frequency { get; init; }

    /// <summary>Local time HH:mm in the client's time zone (default 09:00).</summary>
    [RegularExpression("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    public string SendTime { get; init; } = ClientPatch.DefaultSendTime;

    /// <summary>Days after a period ends before its report goes out, for late platform data (default 2).</summary>
    [Range(0, ClientPatch.MaxDelayDays)]
    public int DelayDays { get; init; } = ClientPatch.DefaultDelayDays;

    /// <summary>previous_calendar (the default: whole months with the months before), previous (the same number of days before) or year.</summary>
    [AllowedValues("previous_calendar", "previous", "year")]
    public string Compare { get; init; } = "previous_calendar";
}

/// <summary>A recipient in a client patch.</summary>
/// <param name="Email">An e-mail address on the deployment's allowed domains.</param>
/// <param name="Name">How the e-mail greets them; none when left out or null.</param>
public sealed record RecipientPatch(string Email, string? Name = null);
