using Azure.Data.Tables;
using KpiFunctions.App.Storage;

namespace KpiFunctions.App.Metrics;

/// <summary>
/// Posts fetched from the platforms, in the <c>Posts</c> table (partition: <c>{clientId}|{accountId}</c>, as metrics;
/// row: the post id), for the reports' top posts. A post fetched again (its counts grew) replaces what was stored.
/// One partition per account keeps each write's partition small, and a client's posts one key-range scan.
/// </summary>
public sealed class PostStore(Tables tables)
{
    private const int MaxTextLength = 2_000;

    public Task WriteAsync(string clientId, string accountId, string platform, IEnumerable<PlatformPost> posts, CancellationToken cancellationToken) =>
        tables.Posts.UpsertMergeAsync(
            posts.Where(p => IsKeySafe(p.Id)).DistinctBy(p => p.Id).Select(p => new TableEntity($"{clientId}|{accountId}", p.Id)
            {
                ["AccountId"] = accountId,
                ["Platform"] = platform,
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

    /// <summary>The client's posts published from <paramref name="from"/> until before <paramref name="to"/>, most engaging first.</summary>
    public async Task<IReadOnlyList<StoredPost>> TopAsync(string clientId, DateTimeOffset from, DateTimeOffset to, int count, CancellationToken cancellationToken)
    {
        var posts = new List<StoredPost>();
        // Every partition of the client: '|' is followed by '}' in ASCII.
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {clientId + "|"} and PartitionKey lt {clientId + "}"} and PublishedAt ge {from} and PublishedAt lt {to}");
        await foreach (var e in tables.Posts.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            posts.Add(new StoredPost(
                e.GetString("AccountId"), e.GetString("Platform"), e.GetString("PostId"), e.GetDateTimeOffset("PublishedAt")!.Value,
                e.GetString("Text"), e.GetString("Permalink"), e.GetDouble("Engagements") ?? 0, e.GetDouble("Likes"), e.GetDouble("Shares")));
        }

        return [.. posts.OrderByDescending(p => p.Engagements).ThenBy(p => p.PostId, StringComparer.Ordinal).Take(count)];
    }

    // Table keys may not hold '/', '\', '#', '?' or control characters.
    private static bool IsKeySafe(string id) => id.Length is > 0 and <= 200 && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}

/// <summary>A stored post.</summary>
public sealed record StoredPost(
    string AccountId, string Platform, string PostId, DateTimeOffset PublishedAt, string? Text, string? Permalink, double Engagements, double? Likes, double? Shares);

/// <summary>A post as its platform showed it; a count the platform did not give is null.</summary>
public sealed record PlatformPost(
    string Id,
    DateTimeOffset PublishedAt,
    string? Text,
    string? Permalink,
    double? Likes,
    double? Comments,
    double? Shares,
    double? Saves);
