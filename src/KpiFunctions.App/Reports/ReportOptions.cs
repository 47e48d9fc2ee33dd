namespace KpiFunctions.App.Reports;

/// <summary>Report rendering and links. Bound from the <c>Reports</c> section.</summary>
public sealed class ReportOptions
{
    /// <summary>The agency's name on every report and e-mail.</summary>
    public string AgencyName { get; set; } = "Your Agency";

    /// <summary>The agency's main colour, #RRGGBB.</summary>
    public string PrimaryColor { get; set; } = "#1F3A5F";

    /// <summary>The agency's accent colour, #RRGGBB.</summary>
    public string AccentColor { get; set; } = "#E07A2F";

    /// <summary>A PNG logo file for the cover, relative to the app folder or absolute; none when empty.</summary>
    public string? LogoPath { get; set; }

    /// <summary>
    /// Where recipients reach this app, for time-limited download links in e-mails
    /// (e.g. <c>https://kpi.example-agency.com</c>).
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>
    /// Signs download links: a secret of its own (not derived from the admin key), at least 32 characters; required
    /// outside development. Changing it invalidates the links sent so far.
    /// </summary>
    public string? LinkSecret { get; set; }

    /// <summary>
    /// A render still <c>rendering</c> after this long died with its process (a render takes well under a second): the
    /// render-report message that stands behind every render, scheduled or asked for, becomes visible after it and
    /// renders the report again, so every report ends rendered or failed without a person.
    /// </summary>
    public TimeSpan RenderRecoveryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a download link works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(14);
}
