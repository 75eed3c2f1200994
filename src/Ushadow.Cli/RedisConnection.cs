using System.Globalization;
using StackExchange.Redis;
using Ushadow.Core;

namespace Ushadow.Cli;

/// <summary>
/// The tool's connection to a Redis server, from <c>--redis</c>, else <c>REDIS_URL</c>, else <c>localhost:6379</c>:
/// a <c>redis://[user:password@]host[:port][/db]</c> URL (<c>rediss://</c> for TLS) or a StackExchange.Redis
/// configuration string. Messages name the server as <c>host:port</c>, never its password.
/// </summary>
internal static class RedisConnection
{
    /// <summary>Where the tool looks when neither <c>--redis</c> nor <c>REDIS_URL</c> is given.</summary>
    public const string DefaultUrl = "localhost:6379";

    /// <summary>How long the tool waits for a server to answer.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The URL to use: the option, else <c>REDIS_URL</c>, else <see cref="DefaultUrl"/>.</summary>
    public static string UrlFrom(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }
        var variable = Environment.GetEnvironmentVariable("REDIS_URL");
        return string.IsNullOrWhiteSpace(variable) ? DefaultUrl : variable;
    }

    /// <summary>Parses <paramref name="url"/> into options (admin commands allowed: <c>CONFIG GET</c>, <c>FLUSHDB</c>).</summary>
    /// <exception cref="UsageException">The URL cannot be parsed (the message does not repeat it).</exception>
    public static ConfigurationOptions Options(string url, TimeSpan timeout)
    {
        ConfigurationOptions options;
        if (url.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw new UsageException("The Redis URL is not redis://[user:password@]host[:port][/db] (the value is not shown: it may hold a password).");
            }
            options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
            options.EndPoints.Add(uri.Host, uri.Port > 0 ? uri.Port : 6379);
            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                var user = Uri.UnescapeDataString(colon < 0 ? "" : uri.UserInfo[..colon]);
                options.User = user.Length > 0 ? user : null;
                options.Password = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[(colon + 1)..]);
            }
            var path = uri.AbsolutePath.Trim('/');
            if (path.Length > 0)
            {
                if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
                {
                    throw new UsageException("The Redis URL's path must be a database number (the value is not shown: it may hold a password).");
                }
                options.DefaultDatabase = database;
            }
        }
        else
        {
            try
            {
                options = ConfigurationOptions.Parse(url);
            }
            catch (ArgumentException)
            {
                throw new UsageException("The Redis connection is neither a redis:// URL nor a StackExchange.Redis configuration (the value is not shown: it may hold a password).");
            }
        }
        options.AllowAdmin = true;
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 1;
        options.ConnectTimeout = (int)timeout.TotalMilliseconds;
        options.SyncTimeout = (int)timeout.TotalMilliseconds;
        options.AsyncTimeout = (int)timeout.TotalMilliseconds;
        options.ClientName = "ushadow";
        return options;
    }

    /// <summary>The server as <c>host:port</c>: what messages may show (never the password).</summary>
    public static string Describe(ConfigurationOptions options) =>
        string.Join(",", options.EndPoints.Select(EndPointCollection.ToString));

    /// <summary>Connects to the server of <paramref name="url"/>, waiting at most <paramref name="timeout"/>.</summary>
    /// <exception cref="UshadowException"><c>USH1040</c> when the server does not answer in time or refuses the connection.</exception>
    public static ConnectionMultiplexer Connect(string url, TimeSpan timeout)
    {
        var options = Options(url, timeout);
        try
        {
            return ConnectionMultiplexer.Connect(options);
        }
        catch (RedisConnectionException e)
        {
            // The exception's own message can quote the configuration string, password included: only its kind is shown.
            throw new UshadowException(DiagnosticCodes.RedisUnreachable,
                $"Redis server {Describe(options)} did not answer within {timeout.TotalSeconds:0.#} s ({e.FailureType}): start it, or pass --redis / set REDIS_URL.", inner: e);
        }
    }
}
