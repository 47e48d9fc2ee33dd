using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using KpiFunctions.App.Storage;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Reports;

/// <summary>
/// A report's files in Blob Storage, container <c>reports</c>: <c>{clientId}/{reportId}.pdf</c> and the JSON
/// snapshot of every number in it, <c>{clientId}/{reportId}.json</c>, with earlier versions beside them
/// (<c>{reportId}.v1.pdf</c>, ...); and signed, time-limited download links.
/// </summary>
public sealed class ReportFiles(Blobs blobs, IOptions<ReportOptions> options, TimeProvider time)
{
    private readonly BlobContainerClient _container = blobs.Reports;

    /// <summary>Uploads the PDF and the snapshot; returns their SHA-256 (hex).</summary>
    public async Task<(string PdfSha256, string DataSha256)> UploadAsync(
        string clientId, string reportId, byte[] pdf, byte[] data, CancellationToken cancellationToken)
    {
        await UploadAsync(Blob(clientId, reportId, "pdf"), pdf, cancellationToken);
        await UploadAsync(Blob(clientId, reportId, "json"), data, cancellationToken);
        return (Sha256(pdf), Sha256(data));
    }

    /// <summary>
    /// Keeps the current PDF and snapshot beside the new ones as <c>{reportId}.v{version}.pdf</c> and <c>.json</c>, before a
    /// render that changes them replaces them: what was sent or reviewed stays readable.
    /// </summary>
    public async Task ArchiveAsync(string clientId, string reportId, int version, CancellationToken cancellationToken)
    {
        foreach (var extension in new[] { "pdf", "json" })
        {
            if (await ReadAsync(Blob(clientId, reportId, extension), cancellationToken) is { } bytes)
            {
                await UploadAsync(Blob(clientId, $"{reportId}.v{version.ToString(CultureInfo.InvariantCulture)}", extension), bytes, cancellationToken);
            }
        }
    }

    /// <summary>The PDF's bytes, or null when there is no such blob.</summary>
    public Task<byte[]?> ReadPdfAsync(string clientId, string reportId, CancellationToken cancellationToken) =>
        ReadAsync(Blob(clientId, reportId, "pdf"), cancellationToken);

    /// <summary>The JSON snapshot's bytes, or null when there is no such blob.</summary>
    public Task<byte[]?> ReadDataAsync(string clientId, string reportId, CancellationToken cancellationToken) =>
        ReadAsync(Blob(clientId, reportId, "json"), cancellationToken);

    /// <summary>A link that downloads the PDF without a key until it expires.</summary>
    public (Uri Url, DateTimeOffset ExpiresAt) CreateDownloadLink(string clientId, string reportId)
    {
        var expires = time.GetUtcNow().Add(options.Value.LinkLifetime);
        var unix = expires.ToUnixTimeSeconds();
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var url = $"{baseUrl}/api/v1/clients/{clientId}/reports/{reportId}/download?expires={unix}&sig={Sign(clientId, reportId, unix)}";
        return (new Uri(url), DateTimeOffset.FromUnixTimeSeconds(unix));
    }

    /// <summary>True when <paramref name="signature"/> signs this report until <paramref name="expires"/>, and that is still ahead.</summary>
    public bool IsValidLink(string clientId, string reportId, long expires, string signature) =>
        expires > time.GetUtcNow().ToUnixTimeSeconds()
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(clientId, reportId, expires)),
            Encoding.ASCII.GetBytes(signature));

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private string Sign(string clientId, string reportId, long expires)
    {
        var secret = options.Value.LinkSecret ?? throw new InvalidOperationException("Reports:LinkSecret is not set.");
        var mac = HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{clientId}/{reportId}/{expires}")));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private BlobClient Blob(string clientId, string reportId, string extension) =>
        _container.GetBlobClient($"{clientId}/{reportId}.{extension}");

    private static Task UploadAsync(BlobClient blob, byte[] bytes, CancellationToken cancellationToken) =>
        blob.UploadAsync(
            BinaryData.FromBytes(bytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = blob.Name.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "application/json" } },
            cancellationToken);

    private static async Task<byte[]?> ReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }
}
