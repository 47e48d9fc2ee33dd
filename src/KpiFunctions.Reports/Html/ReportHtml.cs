namespace KpiFunctions.Reports;

/// <summary>The same report as <see cref="ReportPdf"/>, as one self-contained HTML page (CSS and SVG charts inline).</summary>
public static class ReportHtml
{
    /// <summary>Renders <paramref name="document"/> as HTML for printing to PDF with a browser.</summary>
    public static string Render(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new Html.ReportHtmlDocument(new ReportView(document)).Compose();
    }
}
