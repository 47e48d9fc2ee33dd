using System.Net.Http.Json;
using KpiFunctions.Testing;

namespace KpiFunctions.Host.Tests.Support;

/// <summary>The report pipeline as the end-to-end tests run it: the trigger engine on, e-mail through a MailDev.</summary>
public static class PipelineSetup
{
    /// <summary>Settings of a host that runs ScheduleReports every 2 s, polls its queues often and e-mails through <paramref name="mail"/>.</summary>
    public static Dictionary<string, string?> Settings(MailDev mail, string name)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Scheduler:Enabled"] = "true",
            ["Scheduler:HostId"] = $"{name}-{Guid.NewGuid().ToString("N")[..8]}",
            ["ReportSchedule"] = "*/2 * * * * *",
            ["AzureWebJobs:extensions:queues:maxPollingInterval"] = "00:00:00.100",
            ["Reports:AgencyName"] = "Pipeline Agency",
            ["Delivery:FromAddress"] = $"reports@{name}.example",
        };
        foreach (var (key, value) in mail.DeliverySettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// Creates a UTC client <paramref name="id"/> whose monthly report goes out on the 1st at 06:00 to two people, whose
    /// addresses it returns.
    /// </summary>
    public static async Task<string[]> CreateMonthlyClientAsync(HttpClient admin, string id)
    {
        string[] recipients = [$"cmo-{id}@example.com", $"team-{id}@example.com"];
        (await admin.PostAsJsonAsync("/api/v1/clients", new { id, name = "Pipeline Client", timeZone = "UTC", currency = "EUR", locale = "en-GB" })).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/api/v1/clients/{id}", new
        {
            cadence = new { frequency = "monthly", sendTime = "06:00", delayDays = 0, compare = "previous" },
            recipients = recipients.Select(r => new { email = r, name = (string?)null }),
        })).EnsureSuccessStatusCode();
        return recipients;
    }
}
