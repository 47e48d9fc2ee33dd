using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text;
using Azure.Storage.Blobs.Models;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// Every raw platform response of a run, kept so that rows can be rebuilt after a mapping fix: gathered per chunk and
/// written as one gzipped JSON-lines blob (<c>raw/{platform}/{clientId}/{accountId}/{runId}/{n}-{from}_{to}.jsonl.gz</c>),
/// each line the request (tokens removed), the status and the body.
/// </summary>
public sealed class RawResponses(Blobs blobs, ConnectedAccount account, string runId)
{
    private readonly List<string> _lines = [];
    private int _chunk;

    /// <summary>The blob folder of the run.</summary>
    public string Folder => $"{account.Platform}/{account.ClientId}/{account.Id}/{runId}/";

    /// <summary>Keeps one response: a JSON body as it came (no re-encoding), any other as a string.</summary>
    public void Add(string method, string url, int status, string body, bool isJson)
    {
        var line = $"{{\"method\":{JsonSerializer.Serialize(method)},\"url\":{JsonSerializer.Serialize(url)},\"status\":{status.ToString(CultureInfo.InvariantCulture)},\"body\":{(isJson ? body.ReplaceLineEndings(" ") : JsonSerializer.Serialize(body))}}}";
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    /// <summary>Writes what was gathered since the last call (nothing when empty).</summary>
    public async Task FlushAsync(DateRange range, CancellationToken cancellationToken)
    {
        string[] lines;
        lock (_lines)
        {
            lines = [.. _lines];
            _lines.Clear();
        }

        if (lines.Length == 0)
        {
            return;
        }

        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
            await gzip.WriteAsync(bytes, cancellationToken);
        }

        buffer.Position = 0;
        var name = string.Create(CultureInfo.InvariantCulture, $"{Folder}{++_chunk:D4}-{range.From:yyyy-MM-dd}_{range.To:yyyy-MM-dd}.jsonl.gz");
        await blobs.Raw.GetBlobClient(name).UploadAsync(
            buffer,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson", ContentEncoding = "gzip" } },
            cancellationToken);
    }

    /// <summary>Deletes raw responses older than <paramref name="retention"/>; returns how many blobs went.</summary>
    public static async Task<int> PruneAsync(Blobs blobs, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var blob in blobs.Raw.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (blob.Properties.CreatedOn is { } created && created < now - retention)
            {
                await blobs.Raw.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }
}
