using KpiFunctions.App.Clients;
using KpiFunctions.Kpis;
using KpiFunctions.Reports;

namespace KpiFunctions.App.Reports;

/// <summary>
/// Renders a report to Blob Storage: the PDF, the JSON snapshot and their SHA-256 on the report's record. A
/// failure marks the report failed, so it is never sent and never shown as delivered.
/// </summary>
/// <remarks>
/// The archive is stable: the PDF's generation time is the record's, kept while the numbers stay the same, so rendering a
/// period again from the same data gives the same bytes and changes nothing (not the status, not an approval). A render
/// that does change the PDF keeps the earlier files beside it as version n (<see cref="ReportFiles.ArchiveAsync"/>) and,
/// for a client whose reports are reviewed, needs a new approval.
/// </remarks>
public sealed class ReportRenderer(ReportBuilder builder, ReportStore reports, ReportFiles files, TimeProvider time)
{
    /// <summary>Renders <paramref name="record"/>'s period for <paramref name="client"/>; returns the record as saved.</summary>
    public async Task<ReportRecord> RenderAsync(Client client, ReportRecord record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await reports.SaveAsync(record with { Status = ReportStatus.Rendering, RenderingSince = now, Error = null }, cancellationToken);
        try
        {
            var document = await builder.BuildAsync(client, new DateRange(record.From, record.To), record.Compare, cancellationToken);
            var data = ReportSnapshot.Serialize(client.Id, record.ReportId, document);
            var dataSha = ReportFiles.Sha256(data);
            var sameNumbers = record.RenderedAt is not null && record.DataSha256 == dataSha && record.Status.HasFiles();
            var pdf = ReportPdf.Render(document with { GeneratedAt = sameNumbers ? record.RenderedAt!.Value : now });
            var pdfSha = ReportFiles.Sha256(pdf);
            if (sameNumbers && record.PdfSha256 == pdfSha)
            {
                // Nothing changed: the record goes back to what it was, approval and delivery status included.
                await reports.SaveAsync(record, cancellationToken);
                return record;
            }

            if (record.PdfSha256 is not null && record.Version > 0)
            {
                await files.ArchiveAsync(client.Id, record.ReportId, record.Version, cancellationToken);
            }

            await files.UploadAsync(client.Id, record.ReportId, pdf, data, cancellationToken);
            var rendered = record with
            {
                Status = client.ReviewBeforeSending ? ReportStatus.AwaitingReview : ReportStatus.Rendered,
                RenderedAt = sameNumbers ? record.RenderedAt : now,
                RenderingSince = null,
                PdfSha256 = pdfSha,
                DataSha256 = dataSha,
                PdfBytes = pdf.Length,
                Error = null,
                Version = record.Version + 1,
                ApprovedAt = null,
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
