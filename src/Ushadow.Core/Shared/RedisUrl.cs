using System.Globalization;

namespace Ushadow.Core.Shared;

/// <summary>
/// A parsed <c>redis://[[user]:password@]host[:port][/db]</c> or <c>rediss://</c> (TLS) URL. One parser for the build's
/// team registry, the <c>ushadow</c> tool and the run time: this file is compiled into Ushadow.Core and Ushadow.Hosting.
/// </summary>
/// <remarks>
/// User info without a colon is the password, as <c>redis-cli -u</c> reads it. User and password are percent-decoded;
/// the host may be an IPv6 address in brackets. No query string: a Redis URL carries no options here.
/// <see cref="ToString"/> never holds the password.
/// </remarks>
internal sealed class RedisUrl
{
    /// <summary>The accepted form, for messages.</summary>
    public const string Form = "redis://[user:password@]host[:port][/db] or rediss://... (TLS), with a port from 1 to 65535 and a database from 0 up";

    private const int DefaultPort = 6379;

    private RedisUrl(string host, int port, string? user, string? password, bool secure, int? database)
    {
        Host = host;
        Port = port;
        User = user;
        Password = password;
        Secure = secure;
        Database = database;
    }

    /// <summary>The host name or address (an IPv6 address without its brackets).</summary>
    public string Host { get; }

    /// <summary>The port, 6379 when the URL names none.</summary>
    public int Port { get; }

    /// <summary>The ACL user, if any.</summary>
    public string? User { get; }

    /// <summary>The password, if any: never print it.</summary>
    public string? Password { get; }

    /// <summary>Whether the URL is <c>rediss://</c> (TLS).</summary>
    public bool Secure { get; }

    /// <summary>The database the URL names (<c>/db</c>), if any.</summary>
    public int? Database { get; }

    /// <summary>The server as it may be shown: <c>host:port</c>, IPv6 in brackets.</summary>
    public string Endpoint => (Host.IndexOf(':') >= 0 ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="value"/> starts with <c>redis://</c> or <c>rediss://</c> (any case).</summary>
    public static bool HasScheme(string value) =>
        value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="value"/>, or returns <c>null</c> with what is wrong in <paramref name="problem"/> (which never quotes the value).</summary>
    public static RedisUrl? TryParse(string value, out string problem)
    {
        var secure = value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase);
        if (!secure && !value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            problem = "it does not start with redis:// or rediss://";
            return null;
        }
        var rest = value.Substring(secure ? "rediss://".Length : "redis://".Length);

        // The last '@' ends the user info, so a password may hold '@' and '/'.
        string? user = null;
        string? password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest.Substring(0, at);
            rest = rest.Substring(at + 1);
            var colon = userInfo.IndexOf(':');
            user = Unescape(colon < 0 ? string.Empty : userInfo.Substring(0, colon));
            password = Unescape(colon < 0 ? userInfo : userInfo.Substring(colon + 1));
        }

        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest.Substring(0, slash);
        var path = slash < 0 ? string.Empty : rest.Substring(slash + 1);

        string host;
        var portText = string.Empty;
        if (authority.StartsWith("[", StringComparison.Ordinal))
        {
            var close = authority.IndexOf(']');
            if (close < 0)
            {
                problem = "an IPv6 host has no closing ']'";
                return null;
            }
            host = authority.Substring(1, close - 1);
            var afterHost = authority.Substring(close + 1);
            if (afterHost.Length > 0 && afterHost[0] != ':')
            {
                problem = "the host is followed by something other than :port";
                return null;
            }
            portText = afterHost.Length > 0 ? afterHost.Substring(1) : string.Empty;
        }
        else
        {
            var colon = authority.IndexOf(':');
            host = colon < 0 ? authority : authority.Substring(0, colon);
            portText = colon < 0 ? string.Empty : authority.Substring(colon + 1);
            if (host.IndexOfAny(new[] { ' ', '?', '#', '[', ']', ',' }) >= 0)
            {
                problem = "the host holds a space or one of ? # [ ] ,";
                return null;
            }
        }
        if (host.Length == 0)
        {
            problem = "it names no host";
            return null;
        }

        var port = DefaultPort;
        if (portText.Length > 0 && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port >= 1 && port <= 65535))
        {
            problem = "the port is not a number from 1 to 65535";
            return null;
        }

        int? database = null;
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                problem = "the database '/" + (path.IndexOf('?') >= 0 ? path.Substring(0, path.IndexOf('?')) + "?..." : path) + "' is not a whole number from 0 up (a Redis URL takes no options)";
                return null;
            }
            database = number;
        }
        problem = string.Empty;
        return new RedisUrl(host, port, user, password, secure, database);
    }

    /// <summary>The URL in StackExchange.Redis configuration syntax, password included: never print it.</summary>
    public string ToConfiguration()
    {
        var configuration = Endpoint;
        if (User != null)
        {
            configuration += ",user=" + User;
        }
        if (Password != null)
        {
            configuration += ",password=" + Password;
        }
        return Secure ? configuration + ",ssl=true" : configuration;
    }

    /// <summary>The server, never the password: <c>host:port</c>, with <c>(TLS)</c> for <c>rediss://</c>.</summary>
    public override string ToString() => Endpoint + (Secure ? " (TLS)" : string.Empty);

    private static string? Unescape(string text) => text.Length == 0 ? null : Uri.UnescapeDataString(text);
}
