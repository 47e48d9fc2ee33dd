using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;

namespace KpiFunctions.Host.Tests.Support;

/// <summary>Clients in a chosen time zone, merge patches of them, and the dates that the tests work out by hand.</summary>
public static class ClientSetup
{
    /// <summary>Creates a client with a fresh id in <paramref name="timeZone"/> and returns the id.</summary>
    public static async Task<string> CreateClientInZoneAsync(this ServerFixture fixture, string prefix, string timeZone)
    {
        var id = TestIds.New(prefix);
        using var response = await fixture.Admin.PostAsJsonAsync(
            "/api/v1/clients",
            new { id, name = $"Test client {prefix}", timeZone, currency = "EUR", locale = "en-GB" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    /// <summary><c>PATCH /api/v1/clients/{clientId}</c> with <paramref name="json"/> as a JSON merge patch.</summary>
    public static Task<HttpResponseMessage> PatchClientAsync(this HttpClient http, string clientId, string json) =>
        http.PatchAsync($"/api/v1/clients/{clientId}", new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));

    /// <summary>Patches with the admin key and checks the answer 200; returns the patched client.</summary>
    public static async Task<System.Text.Json.Nodes.JsonObject> PatchOkAsync(this ServerFixture fixture, string clientId, string json)
    {
        using var response = await fixture.Admin.PatchClientAsync(clientId, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH {json}: expected 200, got {(int)response.StatusCode}: {text}");
        return System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>
    /// Sets the stored <c>since</c> of a client's cadence straight in its table, as if the cadence had been set on
    /// <paramref name="since"/>: the API only ever sets it to today, so "kept" and "reset" look alike without this.
    /// </summary>
    public static async Task BackdateCadenceAsync(this ServerFixture fixture, string clientId, DateOnly since)
    {
        var table = new TableServiceClient(fixture.StorageConnectionString).GetTableClient(fixture.Server.Prefix + "Clients");
        var entity = new TableEntity("client", clientId) { ["CadenceSince"] = Iso(since) };
        await table.UpdateEntityAsync(entity, Azure.ETag.All, TableUpdateMode.Merge);
    }

    /// <summary>Today's date in UTC shifted by a fixed offset: the local date of a zone without daylight saving time.</summary>
    public static DateOnly TodayAtOffset(double hours) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(hours));

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(System.Text.Json.Nodes.JsonNode? node) =>
        DateOnly.ParseExact((string)node!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
