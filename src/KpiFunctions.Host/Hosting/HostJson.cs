using System.Text.Json;

namespace KpiFunctions.Host.Hosting;

/// <summary>
/// The repository's <c>host.json</c>, the file the Functions app publishes, read into this host's configuration under
/// <c>AzureWebJobs:</c>, where the WebJobs SDK looks for it: <c>extensions.queues</c> (batch size, new-batch
/// threshold, max dequeue count, visibility timeout, polling) then configures the queue triggers of both hosts.
/// </summary>
internal static class HostJson
{
    private const string Section = "AzureWebJobs";

    /// <summary>The settings of the file at <paramref name="path"/>, as configuration keys under <c>AzureWebJobs:</c>.</summary>
    public static Dictionary<string, string?> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(document.RootElement, Section, settings);
        return settings;
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, string?> settings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, $"{path}:{property.Name}", settings);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{path}:{i++}", settings);
                }

                break;
            case JsonValueKind.String:
                settings[path] = element.GetString();
                break;
            default:
                settings[path] = element.GetRawText();
                break;
        }
    }
}
