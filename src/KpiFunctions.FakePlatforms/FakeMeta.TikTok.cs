using System.Security.Cryptography;

namespace KpiFunctions.FakePlatforms;

/// <summary>TikTok's rotating refresh tokens: each works once.</summary>
internal sealed partial class FakeMetaState
{
    private readonly HashSet<string> tikTokRefreshTokens = [];

    public string IssueTikTokRefresh()
    {
        var token = "rft." + RandomNumberGenerator.GetHexString(48, lowercase: true);
        lock (gate)
        {
            tikTokRefreshTokens.Add(token);
        }

        return token;
    }

    /// <summary>Spends <paramref name="token"/>; false when it was never issued or is spent already.</summary>
    public bool TakeTikTokRefresh(string token)
    {
        lock (gate)
        {
            return tikTokRefreshTokens.Remove(token);
        }
    }
}

/// <summary>TikTok knobs.</summary>
public sealed partial class FakeMeta
{
    /// <summary>A refresh token the fake accepts once, as if TikTok had issued it with a connection.</summary>
    public string IssueTikTokRefreshToken() => state.IssueTikTokRefresh();
}
