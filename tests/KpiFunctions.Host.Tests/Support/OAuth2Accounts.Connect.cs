using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using KpiFunctions.FakePlatforms;

namespace KpiFunctions.Host.Tests.Support;

/// <summary>Accounts of the platforms on standard OAuth 2.0 (LinkedIn, Pinterest) connected on an <see cref="IngestionFixture"/>.</summary>
internal static partial class OAuth2Accounts
{
    /// <summary>
    /// A new client (UTC) with an account of <paramref name="platform"/> connected with fresh fake tokens stored as
    /// credentials (access token, refresh token, its expiry), after its first fetch: a LinkedIn organization id, or a
    /// Pinterest username the tokens belong to. With <paramref name="since"/> the fake generates no data before that day,
    /// so the days a test sets by hand hold only what it set.
    /// </summary>
    public static async Task<OAuth2Account> ConnectAsync(
        this IngestionFixture fixture, string platform, TimeSpan? refreshLifetime = null, DateTimeOffset? expiresAt = null, DateOnly? since = null, string? externalId = null)
    {
        var clientId = TestIds.New("o2");
        (await fixture.Admin.PostAsJsonAsync("/api/v1/clients", new { id = clientId, name = "OAuth 2.0", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        externalId ??= NewExternalId(platform);
        var accountId = $"{platform}-main";
        if (since is not null)
        {
            fixture.Fake.AddAccount(platform, externalId, since: since);
        }

        using (var put = await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/accounts/{accountId}", new { platform, externalId, name = "Main" }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var tokens = fixture.Fake.IssueTokens(platform, platform == FakePlatform.Pinterest ? externalId : null, refreshLifetime);
        await fixture.StoreTokensAsync(clientId, accountId, tokens.AccessToken, tokens.RefreshToken, expiresAt ?? DateTimeOffset.UtcNow + tokens.AccessLifetime);
        await fixture.DrainAsync(); // the first fetch a connection starts
        return new OAuth2Account(clientId, accountId, externalId, tokens);
    }

    /// <summary>A new LinkedIn organization id or Pinterest username.</summary>
    public static string NewExternalId(string platform)
    {
        var number = Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        return platform == FakePlatform.Pinterest ? $"pin_{number}" : number;
    }

    public static async Task StoreTokensAsync(this IngestionFixture fixture, string clientId, string accountId, string accessToken, string? refreshToken, DateTimeOffset? expiresAt)
    {
        using var response = await fixture.Admin.PutAsJsonAsync(
            $"/api/v1/clients/{clientId}/accounts/{accountId}/credentials", new { accessToken, refreshToken, expiresAt });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The numbers in <c>name:digits</c> of a recorded query, e.g. LinkedIn's <c>end:</c> of a time range.</summary>
    public static long? Number(string query, string name) =>
        System.Text.RegularExpressions.Regex.Match(query, $@"[(,]{name}:(\d+)") is { Success: true } match
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>The UTC day of epoch milliseconds.</summary>
    public static DateOnly Day(long milliseconds) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime);
}

/// <summary>A connected account and the tokens it was connected with.</summary>
public sealed record OAuth2Account(string ClientId, string AccountId, string ExternalId, IssuedTokens Tokens);

