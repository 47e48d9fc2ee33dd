namespace KpiFunctions.FakePlatforms;

/// <summary>The control endpoints of the OAuth 2.0 platforms' knobs under <c>/_fake</c> (see <see cref="FakeMeta"/>).</summary>
internal static class OAuth2Control
{
    public static void MapOAuth2Control(this WebApplication app)
    {
        var fake = app.MapGroup("/_fake");
        fake.MapPost("/oauth2/{platform}/tokens", (string platform, IssueBody? body, FakeMetaState state) => Do(() =>
        {
            var access = platform switch
            {
                FakePlatform.LinkedIn => LinkedInApi.AccessLifetime,
                FakePlatform.Pinterest => PinterestApi.AccessLifetime,
                _ => throw new ArgumentException($"'{platform}' has no OAuth 2.0 refresh tokens in the fake: use linkedin or pinterest."),
            };
            var issued = state.IssueTokens(platform, body?.Owner, access, state.Time.GetUtcNow() + TimeSpan.FromDays(body?.RefreshLifetimeDays ?? 365));
            return Results.Ok(new { accessToken = issued.AccessToken, refreshToken = issued.RefreshToken, expiresIn = (long)issued.AccessLifetime.TotalSeconds, refreshExpiresAt = issued.RefreshExpiresAt });
        }));
        fake.MapPut("/oauth2/{platform}/refresh-tokens/{token}", (string platform, string token, RefreshBody body, FakeMetaState state) =>
            Do(() => Ok(() => state.AddRefreshToken(platform, token, body.ExpiresAt, body.Owner))));
        fake.MapDelete("/oauth2/refresh-tokens/{token}", (string token, FakeMetaState state) => Do(() => Ok(() => state.RevokeRefreshToken(token))));
        fake.MapPut("/oauth2/{platform}/signed-in", (string platform, SignInBody body, FakeMetaState state) => Do(() => Ok(() => state.SignIn(platform, body.Account))));
        fake.MapPut("/quota/{platform}", (string platform, QuotaBody body, FakeMetaState state) => Do(() => Ok(() => state.SetDailyQuota(platform, body.Calls))));
        fake.MapPut("/status/{platform}/{externalId}/{day}", (string platform, string externalId, DateOnly day, StatusBody body, FakeMetaState state) =>
            Do(() => Ok(() => state.SetDataStatus(platform, externalId, day, body.Status))));
    }

    private static IResult Ok(Action action)
    {
        action();
        return Results.NoContent();
    }

    private static IResult Do(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    internal sealed record IssueBody(string? Owner, int? RefreshLifetimeDays);

    internal sealed record RefreshBody(DateTimeOffset ExpiresAt, string? Owner);

    internal sealed record SignInBody(string? Account);

    internal sealed record QuotaBody(int? Calls);

    internal sealed record StatusBody(string? Status);
}
