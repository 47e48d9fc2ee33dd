namespace KpiFunctions.FakePlatforms;

/// <summary>The knobs of the platforms on standard OAuth 2.0 (LinkedIn, Pinterest); their HTTP twins are in <see cref="OAuth2Control"/>.</summary>
public sealed partial class FakeMeta
{
    /// <summary>
    /// Issues an access token and a refresh token of <paramref name="platform"/> (<c>linkedin</c>, <c>pinterest</c>) as its
    /// token endpoint would: the access token lives 60 days (LinkedIn) or 30 (Pinterest), the refresh token
    /// <paramref name="refreshLifetime"/> (365 days by default). Pinterest tokens belong to <paramref name="owner"/>, the
    /// account whose analytics they read (<c>fake_pinner</c> when null).
    /// </summary>
    public IssuedTokens IssueTokens(string platform, string? owner = null, TimeSpan? refreshLifetime = null)
    {
        var access = FakePlatform.Check(platform) switch
        {
            FakePlatform.LinkedIn => LinkedInApi.AccessLifetime,
            FakePlatform.Pinterest => PinterestApi.AccessLifetime,
            _ => throw new ArgumentException($"'{platform}' has no OAuth 2.0 refresh tokens in the fake: use linkedin or pinterest.", nameof(platform)),
        };
        return state.IssueTokens(platform, owner, access, state.Time.GetUtcNow() + (refreshLifetime ?? TimeSpan.FromDays(365)));
    }

    /// <summary>Makes the token endpoint of <paramref name="platform"/> accept <paramref name="refreshToken"/> until <paramref name="expiresAt"/>.</summary>
    public void AddRefreshToken(string platform, string refreshToken, DateTimeOffset expiresAt, string? owner = null) =>
        state.AddRefreshToken(platform, refreshToken, expiresAt, owner);

    /// <summary>
    /// Who the consent page of <paramref name="platform"/> is signed in as: the account the codes it gives grant (Pinterest:
    /// <c>fake_pinner</c> when nobody is). Null signs out.
    /// </summary>
    public void SignIn(string platform, string? account) => state.SignIn(platform, account);

    /// <summary>
    /// At most <paramref name="calls"/> API calls of <paramref name="platform"/> per UTC day of the fake's clock (null: no
    /// limit); past it the platform answers 429 until midnight UTC. The quota starts empty when set.
    /// </summary>
    public void SetDailyQuota(string platform, int? calls) => state.SetDailyQuota(platform, calls);

    /// <summary>The <c>data_status</c> Pinterest's analytics report for a day (<c>PROCESSING</c>, <c>ESTIMATE</c>...); null: the default.</summary>
    public void SetDataStatus(string platform, string externalId, DateOnly day, string? status) => state.SetDataStatus(platform, externalId, day, status);
}
