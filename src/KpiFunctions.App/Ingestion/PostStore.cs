using Azure.Data.Tables;
using KpiFunctions.App.Storage;
using KpiFunctions.Kpis;

namespace KpiFunctions.App.Ingestion;

/// <summary>
/// Posts fetched from the platforms, in the <c>Posts</c> table (partition: <c>{clientId}|{accountId}</c>, as metrics;
/// row: the post id), for the reports' top posts. A post fetched again (its counts grew) replaces what was stored.
/// One partition per account keeps each write's partition small, and a client's posts one key-range scan.
/// </summary>
public sealed class PostStore(Tables tables)
{
    private const int MaxTextLength = 2_000;

    public Task WriteAsync(ConnectedAccount account, IEnumerable<FetchedPost> posts, CancellationToken cancellationToken) =>
        tables.Posts.UpsertMergeAsync(
            posts.Where(p => IsKeySafe(p.Id)).DistinctBy(p => p.Id).Select(p => new TableEntity($"{account.ClientId}|{account.Id}", p.Id)
            {
                ["AccountId"] = account.Id,
                ["Platform"] = account.Platform,
                ["PostId"] = p.Id,
                ["PublishedAt"] = p.PublishedAt,
                ["Text"] = p.Text is { Length: > MaxTextLength } text ? text[..MaxTextLength] : p.Text,
                ["Permalink"] = p.Permalink,
                ["Likes"] = p.Likes,
                ["Comments"] = p.Comments,
                ["Shares"] = p.Shares,
                ["Saves"] = p.Saves,
                ["Engagements"] = (p.Likes ?? 0) + (p.Comments ?? 0) + (p.Shares ?? 0) + (p.Saves ?? 0),
            }),
            cancellationToken);

    /// <summary>The client's posts published in <paramref name="range"/> (UTC days), most engaging first.</summary>
    public async Task<IReadOnlyList<StoredPost>> TopAsync(string clientId, DateRange range, int count, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(range.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(range.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var posts = new List<StoredPost>();
        // Every partition of the client: '|' is followed by '}' in ASCII.
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {clientId + "|"} and PartitionKey lt {clientId + "}"} and PublishedAt ge {from} and PublishedAt lt {to}");
        await foreach (var e in tables.Posts.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            posts.Add(new StoredPost(
                e.GetString("AccountId"), e.GetString("Platform"), e.GetString("PostId"), e.GetDateTimeOffset("PublishedAt")!.Value,
                e.GetString("Text"), e.GetString("Permalink"), e.GetDouble("Engagements") ?? 0));
        }

        return [.. posts.OrderByDescending(p => p.Engagements).ThenBy(p => p.PostId, StringComparer.Ordinal).Take(count)];
    }

    // Table keys may not hold '/', '\', '#', '?' or control characters.
    private static bool IsKeySafe(string id) => id.Length is > 0 and <= 200 && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}

/// <summary>A stored post.</summary>
public sealed record StoredPost(string AccountId, string Platform, string PostId, DateTimeOffset PublishedAt, string? Text, string? Permalink, double Engagements);
