namespace KpiFunctions.Reports.Tests;

public sealed class ReportHtmlTests
{
    [Theory]
    [InlineData("en", "Executive summary", "Top posts")]
    [InlineData("th-TH", "บทสรุปผู้บริหาร", "โพสต์ยอดนิยม")]
    [InlineData("zh-CN", "执行摘要", "热门帖子")]
    public void Render_Typical_IsOneSelfContainedPageWithTheSameSections(string locale, string summary, string posts)
    {
        var html = ReportHtml.Render(SampleReports.Typical(locale));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains(summary, html, StringComparison.Ordinal);
        Assert.Contains(posts, html, StringComparison.Ordinal);
        Assert.Equal(4, html.Split("<svg ").Length - 1);
        Assert.Contains("counter(pages)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ClientNameWithMarkup_IsEscaped()
    {
        var html = ReportHtml.Render(SampleReports.Typical("en") with { ClientName = "<b>Tom & Jerry</b>" });

        Assert.Contains("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Tom", html, StringComparison.Ordinal);
    }
}
