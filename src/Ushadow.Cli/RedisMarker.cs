using StackExchange.Redis;
using Ushadow.Core.Redis;

namespace Ushadow.Cli;

/// <summary>
/// The original setup script's marker: key <c>ushadow:env:name</c> in an environment's Redis database holds the
/// environment's name, so a tool can tell whose data a database holds before touching it. <c>ushadow env create</c>
/// writes it; <c>env remove --flush-redis</c> and <c>doctor</c> read it.
/// </summary>
internal static class RedisMarker
{
    /// <summary>The marker key.</summary>
    public const string Key = Ushadow.Core.Redis.RedisMarker.Key;

    /// <summary>The name the marker holds in <paramref name="database"/>, or <c>null</c> when there is none.</summary>
    public static string? Read(IDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var value = database.StringGet(Key);
        return value.IsNullOrEmpty ? null : value.ToString();
    }

    /// <summary>Sets the marker of <paramref name="database"/> to <paramref name="name"/> (no expiry).</summary>
    public static void Write(IDatabase database, string name)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(name);
        database.StringSet(Key, name);
    }
}
