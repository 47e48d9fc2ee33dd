using System.Diagnostics;

namespace KpiFunctions.Testing;

/// <summary>
/// A real Azurite (installed by <c>npm ci</c> into the repository's node_modules) on free loopback ports, for one test
/// run or benchmark: in memory, or with its data in a folder of its own so that it can be stopped, as an outage would,
/// and started again on the same ports with its data.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    // Azurite's well-known development account; it is public and only ever valid against Azurite.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly int[] _ports;
    private readonly string? _location;
    private Process? _process;

    private Azurite(int[] ports, string? location)
    {
        _ports = ports;
        _location = location;
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{ports[1]}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{ports[2]}/devstoreaccount1;";
    }

    /// <summary>The connection string of this Azurite, for <c>AzureWebJobsStorage</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The running Azurite's process id, to read its memory; 0 while stopped.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Starts an Azurite that keeps its data in memory.</summary>
    public static Task<Azurite> StartAsync(CancellationToken cancellationToken = default) => StartAsync(persistent: false, cancellationToken);

    /// <summary>Starts an Azurite; <paramref name="persistent"/> keeps its data on disk, so it survives <see cref="RestartAsync"/>.</summary>
    public static async Task<Azurite> StartAsync(bool persistent, CancellationToken cancellationToken = default)
    {
        var location = persistent ? Path.Combine(Path.GetTempPath(), "kpifunctions-azurite-" + Guid.NewGuid().ToString("N")) : null;
        var azurite = new Azurite([LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free()], location);
        await azurite.RestartAsync(cancellationToken);
        return azurite;
    }

    /// <summary>
    /// Stops it as an outage would: connections drop, the ports refuse. A persistent one is asked to stop (SIGTERM), so
    /// that it writes its data out first, as storage that comes back has its data.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited && _location is not null)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(graceful.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await NodeProcess.KillAsync(_process);
        _process = null;
    }

    /// <summary>Starts it (again) on the same ports, with the data it had when persistent.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        List<string> arguments =
        [
            "--silent", "--skipApiVersionCheck", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", $"{_ports[0]}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{_ports[1]}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{_ports[2]}",
        ];
        if (_location is null)
        {
            arguments.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(_location);
            arguments.AddRange(["--location", _location]);
        }

        var process = NodeProcess.Start("Azurite", Path.Combine("azurite", "dist", "src", "azurite.js"), arguments);
        _process = process;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        foreach (var port in _ports)
        {
            await LoopbackPorts.WaitForListenerAsync(process, "Azurite", port, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_location is not null)
        {
            try
            {
                Directory.Delete(_location, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder: left for the system to clean.
            }
        }
    }
}
