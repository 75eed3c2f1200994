using System.Globalization;
using StackExchange.Redis;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Redis;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Cli;

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
    public static RedisServerAddress Parse(string url, TimeSpan timeout) => RedisServerAddress.Parse(url, timeout, allowAdmin: true);

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
            return endpoint.Connect(timeout);
        }
        catch (Ushadow.Core.Registry.RegistryUnavailableException)
        {
            // The exception text may echo the configuration string (password included): only the endpoint is shown.
            throw new UshadowException(DiagnosticCodes.RedisUnreachable,
                $"No Redis server answered at {endpoint.Display} within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s. Start one, or point --redis or REDIS_URL at yours.");
        }
    }

    /// <summary>The URL with any password replaced by <c>***</c>.</summary>
    public static string Redact(string url) => RedisServerAddress.Redact(url);
}
