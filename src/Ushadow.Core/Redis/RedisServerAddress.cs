using System.Globalization;
using StackExchange.Redis;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Redis;

/// <summary>
/// Where a Redis server is, parsed from a URL: <c>redis://[user:password@]host[:port][/db]</c>, <c>rediss://</c>
/// (TLS) or a plain <c>host[:port]</c>. One parser for the build's registry and the <c>ushadow</c> tool.
/// <see cref="Display"/> and every message built here never hold the password.
/// </summary>
/// <param name="Options">The client options (password included; never print them).</param>
/// <param name="Display">The server as it may be shown: <c>host:port</c>, with <c>(TLS)</c> for <c>rediss://</c>.</param>
/// <param name="Database">The database the URL names (<c>/db</c>), if any.</param>
internal sealed record RedisServerAddress(ConfigurationOptions Options, string Display, int? Database)
{
    /// <summary>Keeps the options (and their password) out of records' generated text.</summary>
    public override string ToString() => Display;

    /// <summary>
    /// Parses <paramref name="url"/>; every wait (connect, synchronous and asynchronous commands) is bounded by
    /// <paramref name="timeout"/>. Admin commands are off unless <paramref name="allowAdmin"/>.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <param name="timeout">The bound on every wait.</param>
    /// <param name="allowAdmin">Whether <c>FLUSHDB</c>, <c>CONFIG GET</c> and the like are allowed (the tool's checks).</param>
    /// <param name="source">What named the URL (a variable or option), for the message of a URL that cannot be read.</param>
    /// <exception cref="UshadowException"><c>USH1040</c> when the URL cannot be read (the message hides any password).</exception>
    public static RedisServerAddress Parse(string url, TimeSpan timeout, bool allowAdmin = false, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = true,
            ConnectRetry = 1,
            ConnectTimeout = milliseconds,
            SyncTimeout = milliseconds,
            AsyncTimeout = milliseconds,
            AllowAdmin = allowAdmin,
            ClientName = "ushadow",
        };
        int? database = null;
        string host;
        int port;
        var tls = false;
        if (url.Contains("://", StringComparison.Ordinal))
        {
            var parsed = Shared.RedisUrl.TryParse(url, out var problem)
                ?? throw Invalid(url, $"{problem}; expected {Shared.RedisUrl.Form}", source);
            host = parsed.Host;
            port = parsed.Port;
            tls = parsed.Secure;
            options.User = parsed.User;
            options.Password = parsed.Password;
            database = parsed.Database;
            if (database is { } db)
            {
                options.DefaultDatabase = db;
            }
            options.Ssl = tls;
            if (tls)
            {
                options.SslHost = host;
            }
        }
        else
        {
            var colon = url.LastIndexOf(':');
            host = colon < 0 ? url.Trim() : url[..colon].Trim();
            port = 6379;
            if (colon >= 0 && !int.TryParse(url[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                throw Invalid(url, "expected host[:port]", source);
            }
            if (host.Length == 0)
            {
                throw Invalid(url, "no host", source);
            }
        }
        options.EndPoints.Add(host, port);
        var display = (host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture) + (tls ? " (TLS)" : "");
        return new RedisServerAddress(options, display, database);
    }

    /// <summary>
    /// Connects, deciding whether the server answers by a plain TCP connect bounded by <paramref name="timeout"/>.
    /// Once it has answered, the client's handshake may retry: on a loaded machine a cold process can take longer
    /// than the bound just to run the client's first code, and that is no reason to call the server offline.
    /// </summary>
    /// <exception cref="Registry.RegistryUnavailableException">The server did not answer (the message names <see cref="Display"/> only).</exception>
    public ConnectionMultiplexer Connect(TimeSpan timeout)
    {
        if (!Answers(Options.EndPoints[0], timeout))
        {
            throw new Registry.RegistryUnavailableException(Display, "no TCP connection");
        }
        try
        {
            var options = Options.Clone();
            options.ConnectRetry = 3;
            return ConnectionMultiplexer.Connect(options);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            // The client's message may echo its configuration (password included): only the type travels on.
            throw new Registry.RegistryUnavailableException(Display, $"connect: {e.GetType().Name}");
        }
    }

    /// <summary>Whether <paramref name="e"/> means the server stopped answering (rather than refusing a command).</summary>
    public static bool IsUnavailable(Exception e) =>
        e is RedisConnectionException or RedisTimeoutException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException;

    private static bool Answers(System.Net.EndPoint endPoint, TimeSpan timeout)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            var connect = endPoint switch
            {
                System.Net.DnsEndPoint dns => client.ConnectAsync(dns.Host, dns.Port),
                System.Net.IPEndPoint ip => client.ConnectAsync(ip.Address, ip.Port),
                _ => null,
            };
            return connect is null || (connect.Wait(timeout) && client.Connected);
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>The URL with any password replaced by <c>***</c>.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return url;
        }
        var userInfo = url[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? "" : userInfo[..colon];
        return url[..(scheme + 3)] + user + ":***" + url[at..];
    }

    private static UshadowException Invalid(string url, string problem, string? source) =>
        new(DiagnosticCodes.InvalidRedisUrl, $"The Redis URL '{Redact(url)}'{(source is null ? "" : $" ({source})")} cannot be read: {problem}.");
}
