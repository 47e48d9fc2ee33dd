using System.Diagnostics;
using System.Reflection;

namespace KpiFunctions.Infra.Tests;

/// <summary>Runs the Bicep CLI that restore downloaded (PackageDownload Azure.Bicep.CommandLine.linux-x64).</summary>
internal static class Bicep
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The CLI's path, from the <c>BicepPath</c> assembly metadata that the project file writes.</summary>
    public static string Path { get; } = FindCli();

    /// <summary>Runs <c>bicep</c> with <paramref name="args"/> in the repository root and returns what it printed.</summary>
    public static async Task<BicepRun> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new BicepRun(process.ExitCode, await stdout, await stderr);
    }

    private static string FindCli()
    {
        var path = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at '{path}': restore the project (PackageDownload Azure.Bicep.CommandLine.linux-x64).");
        }

        // NuGet extracts files without their execute bit on some setups; the CLI is a native executable.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }
}

/// <summary>What one run of the Bicep CLI returned.</summary>
internal sealed record BicepRun(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>The run for an assertion message.</summary>
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}
