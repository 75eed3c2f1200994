using System.Globalization;
using StackExchange.Redis;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Redis;

/// <summary>
/// The Redis server the <c>ushadow</c> tool talks to (the marker, <c>--flush-redis</c>, <c>doctor</c>): <c>--redis</c>,
/// else <c>REDIS_URL</c>, else <c>localhost:6379</c>. Accepts <c>redis://[user:password@]host[:port][/db]</c>,
/// <c>rediss://</c> (TLS) and a plain <c>host[:port]</c>. A password is never part of a message.
/// </summary>
internal static class RedisConnection
{
    /// <summary>The server when neither <c>--redis</c> nor <c>REDIS_URL</c> names one.</summary>
    public const string DefaultServer = "localhost:6379";

    /// <summary>How long the tool waits for a server: 2 seconds.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The URL in effect: <paramref name="url"/> (the <c>--redis</c> option), else <c>REDIS_URL</c>, else <see cref="DefaultServer"/>.</summary>
    public static string Choose(string? url, Func<string, string?> getVariable)
    {
        if (!string.IsNullOrWhiteSpace(url))
        {
            return url.Trim();
        }
        var variable = getVariable(VariableNames.RedisUrl);
        return string.IsNullOrWhiteSpace(variable) ? DefaultServer : variable.Trim();
    }

    /// <summary>Parses a server URL; admin commands (<c>FLUSHDB</c>, <c>CONFIG GET</c>) are allowed, for the tool runs them only after its own checks.</summary>
    /// <exception cref="UshadowException">USH1040 when the URL cannot be read (the message hides any password).</exception>
    public static RedisServerAddress Parse(string url) => RedisServerAddress.Parse(url, DefaultTimeout, allowAdmin: true);

    /// <summary>Connects to the server <paramref name="url"/> names (already <see cref="Choose"/>n). Dispose the connection when done.</summary>
    /// <exception cref="UshadowException">USH1040 for a URL that cannot be read; USH1030 when no server answers in time.</exception>
    public static ConnectionMultiplexer Connect(string url)
    {
        var endpoint = Parse(url);
        try
        {
            return endpoint.Connect(DefaultTimeout);
        }
        catch (RegistryUnavailableException)
        {
            // The exception text may echo the configuration string (password included): only the endpoint is shown.
            throw new UshadowException(DiagnosticCodes.RedisUnreachable,
                $"No Redis server answered at {endpoint.Display} within {DefaultTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s. Start one, or point --redis or REDIS_URL at yours.");
        }
    }
}
