using System.Globalization;

namespace KpiFunctions.Kpis;

/// <summary>A period of calendar days, both ends inclusive.</summary>
public readonly record struct DateRange
{
    /// <summary>Creates the period [<paramref name="from"/>, <paramref name="to"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="to"/> is before <paramref name="from"/>.</exception>
    public DateRange(DateOnly from, DateOnly to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        From = from;
        To = to;
    }

    /// <summary>The first day.</summary>
    public DateOnly From { get; }

    /// <summary>The last day (inclusive).</summary>
    public DateOnly To { get; }

    /// <summary>The number of days, <c>to - from + 1</c>.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>True when <paramref name="date"/> falls inside the period.</summary>
    public bool Contains(DateOnly date) => From <= date && date <= To;

    /// <summary>The period of the same length that ends the day before <see cref="From"/>.</summary>
    public DateRange Previous() => new(From.AddDays(-Days), From.AddDays(-1));

    /// <summary>The same dates one year earlier (29 February becomes 28 February).</summary>
    public DateRange YearEarlier() => new(From.AddYears(-1), To.AddYears(-1));

    /// <summary>
    /// The calendar units just before: for whole calendar months (a month, two months, a quarter, a year) the same number
    /// of whole months before (November → October, Q3 → Q2, 1 Sep–31 Oct → 1 Jul–31 Aug); for anything else, ISO weeks
    /// included, the same as <see cref="Previous"/>.
    /// </summary>
    public DateRange PreviousCalendar()
    {
        if (From.Day != 1 || To.AddDays(1).Day != 1)
        {
            return Previous();
        }

        var months = ((To.Year - From.Year) * 12) + To.Month - From.Month + 1;
        return new DateRange(From.AddMonths(-months), From.AddDays(-1));
    }

    /// <summary>The comparison period for <paramref name="mode"/>, or null for <see cref="CompareMode.None"/>.</summary>
    public DateRange? ComparedTo(CompareMode mode) => mode switch
    {
        CompareMode.Previous => Previous(),
        CompareMode.PreviousCalendar => PreviousCalendar(),
        CompareMode.Year => YearEarlier(),
        CompareMode.None => null,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>
    /// Splits the period into buckets of <paramref name="granularity"/>: days, ISO weeks (Monday to Sunday) or
    /// calendar months, the first and last clipped to the period.
    /// </summary>
    public IEnumerable<DateRange> Split(Granularity granularity)
    {
        var start = From;
        while (start <= To)
        {
            var end = granularity switch
            {
                Granularity.Day => start,
                Granularity.Week => start.AddDays((7 - (int)start.DayOfWeek) % 7),
                Granularity.Month => new DateOnly(start.Year, start.Month, DateTime.DaysInMonth(start.Year, start.Month)),
                _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
            };
            if (end > To)
            {
                end = To;
            }

            yield return new DateRange(start, end);
            start = end.AddDays(1);
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}..{To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}

/// <summary>Which period a KPI value is compared with.</summary>
public enum CompareMode
{
    /// <summary>The period of the same length just before.</summary>
    Previous,

    /// <summary>The same dates one year earlier.</summary>
    Year,

    /// <summary>No comparison.</summary>
    None,

    /// <summary>The same number of whole calendar months just before (November → October); else as <see cref="Previous"/>.</summary>
    PreviousCalendar,
}

/// <summary>The bucket size of a KPI series.</summary>
public enum Granularity
{
    /// <summary>One point per day.</summary>
    Day,

    /// <summary>One point per ISO week (Monday to Sunday).</summary>
    Week,

    /// <summary>One point per calendar month.</summary>
    Month,
}
