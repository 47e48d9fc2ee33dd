namespace KpiFunctions.FakePlatforms;

/// <summary>Settings of a <see cref="FakeMeta"/> server. In its own process they bind from the <c>FakeMeta</c> section (<c>--FakeMeta:AcceptAnyToken=true</c>).</summary>
public sealed class FakeMetaOptions
{
    /// <summary>The app id the OAuth endpoints accept as <c>client_id</c>.</summary>
    public string AppId { get; set; } = "fake-app-id";

    /// <summary>The app secret the token endpoint accepts as <c>client_secret</c>.</summary>
    public string AppSecret { get; set; } = "fake-app-secret";

    /// <summary>When true every Graph call passes the token check (for benchmarks); OAuth still checks the app credentials.</summary>
    public bool AcceptAnyToken { get; set; }

    /// <summary>How many status polls an async Ads report job answers before it is done (the last of them says "Job Completed").</summary>
    public int AsyncPolls { get; set; } = 2;

    /// <summary>The most requests <see cref="FakeMeta.Requests"/> keeps; the oldest go first.</summary>
    public int MaxRecordedRequests { get; set; } = 100_000;

    /// <summary>The fake's clock: "today" is its UTC date, and days from today on have no data.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
