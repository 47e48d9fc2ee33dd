using System.Diagnostics;
using System.Text.Json.Nodes;
using KpiFunctions.Testing;

namespace KpiFunctions.Functions.Tests;

/// <summary>
/// <c>dotnet publish src/KpiFunctions.Functions</c>, once for the test class, into a folder of its own: the package
/// that is deployed to Azure, with the <c>functions.metadata</c> the Functions host reads.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "kpifunctions-publish-" + Guid.NewGuid().ToString("N"));

    /// <summary>The functions of <c>functions.metadata</c>.</summary>
    public IReadOnlyList<JsonObject> Functions { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(RepoPaths.Root, "src", "KpiFunctions.Functions"), "-c", "Release", "-o", Folder, "--nologo", "-v", "quiet" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{await output}\n{await errors}");
        var metadata = await File.ReadAllTextAsync(Path.Combine(Folder, "functions.metadata"));
        Functions = [.. JsonNode.Parse(metadata)!.AsArray().Select(f => f!.AsObject())];
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The functions whose trigger is <paramref name="type"/> (httpTrigger, timerTrigger, queueTrigger), with that binding.</summary>
    public IEnumerable<(string Name, JsonObject Trigger, JsonObject Function)> WithTrigger(string type) =>
        Functions.Select(f => ((string)f["name"]!, Trigger(f), f)).Where(f => (string)f.Item2["type"]! == type);

    private static JsonObject Trigger(JsonObject function) =>
        function["bindings"]!.AsArray().Select(b => b!.AsObject()).Single(b => ((string)b["type"]!).EndsWith("Trigger", StringComparison.Ordinal));
}
