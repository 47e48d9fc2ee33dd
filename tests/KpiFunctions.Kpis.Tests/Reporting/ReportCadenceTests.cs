using KpiFunctions.Kpis.Reporting;

namespace KpiFunctions.Kpis.Tests.Reporting;

/// <summary>The cadence rejects what no schedule can honour.</summary>
public class ReportCadenceTests
{
    private static readonly TimeOnly Ten = new(10, 0);

    [Theory]
    [InlineData(-1)]
    [InlineData(32)]
    public void Constructor_DelayOutside0To31_Throws(int delayDays)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new ReportCadence(ReportFrequency.Monthly, Ten, delayDays, CompareMode.Previous));
        Assert.Equal("DelayDays", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void Constructor_DelayAtTheBounds_IsKept(int delayDays)
    {
        Assert.Equal(delayDays, new ReportCadence(ReportFrequency.Monthly, Ten, delayDays, CompareMode.Year).DelayDays);
    }

    [Fact]
    public void With_DelayOf32_Throws()
    {
        var cadence = new ReportCadence(ReportFrequency.Weekly, Ten, 3, CompareMode.None);
        Assert.Throws<ArgumentOutOfRangeException>(() => cadence with { DelayDays = 32 });
    }

    [Fact]
    public void Constructor_UndefinedFrequencyOrCompare_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportCadence((ReportFrequency)5, Ten, 0, CompareMode.Previous));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportCadence(ReportFrequency.Weekly, Ten, 0, (CompareMode)9));
    }
}
