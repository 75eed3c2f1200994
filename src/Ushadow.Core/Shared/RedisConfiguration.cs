using System.Globalization;

namespace Ushadow.Core.Shared;

/// <summary>
/// A Redis connection string pointed at one database: a StackExchange.Redis configuration (<c>host:6379,password=...</c>,
/// what .NET Aspire hands its resources) or a <see cref="RedisUrl"/>, written as a configuration with
/// <c>defaultDatabase=</c>, so a plain StackExchange.Redis client and Ushadow.Hosting land in the same database.
/// </summary>
internal static class RedisConfiguration
{
    private const string DefaultDatabaseOption = "defaultDatabase=";

    /// <summary>
    /// <paramref name="connection"/> with <paramref name="database"/> as its only <c>defaultDatabase</c> (a URL's <c>/db</c>
    /// is replaced too), or <c>null</c> with what is wrong in <paramref name="problem"/> (which never quotes the value: it
    /// may hold a password). Everything else is kept as it was.
    /// </summary>
    public static string? WithDefaultDatabase(string connection, int database, out string problem)
    {
        var option = DefaultDatabaseOption + database.ToString(CultureInfo.InvariantCulture);
        if (RedisUrl.HasScheme(connection))
        {
            return RedisUrl.TryParse(connection.Trim(), out problem) is { } url ? url.ToConfiguration() + "," + option : null;
        }
        var parts = connection.Split(',')
            .Select(part => part.Trim())
            .Where(part => part.Length > 0 && !part.StartsWith(DefaultDatabaseOption, StringComparison.OrdinalIgnoreCase))
            .ToList();
        // StackExchange.Redis takes endpoints anywhere among the options; one is needed.
        if (!parts.Any(part => part.IndexOf('=') < 0))
        {
            problem = "it names no server: expected StackExchange.Redis syntax such as 'host:6379,password=...' or " + RedisUrl.Form;
            return null;
        }
        problem = string.Empty;
        return string.Join(",", parts.Append(option));
    }

    /// <summary>
    /// <paramref name="connection"/> in database 0 as <paramref name="user"/> with <paramref name="password"/> (Redis prefix
    /// mode, README, Redis at team scale): the server's own <c>user=</c> and <c>password=</c> are replaced. <c>null</c> with
    /// <paramref name="problem"/> as <see cref="WithDefaultDatabase"/>.
    /// </summary>
    public static string? AsUser(string connection, string user, string password, out string problem)
    {
        var inDatabaseZero = WithDefaultDatabase(connection, 0, out problem);
        if (inDatabaseZero is null)
        {
            return null;
        }
        var parts = inDatabaseZero.Split(',')
            .Where(part => !part.StartsWith("user=", StringComparison.OrdinalIgnoreCase) && !part.StartsWith("password=", StringComparison.OrdinalIgnoreCase));
        return string.Join(",", parts.Append("user=" + user).Append("password=" + password));
    }
}
