using System.Globalization;
using System.Text.RegularExpressions;
using KpiFunctions.App.Http;
using KpiFunctions.Kpis;

namespace KpiFunctions.App.Metrics;

/// <summary>
/// The rules every pushed metric row follows, whatever its format (JSON or CSV), collecting every problem
/// under a key such as <c>rows[3].impressions</c>.
/// </summary>
public sealed partial class MetricRows(Validation validation, DateOnly latestDate)
{
    public const int MaxRows = 10_000;

    /// <summary>The largest row of a JSON push, in bytes: a row with every metric of the catalog is a few kilobytes.</summary>
    public const int MaxRowBytes = 64 * 1024;
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly IReadOnlyList<string> KeyFields = ["date", "accountId", "platform"];

    private readonly DateOnly _latestDate = latestDate;
    private readonly List<DailyRow> _rows = [];
    private readonly Dictionary<(DateOnly, string), int> _seen = [];
    private readonly Dictionary<string, (string Platform, int Row)> _platforms = new(StringComparer.Ordinal);

    public IReadOnlyList<DailyRow> Rows => _rows;

    public Validation Validation => validation;

    /// <summary>Starts row <paramref name="index"/>; <paramref name="where"/> (a CSV line) is added to messages.</summary>
    public RowBuilder Begin(int index, string? where = null) => new(this, index, where);

    /// <summary>Checks the rows' accounts against the platforms already stored for them.</summary>
    public void CheckStoredPlatforms(IReadOnlyDictionary<string, string> storedPlatforms)
    {
        foreach (var (account, (platform, row)) in _platforms)
        {
            if (storedPlatforms.TryGetValue(account, out var stored) && stored != platform)
            {
                validation.Add(
                    $"rows[{row}].platform",
                    $"Account '{account}' is stored as a '{stored}' account; it cannot also be '{platform}'.");
            }
        }
    }

    private void Complete(int index, DateOnly? date, string? accountId, string? platform, Dictionary<string, double> values)
    {
        if (date is not { } d || accountId is null || platform is null)
        {
            return;
        }

        if (_seen.TryGetValue((d, accountId), out var first))
        {
            validation.Add($"rows[{index}]", $"Same date and accountId as rows[{first}]: send each account-day once.");
            return;
        }

        _seen[(d, accountId)] = index;
        if (_platforms.TryGetValue(accountId, out var known) && known.Platform != platform)
        {
            validation.Add(
                $"rows[{index}].platform",
                $"Account '{accountId}' is '{known.Platform}' in rows[{known.Row}]; an account belongs to one platform.");
            return;
        }

        _platforms.TryAdd(accountId, (platform, index));
        _rows.Add(new DailyRow(d, accountId, platform, values));
    }

    /// <summary>True for an account id: 1 to 100 letters, digits and <c>. _ @ : -</c>, starting with a letter or digit.</summary>
    public static bool IsValidAccountId(string? id) => id is not null && AccountIdPattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@:-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccountIdPattern();

    /// <summary>Reads the fields of one row.</summary>
    public sealed class RowBuilder
    {
        private readonly MetricRows _owner;
        private readonly int _index;
        private readonly string _suffix;
        private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
        private readonly HashSet<string> _fields = new(StringComparer.Ordinal);
        private DateOnly? _date;
        private string? _accountId;
        private string? _platform;
        private bool _failed;

        internal RowBuilder(MetricRows owner, int index, string? where)
        {
            _owner = owner;
            _index = index;
            _suffix = where is null ? "" : $" ({where})";
        }

        /// <summary>A text field: a key field, or a metric written as text (CSV). Null or empty text is missing.</summary>
        public void Text(string field, string? text)
        {
            if (!Claim(field))
            {
                return;
            }

            switch (field)
            {
                case "date":
                    _date = ParseDate(text);
                    break;
                case "accountId":
                    if (text is not null && AccountIdPattern().IsMatch(text))
                    {
                        _accountId = text;
                    }
                    else
                    {
                        Fail(field, "Required: 1 to 100 letters, digits and . _ @ : - starting with a letter or digit.");
                    }

                    break;
                case "platform":
                    if (text is not null && Platforms.IsKnown(text))
                    {
                        _platform = text;
                    }
                    else
                    {
                        Fail(field, $"'{text}' is not a platform; use one of {string.Join(", ", Platforms.All)}.");
                    }

                    break;
                default:
                    if (string.IsNullOrEmpty(text))
                    {
                        return;
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        Number(field, number, claimed: true);
                    }
                    else
                    {
                        Fail(field, $"'{text}' is not a number (use a dot for decimals, no thousands separators).");
                    }

                    break;
            }
        }

        /// <summary>A metric given as a number.</summary>
        public void Number(string field, double value) => Number(field, value, claimed: false);

        /// <summary>A field whose value has the wrong type (JSON).</summary>
        public void WrongType(string field, string expected)
        {
            if (Claim(field))
            {
                Fail(field, $"Must be {expected}.");
            }
        }

        /// <summary>Ends the row: checks required fields and adds it when it has no problem.</summary>
        public void End()
        {
            foreach (var key in KeyFields)
            {
                if (!_fields.Contains(key))
                {
                    Fail(key, "Required.");
                }
            }

            if (!_failed)
            {
                _owner.Complete(_index, _date, _accountId, _platform, _values);
            }
        }

        private void Number(string field, double value, bool claimed)
        {
            if (!claimed && !Claim(field))
            {
                return;
            }

            if (KeyFields.Contains(field))
            {
                Fail(field, "Must be a string.");
            }
            else if (!double.IsFinite(value) || value < 0 || value > MetricDefinition.MaxValue)
            {
                Fail(field, "Must be a finite number from 0 to 10^15.");
            }
            else if (MetricCatalog.TryGet(field, out var metric) && !metric.AllowsFraction && value != Math.Floor(value))
            {
                Fail(field, "Must be a whole number: it is a count.");
            }
            else
            {
                _values[field] = value;
            }
        }

        // Registers the field; false (with an error) when it is unknown or given twice.
        private bool Claim(string field)
        {
            if (!KeyFields.Contains(field) && !MetricCatalog.TryGet(field, out _))
            {
                Fail(field, "Unknown metric; the metrics are listed in KPIS.md and the OpenAPI document.");
                return false;
            }

            if (!_fields.Add(field))
            {
                Fail(field, "Given twice.");
                return false;
            }

            return true;
        }

        private DateOnly? ParseDate(string? text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Fail("date", $"'{text}' is not a date in the form yyyy-MM-dd.");
                return null;
            }

            if (date < EarliestDate || date > _owner._latestDate)
            {
                Fail("date", $"{text} is outside {EarliestDate:yyyy-MM-dd}..{_owner._latestDate:yyyy-MM-dd}: metrics cannot come from the future.");
                return null;
            }

            return date;
        }

        private void Fail(string field, string message)
        {
            _failed = true;
            _owner.Validation.Add($"rows[{_index}].{field}", message + _suffix);
        }
    }
}
