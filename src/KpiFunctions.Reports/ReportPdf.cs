using KpiFunctions.Reports.Pdf;

namespace KpiFunctions.Reports;

/// <summary>Renders a client report as a vector PDF (A4, text extractable, fonts embedded and subset).</summary>
public static class ReportPdf
{
    /// <summary>
    /// Renders <paramref name="document"/> as PDF bytes. Thread-safe: the fonts are opened once per process and
    /// shared read-only; everything else belongs to the call.
    /// </summary>
    /// <exception cref="ArgumentNullException">When <paramref name="document"/> is null.</exception>
    /// <exception cref="FileNotFoundException">When the shipped fonts are missing from the app's <c>Fonts/</c> folder.</exception>
    public static byte[] Render(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var view = new ReportView(document);
        var pages = new ReportPdfDocument(view).Compose();
        var info = new PdfInfo(
            view.Labels.ReportTitle + " – " + document.ClientName + " – " + view.PeriodText,
            document.Branding.AgencyName,
            view.Labels.ReportTitle,
            document.GeneratedAt);
        return PdfWriter.Write(pages, info);
    }
}
