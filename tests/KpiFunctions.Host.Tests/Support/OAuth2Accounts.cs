using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KpiFunctions.App.Ingestion;
using KpiFunctions.App.Metrics;
using KpiFunctions.App.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KpiFunctions.Host.Tests.Support;

/// <summary>
/// What the tests of the OAuth 2.0 platforms (X, YouTube) do beside <see cref="IngestionFixture"/>'s helpers: accounts in
/// a time zone, credentials with a refresh token, the stored tokens read back in clear, a throttled run continued.
/// </summary>
internal static partial class OAuth2Accounts
{
    /// <summary>A new client with an account of <paramref name="platform"/> in <paramref name="timeZone"/>, connected (and backfilled) with a fresh fake token.</summary>
    public static async Task<(string ClientId, string AccountId, string ExternalId, string Token)> ConnectedInZoneAsync(this IngestionFixture fixture, string platform, string timeZone)
    {
        var clientId = TestIds.New("zone");
        (await fixture.Admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "Zoned", timeZone, currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        var externalId = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        var accountId = $"{platform}-zoned";
        using var put = await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/{accountId}", new { platform, externalId, timeZone });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var token = fixture.Fake.IssueToken();
        await fixture.StoreTokenAsync(clientId, accountId, token);
        await fixture.DrainAsync();
        return (clientId, accountId, externalId, token);
    }

    /// <summary>
    /// Stores an access token with a refresh token and an expiry (as an agency would paste them); runs the fetch it starts
    /// unless <paramref name="drain"/> is false (a test then breaks something first and drains itself).
    /// </summary>
    public static async Task StoreCredentialsAsync(
        this IngestionFixture fixture, string clientId, string accountId, string accessToken, string refreshToken, DateTimeOffset expiresAt, bool drain = true)
    {
        using var response = await fixture.Admin.PutAsJsonAsync(
            $"/api/v1/clients/{clientId}/accounts/{accountId}/credentials", new { accessToken, refreshToken, expiresAt });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        if (drain)
        {
            await fixture.DrainAsync();
        }
    }

    /// <summary>The account's tokens as stored, decrypted.</summary>
    public static async Task<PlatformTokens> StoredTokensAsync(this IngestionFixture fixture, string clientId, string accountId)
    {
        var account = (await fixture.Server.Services.GetRequiredService<AccountStore>().FindAsync(clientId, accountId, CancellationToken.None))!;
        var protector = fixture.Server.Services.GetRequiredService<TokenProtector>();
        var stored = account.Tokens!;
        return new PlatformTokens(
            protector.Unprotect(stored.AccessToken, account.TokenContext("access")),
            stored.RefreshToken is { } refresh ? protector.Unprotect(refresh, account.TokenContext("refresh")) : null,
            stored.ExpiresAt,
            stored.RefreshExpiresAt);
    }

    /// <summary>Makes the stored access token's expiry lie in the past (the token itself is unchanged).</summary>
    public static async Task ExpireStoredAccessTokenAsync(this IngestionFixture fixture, string clientId, string accountId) =>
        await fixture.Server.Services.GetRequiredService<AccountStore>().UpdateAsync(
            clientId, accountId, a => a with { Tokens = a.Tokens! with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) } }, CancellationToken.None);

    /// <summary>Runs a throttled run's next attempt at once, as the queue hands it over once visible; answers the run.</summary>
    public static async Task<JsonObject> ContinueAsync(this IngestionFixture fixture, string clientId, string accountId, JsonObject run)
    {
        var job = fixture.Server.Services.GetRequiredService<IngestAccountJob>();
        var id = (string)run["id"]!;
        await job.RunAsync(new IngestAccountMessage(clientId, accountId, id, Day(run["from"]), Day(run["to"]), Attempt: 2), CancellationToken.None);
        return await fixture.Admin.GetOkAsync($"/api/v1/clients/{clientId}/accounts/{accountId}/runs/{id}");
    }

    /// <summary>When a throttled run continues, from its error ("… Continuing after 2026-06-10 12:00:00 UTC.").</summary>
    public static DateTimeOffset ContinuesAt(JsonObject run)
    {
        var match = ContinuingAfter().Match((string)run["error"]!);
        Assert.True(match.Success, (string)run["error"]!);
        return DateTimeOffset.ParseExact(match.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    /// <summary>The client's stored posts published from <paramref name="from"/> through <paramref name="to"/> (UTC days), most engaging first.</summary>
    public static async Task<IReadOnlyList<StoredPost>> PostsAsync(this IngestionFixture fixture, string clientId, DateOnly from, DateOnly to) =>
        await fixture.Server.Services.GetRequiredService<PostStore>().TopAsync(
            clientId, new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), 1_000, CancellationToken.None);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Day(JsonNode? node) => node is null ? null : DateOnly.ParseExact((string)node!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Continuing after (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC")]
    private static partial Regex ContinuingAfter();
}

/// <summary>Options that are what they are: a connector built by hand with settings of its own.</summary>
internal sealed class FixedOptions<T>(T value) : Microsoft.Extensions.Options.IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
