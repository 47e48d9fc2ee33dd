using System.Diagnostics;
using System.Globalization;

namespace KpiFunctions.Host.Tests.Support;

/// <summary>
/// Debian's headless Chromium (installed by <c>./test</c>), to look at HTML as a mail program's browser engine shows
/// it: the DOM after scripts and images have loaded, and screenshots. Each call is a fresh browser with its own profile,
/// offline.
/// </summary>
public static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>The serialized DOM of <paramref name="html"/> after its load event (scripts in it have run).</summary>
    public static Task<string> DumpDomAsync(string html) =>
        RunAsync(["--dump-dom", "--virtual-time-budget=5000", new Uri(html).AbsoluteUri]);

    /// <summary>A PNG of <paramref name="html"/> in a window <paramref name="width"/> by <paramref name="height"/> CSS pixels at scale 1.</summary>
    public static async Task ScreenshotAsync(string html, string png, int width, int height)
    {
        File.Delete(png);
        await RunAsync(
        [
            "--hide-scrollbars", "--force-device-scale-factor=1",
            string.Create(CultureInfo.InvariantCulture, $"--window-size={width},{height}"),
            $"--screenshot={png}", new Uri(html).AbsoluteUri,
        ]);
        Assert.True(File.Exists(png), $"Chromium wrote no screenshot of {html}.");
    }

    private static async Task<string> RunAsync(IEnumerable<string> arguments)
    {
        Assert.True(
            File.Exists(Executable),
            $"{Executable} is missing: the e-mail is checked in a real browser. Install Debian's chromium (./test does: apt-get install chromium fonts-noto-core fonts-droid-fallback).");
        var profile = Directory.CreateTempSubdirectory("kpifunctions-chromium-");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
            $"--user-data-dir={profile.FullName}",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish within 60 s: {await errors}");
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A crashed browser may hold a file a moment longer; the folder is a temporary one.
            }
        }

        Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {await errors}");
        return await output;
    }
}
