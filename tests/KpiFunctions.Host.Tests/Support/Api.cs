using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KpiFunctions.Host.Tests.Support;

/// <summary>Calls of the public HTTP API and the checks that many tests share.</summary>
public static class Api
{
    /// <summary>A daily row as pushed in JSON: the key fields and the given metrics.</summary>
    public static Dictionary<string, object?> Row(string date, string accountId, string platform, params (string Metric, double Value)[] metrics)
    {
        var row = new Dictionary<string, object?> { ["date"] = date, ["accountId"] = accountId, ["platform"] = platform };
        foreach (var (metric, value) in metrics)
        {
            row[metric] = value;
        }

        return row;
    }

    public static Task<HttpResponseMessage> PushJsonAsync(this HttpClient http, string clientId, IEnumerable<Dictionary<string, object?>> rows) =>
        http.PostAsJsonAsync($"/api/v1/clients/{clientId}/metrics", new { rows });

    public static Task<HttpResponseMessage> PushRawAsync(this HttpClient http, string clientId, string body, string contentType) =>
        http.PostAsync($"/api/v1/clients/{clientId}/metrics", new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>Pushes JSON rows and checks the answer <c>200 {"rowsWritten": N}</c>.</summary>
    public static async Task PushOkAsync(this HttpClient http, string clientId, params Dictionary<string, object?>[] rows)
    {
        using var response = await http.PushJsonAsync(clientId, rows);
        await AssertRowsWrittenAsync(response, rows.Length);
    }

    public static async Task AssertRowsWrittenAsync(HttpResponseMessage response, int rows)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal(rows, (int)JsonNode.Parse(body)!["rowsWritten"]!);
    }

    /// <summary><c>GET .../kpis?{query}</c>, which must answer 200.</summary>
    public static async Task<JsonObject> GetKpisAsync(this HttpClient http, string clientId, string query) =>
        await GetOkAsync(http, $"/api/v1/clients/{clientId}/kpis?{query}");

    /// <summary><c>GET .../kpis/{kpiId}/series?{query}</c>, which must answer 200.</summary>
    public static async Task<JsonObject> GetSeriesAsync(this HttpClient http, string clientId, string kpiId, string query) =>
        await GetOkAsync(http, $"/api/v1/clients/{clientId}/kpis/{kpiId}/series?{query}");

    public static async Task<JsonObject> GetOkAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: expected 200, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>
    /// Checks a 400 RFC 9457 validation problem and returns its <c>errors</c>: field or parameter → messages.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string[]>> AssertValidationProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(400, (int)body["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["title"]));
        var errors = Assert.IsType<JsonObject>(body["errors"]);
        var result = errors.ToDictionary(
            e => e.Key,
            e => e.Value!.AsArray().Select(m => (string)m!).ToArray(),
            StringComparer.Ordinal);
        Assert.All(result, e => Assert.All(e.Value, m => Assert.False(string.IsNullOrWhiteSpace(m))));
        return result;
    }

    /// <summary>Checks a problem-details answer with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int)body["status"]!);
        return body;
    }

    /// <summary>The entry of KPI <paramref name="id"/> in a <c>kpis</c> array.</summary>
    public static JsonObject Kpi(JsonNode response, string id) =>
        Assert.Single(response["kpis"]!.AsArray(), k => (string)k!["id"]! == id)!.AsObject();

    public static double? Value(JsonNode response, string id) => Number(Kpi(response, id), "value");

    /// <summary>A number property, or null when the property holds null; fails when it is absent.</summary>
    public static double? Number(JsonObject node, string property)
    {
        Assert.True(node.ContainsKey(property), $"'{property}' is missing from {node.ToJsonString()}");
        return node[property] is { } value ? value.GetValue<double>() : null;
    }

    /// <summary>The entry of <paramref name="platform"/> in a <c>platforms</c> array.</summary>
    public static JsonObject Platform(JsonNode response, string platform) =>
        Assert.Single(response["platforms"]!.AsArray(), p => (string)p!["platform"]! == platform)!.AsObject();

    /// <summary>A date <paramref name="days"/> after today in UTC.</summary>
    public static string DaysFromToday(int days) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>The text of <paramref name="pdf"/>, as <c>pdftotext</c> reads it.</summary>
    public static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, pdf);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", [file, "-"]) { RedirectStandardOutput = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(file);
        return text;
    }
}

/// <summary>Number checks with a tolerance for the last bits of a double.</summary>
public static class Approx
{
    public static void Equal(double expected, double? actual)
    {
        Assert.True(actual.HasValue, $"Expected {expected}, got null.");
        Assert.Equal(expected, actual.Value, 1e-9);
    }
}
