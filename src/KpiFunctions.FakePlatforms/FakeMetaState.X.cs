namespace KpiFunctions.FakePlatforms;

/// <summary>X's rate-limit windows (per user, 15 minutes) and whether the app's plan is enrolled for the API.</summary>
internal sealed partial class FakeMetaState
{
    /// <summary>Calls a user may make per window, as X's <c>x-rate-limit-limit</c> says.</summary>
    public const int XRateLimit = 900;

    /// <summary>X's rate-limit window.</summary>
    public static readonly TimeSpan XWindow = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, XRateWindow> xWindows = new(StringComparer.Ordinal);

    /// <summary>When true the app's plan has no access to X's read endpoints (403 client-not-enrolled); <c>/2/users/me</c> still answers.</summary>
    public bool XNotEnrolled { get; set; }

    /// <summary>Sets the window of <paramref name="userId"/>: <paramref name="remaining"/> calls left until <paramref name="resetIn"/> from now.</summary>
    public void SetXRateLimit(string userId, int remaining, TimeSpan resetIn)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(remaining);
        lock (gate)
        {
            xWindows[userId] = new XRateWindow(remaining, WholeSecond(Time.GetUtcNow() + resetIn));
        }
    }

    /// <summary>One call of <paramref name="userId"/>: false when its window is used up; the window's state after the call.</summary>
    public bool TakeXCall(string userId, out int remaining, out DateTimeOffset reset)
    {
        lock (gate)
        {
            var now = Time.GetUtcNow();
            if (!xWindows.TryGetValue(userId, out var window) || window.Reset <= now)
            {
                xWindows[userId] = window = new XRateWindow(XRateLimit, WholeSecond(now + XWindow));
            }

            reset = window.Reset;
            if (window.Remaining == 0)
            {
                remaining = 0;
                return false;
            }

            window.Remaining--;
            remaining = window.Remaining;
            return true;
        }
    }

    // x-rate-limit-reset is in epoch seconds: the window ends on the second it names.
    private static DateTimeOffset WholeSecond(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds() + (time.ToUnixTimeMilliseconds() % 1000 == 0 ? 0 : 1));

    // Called under the gate by Reset.
    private void ResetX()
    {
        xWindows.Clear();
        XNotEnrolled = false;
    }

    private sealed class XRateWindow(int remaining, DateTimeOffset reset)
    {
        public int Remaining { get; set; } = remaining;

        public DateTimeOffset Reset { get; } = reset;
    }
}
