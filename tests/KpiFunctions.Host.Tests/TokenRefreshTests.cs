using KpiFunctions.App.Ingestion;

namespace KpiFunctions.Host.Tests;

/// <summary>What a refresh answer leaves stored: the refresh token and its end survive an answer that does not rotate it.</summary>
public sealed class TokenRefreshTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly PlatformTokens Stored = new("old-access", "refresh-1", Now.AddDays(2), Now.AddDays(20));

    [Fact]
    public void Refreshed_AnswerWithoutARefreshToken_KeepsTheStoredOneAndItsEnd()
    {
        var saved = IngestAccountJob.Refreshed(Stored, new PlatformTokens("new-access", null, Now.AddDays(60)));

        Assert.Equal(new PlatformTokens("new-access", "refresh-1", Now.AddDays(60), Now.AddDays(20)), saved);
    }

    [Fact]
    public void Refreshed_SameRefreshTokenWithoutItsEnd_KeepsTheStoredEnd()
    {
        var saved = IngestAccountJob.Refreshed(Stored, new PlatformTokens("new-access", "refresh-1", Now.AddDays(60)));

        Assert.Equal(Now.AddDays(20), saved.RefreshExpiresAt);
    }

    [Fact]
    public void Refreshed_SameRefreshTokenWithWhatIsLeftOfIt_TakesTheAnswersEnd()
    {
        var saved = IngestAccountJob.Refreshed(Stored, new PlatformTokens("new-access", "refresh-1", Now.AddDays(60), Now.AddDays(19.99)));

        Assert.Equal(Now.AddDays(19.99), saved.RefreshExpiresAt);
    }

    [Fact]
    public void Refreshed_RotatedRefreshToken_ReplacesTheOldOneWithItsOwnEnd()
    {
        Assert.Equal(
            new PlatformTokens("new-access", "refresh-2", Now.AddDays(30), Now.AddDays(365)),
            IngestAccountJob.Refreshed(Stored, new PlatformTokens("new-access", "refresh-2", Now.AddDays(30), Now.AddDays(365))));
        Assert.Null(IngestAccountJob.Refreshed(Stored, new PlatformTokens("new-access", "refresh-2", Now.AddDays(30))).RefreshExpiresAt);
    }
}
