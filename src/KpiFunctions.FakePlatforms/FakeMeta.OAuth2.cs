namespace KpiFunctions.FakePlatforms;

/// <summary>The knobs of the standard OAuth 2.0 platforms the fake serves beside Meta's: X and YouTube.</summary>
public sealed partial class FakeMeta
{
    /// <summary>
    /// A refresh token of <paramref name="platform"/> (<c>x</c> or <c>youtube</c>) as its consent with offline access would
    /// give: X's is used up by its first refresh (the answer carries the next one), Google's lasts until revoked.
    /// </summary>
    public string IssueRefreshToken(string platform) => IssueRefreshToken(state, platform);

    internal static string IssueRefreshToken(FakeMetaState state, string platform)
    {
        var scope = platform switch
        {
            FakePlatform.X => "tweet.read users.read offline.access",
            FakePlatform.YouTube => "https://www.googleapis.com/auth/yt-analytics.readonly https://www.googleapis.com/auth/youtube.readonly",
            _ => throw new ArgumentException($"Refresh tokens are issued for x and youtube, not '{platform}'.", nameof(platform)),
        };
        return state.IssueRefreshToken(platform == FakePlatform.YouTube ? "1//" : "", new OAuthGrant(platform, scope, Offline: true));
    }

    /// <summary>True while <paramref name="refreshToken"/> can still be used (not rotated away or revoked).</summary>
    public bool IsRefreshTokenLive(string refreshToken) => state.IsRefreshTokenLive(refreshToken);

    /// <summary>Revokes a refresh token: the token endpoint refuses it (X: invalid_request, Google: invalid_grant).</summary>
    public void RevokeRefreshToken(string refreshToken) => state.RevokeRefreshToken(refreshToken);

    /// <summary>
    /// X: the rate-limit window of <paramref name="userId"/> has <paramref name="remaining"/> calls left until
    /// <paramref name="resetIn"/> (15 minutes) from now; at 0 calls answer 429 until then. Windows renew with 900 calls.
    /// </summary>
    public void XRateLimit(string userId, int remaining, TimeSpan? resetIn = null) =>
        state.SetXRateLimit(userId, remaining, resetIn ?? FakeMetaState.XWindow);

    /// <summary>X: false makes the app's plan lack the read endpoints (403 client-not-enrolled on everything but <c>/2/users/me</c>).</summary>
    public void XEnrolled(bool enrolled) => state.XNotEnrolled = !enrolled;

    /// <summary>YouTube: the next <paramref name="requests"/> API calls answer 403 with Google's <paramref name="reason"/> (quotaExceeded, rateLimitExceeded...).</summary>
    public void ExceedYouTubeQuota(int requests, string reason = "quotaExceeded") => state.ExceedYouTubeQuota(requests, reason);
}
