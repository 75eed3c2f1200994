using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Ushadow.Core.Shared;

namespace Ushadow.Hosting;

/// <summary>
/// A minimal Redis client (RESP2 over TCP, TLS for <c>rediss://</c>) for the team registry's schema lease: Ushadow.Hosting
/// depends on no Redis driver, and the lease needs only a handful of commands. One command at a time.
/// </summary>
internal sealed class RespConnection : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly TimeSpan _timeout;

    private RespConnection(TcpClient tcp, Stream stream, TimeSpan timeout)
    {
        _tcp = tcp;
        // Replies are read a byte at a time up to each line end: buffered, that costs no system call per byte.
        _stream = new BufferedStream(stream);
        _timeout = timeout;
    }

    /// <summary>Connects to <paramref name="url"/>, authenticates and selects <paramref name="database"/>, each step bounded by <paramref name="timeout"/>.</summary>
    /// <exception cref="IOException">The server cannot be reached or refused the connection (the message never holds the password).</exception>
    public static async Task<RespConnection> ConnectAsync(RedisUrl url, int database, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                bound.CancelAfter(timeout);
                await tcp.ConnectAsync(url.Host, url.Port, bound.Token).ConfigureAwait(false);
            }
            Stream stream = tcp.GetStream();
            if (url.Secure)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsClientAsync(url.Host).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
                stream = ssl;
            }
            var connection = new RespConnection(tcp, stream, timeout);
            if (url.Password is { } password)
            {
                await connection.CommandAsync(cancellationToken, url.User is { } user ? ["AUTH", user, password] : ["AUTH", password]).ConfigureAwait(false);
            }
            await connection.CommandAsync(cancellationToken, "SELECT", database.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or TimeoutException or System.Security.Authentication.AuthenticationException && !cancellationToken.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new IOException($"the team registry at {url} did not answer ({e.GetType().Name})", e);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and reads its reply: a string, a <see cref="long"/>, <c>null</c>, or an array of those.</summary>
    /// <exception cref="IOException">The server replied with an error (its text), or did not reply in time.</exception>
    public async Task<object?> CommandAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var request = new StringBuilder();
            request.Append('*').Append(arguments.Length).Append("\r\n");
            foreach (var argument in arguments)
            {
                request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
            }
            var bytes = Encoding.UTF8.GetBytes(request.ToString());
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(_timeout);
            try
            {
                await _stream.WriteAsync(bytes, bound.Token).ConfigureAwait(false);
                await _stream.FlushAsync(bound.Token).ConfigureAwait(false);
                return await ReadReplyAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"the team registry did not answer {arguments[0]} within {_timeout.TotalSeconds:0} s");
            }
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<object?> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var rest = line[1..];
        switch (line[0])
        {
            case '+':
                return rest;
            case '-':
                throw new IOException("the team registry refused: " + rest);
            case ':':
                return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }
                var data = new byte[length + 2];
                await _stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
                return Encoding.UTF8.GetString(data, 0, length);
            case '*':
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }
                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
                }
                return items;
            default:
                throw new IOException($"the team registry sent an unexpected reply ('{line[0]}')");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new IOException("the team registry closed the connection");
            }
            if (one[0] == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                return Encoding.UTF8.GetString(line.ToArray(), 0, line.Count - 1);
            }
            line.Add(one[0]);
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
        _one.Dispose();
    }
}
