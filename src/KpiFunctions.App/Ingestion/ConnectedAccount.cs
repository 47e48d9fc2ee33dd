namespace KpiFunctions.App.Ingestion;

/// <summary>Where an account's connection to its platform stands; shown in snake_case (<c>needs_reauth</c>).</summary>
public enum AccountStatus
{
    /// <summary>No token yet: connect it (OAuth) or store one (credentials).</summary>
    NotConnected,

    /// <summary>Fetched on schedule.</summary>
    Connected,

    /// <summary>The platform rejected the token: a person must connect it again. Nothing is fetched until then.</summary>
    NeedsReauth,

    /// <summary>The platform asked us to slow down: the fetch resumes by itself after the wait.</summary>
    Throttled,

    /// <summary>The last fetch failed (not the token): it is retried at the next schedule.</summary>
    Failing,
}

/// <summary>An account an agency connected for one client: which platform object it is, and how far it is fetched.</summary>
/// <param name="ClientId">The client.</param>
/// <param name="Id">The account id, the same as its metric rows use.</param>
/// <param name="Platform">The platform id (<c>facebook</c>, <c>instagram</c>, <c>meta_ads</c>...).</param>
/// <param name="ExternalId">The platform's own id (a Page id, an Instagram user id, an ad account id without <c>act_</c>).</param>
/// <param name="Name">A name to show.</param>
/// <param name="TimeZone">The IANA zone its days are counted in.</param>
public sealed record ConnectedAccount(string ClientId, string Id, string Platform, string ExternalId, string Name, string TimeZone)
{
    public AccountStatus Status { get; init; } = AccountStatus.NotConnected;

    /// <summary>Why the status is what it is (the platform's reason for <c>needs_reauth</c>), never a token.</summary>
    public string? StatusReason { get; init; }

    /// <summary>The last day fetched completely; null before the first fetch.</summary>
    public DateOnly? SyncedThrough { get; init; }

    /// <summary>The last run, finished or not.</summary>
    public RunRecord? LastRun { get; init; }

    /// <summary>The protected tokens; null until connected.</summary>
    public StoredTokens? Tokens { get; init; }

    /// <summary>The account-local day whose fetch was last enqueued by the schedule, and when.</summary>
    public (DateOnly Day, DateTimeOffset At)? Scheduled { get; init; }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The calendar date on the account's clock at <paramref name="instant"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The text a token of this account is bound to when protected.</summary>
    public string TokenContext(string field) => $"{ClientId}/{Id}/{field}";
}

/// <summary>An account's tokens as stored: protected by <see cref="TokenProtector"/>, never in clear text.</summary>
/// <param name="AccessToken">The protected access token.</param>
/// <param name="RefreshToken">The protected refresh token, if the platform gives one.</param>
/// <param name="ExpiresAt">When the access token expires, if it does.</param>
/// <param name="RefreshExpiresAt">When the refresh token expires, if the platform says (LinkedIn: 365 days, not extended by use).</param>
public sealed record StoredTokens(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt, DateTimeOffset? RefreshExpiresAt = null);

/// <summary>Tokens in clear text, only in memory, only while a fetch or a connection uses them.</summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="RefreshToken">The refresh token, if any.</param>
/// <param name="ExpiresAt">When the access token expires, if it does.</param>
/// <param name="RefreshExpiresAt">When the refresh token expires, if the platform says.</param>
public sealed record PlatformTokens(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt, DateTimeOffset? RefreshExpiresAt = null)
{
    /// <summary>Never the tokens themselves: records print their fields, and this one may end up in a log.</summary>
    public override string ToString() => $"PlatformTokens {{ ExpiresAt = {ExpiresAt:O} }}";
}
