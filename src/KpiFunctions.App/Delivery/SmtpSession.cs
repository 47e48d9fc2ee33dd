using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace KpiFunctions.App.Delivery;

/// <summary>The outcome of one SMTP send.</summary>
/// <param name="Response">The server's answer when it accepted the message; null otherwise.</param>
/// <param name="Error">Why it was not sent; null when it was.</param>
/// <param name="Retry">True when trying again later may work (the server was unreachable or answered 4xx).</param>
public readonly record struct SendOutcome(string? Response, string? Error, bool Retry)
{
    public bool Sent => Error is null;
}

/// <summary>
/// One SMTP connection for one run of <see cref="DeliverReportJob"/>, opened when first needed and opened again
/// after a broken one.
/// </summary>
internal sealed class SmtpSession(DeliveryOptions options) : IAsyncDisposable
{
    private SmtpClient? _client;

    /// <summary>Connects (and authenticates) unless connected; null when connected, otherwise why not.</summary>
    public async Task<string?> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            return "No SMTP server is configured: set Delivery:SmtpHost and Delivery:SmtpPort.";
        }

        await CloseAsync();
        var client = new SmtpClient { Timeout = (int)options.SmtpTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.SmtpHost, options.SmtpPort, Socket(options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            }

            _client = client;
            return null;
        }
        catch (Exception e) when (IsTransportFailure(e) || e is SmtpCommandException)
        {
            client.Dispose();
            return $"Could not connect to the SMTP server {options.SmtpHost}:{options.SmtpPort}: {e.Message}";
        }
    }

    /// <summary>Sends <paramref name="message"/> on the open connection (<see cref="ConnectAsync"/> first).</summary>
    public async Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("Not connected: call ConnectAsync first.");
        try
        {
            return new SendOutcome(await client.SendAsync(message, cancellationToken), null, false);
        }
        catch (SmtpCommandException e)
        {
            // The server answered: 4xx is a temporary refusal, 5xx a permanent one (RFC 5321 4.2.1).
            var code = (int)e.StatusCode;
            return new SendOutcome(null, $"The SMTP server refused the message: {code} {e.Message}", code is >= 400 and < 500);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            await CloseAsync();
            return new SendOutcome(null, $"The connection to the SMTP server {options.SmtpHost}:{options.SmtpPort} failed while sending: {e.Message}", true);
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private async Task CloseAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            if (_client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(quit: true, timeout.Token);
            }
        }
        catch (Exception e) when (IsTransportFailure(e) || e is SmtpCommandException)
        {
            // Closing a connection that is already broken: nothing left to do.
        }
        finally
        {
            _client.Dispose();
            _client = null;
        }
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    // What a server that is down, unreachable, too slow, misconfigured or gone mid-conversation throws.
    private static bool IsTransportFailure(Exception e) =>
        e is SocketException or IOException or TimeoutException or SmtpProtocolException or SslHandshakeException
            or AuthenticationException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            or NotSupportedException
        || (e is OperationCanceledException && e.InnerException is TimeoutException);
}
