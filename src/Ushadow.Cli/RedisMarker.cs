using StackExchange.Redis;

namespace Ushadow.Cli;

/// <summary>
/// The original setup script's marker: the key <c>ushadow:env:name</c> in an environment's Redis database holds
/// that environment's name, so a tool can tell whose data a database holds before touching it.
/// </summary>
internal static class RedisMarker
{
    /// <summary>The marker key.</summary>
    public const string Key = "ushadow:env:name";

    /// <summary>The name the marker in <paramref name="database"/> holds, or <c>null</c> when there is none.</summary>
    public static string? Read(IDatabase database) => database.StringGet(Key) is { HasValue: true } value ? value.ToString() : null;

    /// <summary>Marks <paramref name="database"/> as <paramref name="environmentName"/>'s.</summary>
    public static void Write(IDatabase database, string environmentName) => database.StringSet(Key, environmentName);
}
