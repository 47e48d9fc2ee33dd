using System.Net;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// Failed authentications are limited per client address (then every attempt from it waits, a valid key too), and
/// client keys have a request quota: 429 problem details with Retry-After.
/// </summary>
public sealed class RateLimitTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task BadKeys_OverTheLimitPerAddress_Answer429WithRetryAfterEvenForTheAdminKey()
    {
        await using var server = await KpiFunctionsServer.StartAsync(
            fixture.StorageConnectionString, new Dictionary<string, string?> { ["Auth:FailedAttemptsPerMinute"] = "5" });
        using var guesser = server.CreateClient("kf_0123456789abcdef.guess");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await guesser.GetAsync("/api/v1/clients");
            answers.Add(response.StatusCode);
        }

        using var blocked = await server.CreateAdminClient().GetAsync("/api/v1/clients");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], answers);
        await Api.AssertProblemAsync(blocked, HttpStatusCode.TooManyRequests);
        var retryAfter = blocked.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ClientKey_OverItsQuota_Answers429WithRetryAfterAndTheAdminIsUnaffected()
    {
        await using var server = await KpiFunctionsServer.StartAsync(
            fixture.StorageConnectionString, new Dictionary<string, string?> { ["Auth:ClientKeyRequestsPerMinute"] = "3" });
        using var admin = server.CreateAdminClient();
        var id = TestIds.New("quota");
        (await admin.PostAsync("/api/v1/clients", System.Net.Http.Json.JsonContent.Create(new { id, name = "Quota", timeZone = "UTC", currency = "EUR", locale = "en-GB" }))).EnsureSuccessStatusCode();
        using var created = await admin.PostAsync($"/api/v1/clients/{id}/keys", System.Net.Http.Json.JsonContent.Create(new { name = "portal", canWrite = false }));
        using var portal = server.CreateClient((string)(await Api.ReadObjectAsync(created))["key"]!);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await portal.GetAsync($"/api/v1/clients/{id}");
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        using var over = await portal.GetAsync($"/api/v1/clients/{id}");
        await Api.AssertProblemAsync(over, HttpStatusCode.TooManyRequests);
        Assert.NotNull(over.Headers.RetryAfter?.Delta);
        for (var i = 0; i < 5; i++)
        {
            using var response = await admin.GetAsync($"/api/v1/clients/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
