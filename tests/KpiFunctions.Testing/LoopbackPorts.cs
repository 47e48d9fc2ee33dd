using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KpiFunctions.Testing;

/// <summary>Loopback ports for the local components the tests start.</summary>
public static class LoopbackPorts
{
    /// <summary>A port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="process"/> listens on <paramref name="port"/>; throws if it exits first.</summary>
    public static async Task WaitForListenerAsync(Process process, string name, int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} before listening on port {port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(5, cancellationToken);
            }
        }
    }
}
