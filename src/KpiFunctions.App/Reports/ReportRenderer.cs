using KpiFunctions.App.Clients;
using KpiFunctions.Kpis;
using KpiFunctions.Reports;

namespace KpiFunctions.App.Reports;

/// <summary>
/// Renders a report to Blob Storage: the PDF, the JSON snapshot and their SHA-256 on the report's record. A
/// failure marks the report failed, so it is never sent and never shown as delivered.
/// </summary>
public sealed class ReportRenderer(ReportBuilder builder, ReportStore reports, ReportFiles files, TimeProvider time)
{
    /// <summary>Renders <paramref name="record"/>'s period for <paramref name="client"/>; returns the record as saved.</summary>
    public async Task<ReportRecord> RenderAsync(Client client, ReportRecord record, CancellationToken cancellationToken)
    {
        await reports.SaveAsync(record with { Status = ReportStatus.Rendering, RenderingSince = time.GetUtcNow(), Error = null }, cancellationToken);
        try
        {
            var document = await builder.BuildAsync(client, new DateRange(record.From, record.To), record.Compare, cancellationToken);
            var pdf = ReportPdf.Render(document);
            var data = ReportSnapshot.Serialize(client.Id, record.ReportId, document);
            var (pdfSha, dataSha) = await files.UploadAsync(client.Id, record.ReportId, pdf, data, cancellationToken);
            var rendered = record with
            {
                Status = ReportStatus.Rendered,
                RenderedAt = time.GetUtcNow(),
                PdfSha256 = pdfSha,
                DataSha256 = dataSha,
                PdfBytes = pdf.Length,
                Error = null,
            };
            await reports.SaveAsync(rendered, cancellationToken);
            return rendered;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await reports.SaveAsync(record with { Status = ReportStatus.Failed, Error = e.Message }, CancellationToken.None);
            throw;
        }
    }
}
