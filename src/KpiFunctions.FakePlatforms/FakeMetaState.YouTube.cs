namespace KpiFunctions.FakePlatforms;

/// <summary>Google's quota for the YouTube APIs: the next calls can be made to answer a quota error.</summary>
internal sealed partial class FakeMetaState
{
    private (int Remaining, string Reason) youTubeQuota;

    public void ExceedYouTubeQuota(int requests, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        if (reason is not ("quotaExceeded" or "dailyLimitExceeded" or "rateLimitExceeded" or "userRateLimitExceeded"))
        {
            throw new ArgumentException($"Unknown quota reason '{reason}': use quotaExceeded, dailyLimitExceeded, rateLimitExceeded or userRateLimitExceeded.", nameof(reason));
        }

        lock (gate)
        {
            youTubeQuota = (requests, reason);
        }
    }

    /// <summary>The quota error the next YouTube call answers, if any are left.</summary>
    public string? TakeYouTubeQuotaError()
    {
        lock (gate)
        {
            if (youTubeQuota.Remaining <= 0)
            {
                return null;
            }

            youTubeQuota.Remaining--;
            return youTubeQuota.Reason;
        }
    }

    // Called under the gate by Reset.
    private void ResetYouTube() => youTubeQuota = default;
}
