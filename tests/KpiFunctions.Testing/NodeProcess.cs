using System.Diagnostics;

namespace KpiFunctions.Testing;

/// <summary>The npm-installed local components (Azurite, MailDev) run as node processes of the tests.</summary>
internal static class NodeProcess
{
    /// <summary>Starts <paramref name="script"/> (below node_modules) with <paramref name="arguments"/>, its output discarded.</summary>
    public static Process Start(string name, string script, IEnumerable<string> arguments)
    {
        var path = Path.Combine(RepoPaths.Root, "node_modules", script);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{name} is not installed ({path} is missing): run 'npm ci' in {RepoPaths.Root}, or the test script.");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Ends the process (and its children) at once and waits for it.</summary>
    public static async Task KillAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
