using System.Globalization;
using StackExchange.Redis;
using Ushadow.Core;

namespace Ushadow.Cli;

/// <summary>Where a Redis server is, parsed from a URL; <see cref="Display"/> never holds the password.</summary>
/// <param name="Options">The client options (password included; never print them).</param>
/// <param name="Display">The server as it may be shown: <c>host:port</c>, with <c>(TLS)</c> for <c>rediss://</c>.</param>
/// <param name="Database">The database the URL names (<c>/db</c>), if any.</param>
internal sealed record RedisEndpoint(ConfigurationOptions Options, string Display, int? Database);

/// <summary>
/// Connects the tool to a Redis server named by <c>--redis</c>, else <c>REDIS_URL</c>, else <c>localhost:6379</c>
/// (SPEC §9). Accepts <c>redis://[user:password@]host[:port][/db]</c>, <c>rediss://</c> (TLS) and a plain
/// <c>host[:port]</c>. A password is never part of a message.
/// </summary>
internal static class RedisConnection
{
    /// <summary>The server when neither <c>--redis</c> nor <c>REDIS_URL</c> names one.</summary>
    public const string DefaultServer = "localhost:6379";

    /// <summary>How long commands that only peek wait for a server: 2 seconds.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The URL in effect: <paramref name="url"/> (the <c>--redis</c> option), else <c>REDIS_URL</c>, else <see cref="DefaultServer"/>.</summary>
    public static string Choose(string? url)
    {
        if (!string.IsNullOrWhiteSpace(url))
        {
            return url.Trim();
        }
        var variable = Environment.GetEnvironmentVariable("REDIS_URL");
        return string.IsNullOrWhiteSpace(variable) ? DefaultServer : variable.Trim();
    }

    /// <summary>
    /// Parses a server URL (see the class). Admin commands (<c>FLUSHDB</c>, <c>CONFIG GET</c>) are allowed: the
    /// tool only runs them after its own checks.
    /// </summary>
    /// <exception cref="UshadowException">USH1040 when the URL cannot be read (the message hides any password).</exception>
    public static RedisEndpoint Parse(string url, TimeSpan timeout)
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
            AllowAdmin = true,
            ClientName = "ushadow",
        };
        int? database = null;
        string host;
        int port;
        var tls = false;
        if (url.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "redis" && uri.Scheme != "rediss") || uri.Host.Length == 0)
            {
                throw Invalid(url, "expected redis://[user:password@]host[:port][/db] or rediss://...");
            }
            tls = uri.Scheme == "rediss";
            host = uri.Host.Trim('[', ']');
            port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                var user = Uri.UnescapeDataString(colon < 0 ? "" : uri.UserInfo[..colon]);
                var password = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[(colon + 1)..]);
                if (user.Length > 0)
                {
                    options.User = user;
                }
                if (password.Length > 0)
                {
                    options.Password = password;
                }
            }
            var path = uri.AbsolutePath.Trim('/');
            if (path.Length > 0)
            {
                if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db))
                {
                    throw Invalid(url, $"the database '/{path}' is not a number");
                }
                database = db;
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
                throw Invalid(url, "expected host[:port]");
            }
            if (host.Length == 0)
            {
                throw Invalid(url, "no host");
            }
        }
        options.EndPoints.Add(host, port);
        var display = (host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture) + (tls ? " (TLS)" : "");
        return new RedisEndpoint(options, display, database);
    }

    /// <summary>
    /// Connects to the server <paramref name="url"/> names (<see cref="Choose"/> when <c>null</c>), waiting at most
    /// <paramref name="timeout"/>. Dispose the connection when done.
    /// </summary>
    /// <exception cref="UshadowException">USH1040 for a URL that cannot be read; USH1030 when no server answers in time.</exception>
    public static ConnectionMultiplexer Connect(string? url, TimeSpan timeout)
    {
        var endpoint = Parse(Choose(url), timeout);
        try
        {
            return ConnectionMultiplexer.Connect(endpoint.Options);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // The exception text may echo the configuration string (password included): only the endpoint is shown.
            throw new UshadowException(DiagnosticCodes.RedisUnreachable,
                $"No Redis server answered at {endpoint.Display} within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s. Start one, or point --redis or REDIS_URL at yours.");
        }
    }

    private static UshadowException Invalid(string url, string problem) =>
        new(DiagnosticCodes.InvalidRedisUrl, $"The Redis URL '{Redact(url)}' cannot be read: {problem}.");

    /// <summary>The URL with any password replaced by <c>***</c>.</summary>
    public static string Redact(string url)
    {
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
}
