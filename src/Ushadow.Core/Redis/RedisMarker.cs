using StackExchange.Redis;

namespace Ushadow.Core.Redis;

/// <summary>
/// The original setup script's marker: key <c>ushadow:env:name</c> in an environment's Redis database holds the
/// environment's name, so a tool can tell whose data a database holds before touching it. The team registry and
/// <c>ushadow env create</c> write it; <c>env remove --flush-redis</c> and <c>doctor</c> read it.
/// </summary>
internal static class RedisMarker
{
    /// <summary>The marker key.</summary>
    public const string Key = "ushadow:env:name";

    /// <summary>The name the marker holds in <paramref name="database"/>, or <c>null</c> when there is none.</summary>
    public static string? Read(IDatabase database)
    {
        var value = database.StringGet(Key);
        return value.IsNullOrEmpty ? null : value.ToString();
    }

    /// <summary>Sets the marker of <paramref name="database"/> to <paramref name="name"/> (no expiry).</summary>
    public static void Write(IDatabase database, string name) => database.StringSet(Key, name);

    /// <summary>Puts back what <see cref="Read"/> saw: <paramref name="previous"/>, or no marker at all.</summary>
    public static void Restore(IDatabase database, string? previous)
    {
        if (previous is null)
        {
            database.KeyDelete(Key);
        }
        else
        {
            database.StringSet(Key, previous);
        }
    }
}
