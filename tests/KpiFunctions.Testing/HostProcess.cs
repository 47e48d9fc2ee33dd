using System.Diagnostics;
using System.Net.Http.Headers;

namespace KpiFunctions.Testing;

/// <summary>
/// The standalone host as its own process (<c>dotnet KpiFunctions.Host.dll</c>, built beside the tests), for tests that
/// kill it as a crash or an operator would; its output goes to a log file the failure message can point at.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _age;

    private HostProcess(Process process, Uri baseAddress, string log, Stopwatch age, TimeSpan readyAfter)
    {
        _process = process;
        _age = age;
        BaseAddress = baseAddress;
        Log = log;
        ReadyAfter = readyAfter;
    }

    public Uri BaseAddress { get; }

    /// <summary>The file the host writes its log to.</summary>
    public string Log { get; }

    /// <summary>The time from starting the process to its first healthy answer: the cold start.</summary>
    public TimeSpan ReadyAfter { get; }

    /// <summary>The time since the process was started.</summary>
    public TimeSpan Age => _age.Elapsed;

    /// <summary>The host's process id, to read its memory and CPU time.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the host with <paramref name="settings"/> as environment variables (<c>Section__Key</c>) and waits until it listens.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken = default)
    {
        // The host of the same configuration as these tests (bin/Release or bin/Debug).
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var dll = Path.Combine(RepoPaths.Root, "src", "KpiFunctions.Host", "bin", configuration, "net10.0", "KpiFunctions.Host.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build src/KpiFunctions.Host -c {configuration} first (./test builds the solution).");
        }

        var port = LoopbackPorts.Free();
        var log = Path.Combine(Path.GetTempPath(), $"kpifunctions-host-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" },
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var started = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => writer.Dispose();
        process.EnableRaisingEvents = true;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await LoopbackPorts.WaitForListenerAsync(process, $"The host (log: {log})", port, timeout.Token);

        // It listens at once; it is ready when its storage is.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        while (!(await http.GetAsync("/api/health", timeout.Token)).IsSuccessStatusCode)
        {
            await Task.Delay(5, timeout.Token);
        }

        return new HostProcess(process, new Uri($"http://127.0.0.1:{port}"), log, started, started.Elapsed);
    }

    /// <summary>An HTTP client for this host that sends <paramref name="key"/> as its bearer key.</summary>
    public HttpClient CreateClient(string key) =>
        new() { BaseAddress = BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };

    /// <summary>Ends the process at once, as a crash or an out-of-memory kill would: no shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (writer)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process ended while its last lines came in.
            }
        }
    }
}
