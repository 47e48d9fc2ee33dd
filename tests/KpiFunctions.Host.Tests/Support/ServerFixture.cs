using System.Net;
using System.Net.Http.Json;
using KpiFunctions.Testing;

namespace KpiFunctions.Host.Tests.Support;

/// <summary>The real host on a loopback port, one per test class, on the shared Azurite with its own tables.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private KpiFunctionsServer? _server;
    private HttpClient? _admin;

    public KpiFunctionsServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The shared Azurite's connection string, for tests that check what was stored.</summary>
    public string StorageConnectionString { get; private set; } = "";

    /// <summary>An HTTP client that sends the admin key.</summary>
    public HttpClient Admin => _admin ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync()
    {
        var azurite = await SharedAzurite.GetAsync();
        StorageConnectionString = azurite.ConnectionString;
        _server = await KpiFunctionsServer.StartAsync(azurite.ConnectionString);
        _admin = _server.CreateAdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>An HTTP client that sends <paramref name="key"/> (none when null).</summary>
    public HttpClient CreateClient(string? key) => Server.CreateClient(key);

    /// <summary>Creates a client with a fresh id (so that tests never share data) and returns the id.</summary>
    public async Task<string> CreateClientAsync(string prefix, string currency = "SEK")
    {
        var id = TestIds.New(prefix);
        using var response = await Admin.PostAsJsonAsync(
            "/api/v1/clients",
            new { id, name = $"Test client {prefix}", timeZone = "Europe/Stockholm", currency, locale = "sv-SE" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    /// <summary>Creates a client key with the admin key and returns the secret key.</summary>
    public async Task<string> CreateKeyAsync(string clientId, bool canWrite)
    {
        using var response = await Admin.PostAsJsonAsync($"/api/v1/clients/{clientId}/keys", new { name = "test key", canWrite });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Api.ReadObjectAsync(response);
        return (string)body["key"]!;
    }
}

/// <summary>Client ids that no other test uses.</summary>
public static class TestIds
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
