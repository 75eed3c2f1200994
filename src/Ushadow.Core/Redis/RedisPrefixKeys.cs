using StackExchange.Redis;

namespace Ushadow.Core.Redis;

/// <summary>
/// The keys of one environment in Redis prefix mode (README, Redis at team scale): found with <c>SCAN MATCH</c> and
/// removed with <c>UNLINK</c>, on every primary of a cluster (each holds its own slots), never with <c>FLUSHDB</c>.
/// </summary>
internal static class RedisPrefixKeys
{
    /// <summary>The primaries of <paramref name="connection"/>: one server, or every primary of a cluster.</summary>
    public static IReadOnlyList<IServer> Primaries(IConnectionMultiplexer connection) =>
        connection.GetEndPoints().Select(e => connection.GetServer(e)).Where(s => s.IsConnected && !s.IsReplica).ToList();

    /// <summary>Deletes every key under <paramref name="prefix"/> in database 0 of every primary; returns how many.</summary>
    /// <param name="connection">The server or cluster.</param>
    /// <param name="prefix">A prefix free of glob characters (the build checks it).</param>
    public static long Delete(IConnectionMultiplexer connection, string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        long deleted = 0;
        foreach (var server in Primaries(connection))
        {
            foreach (var key in server.Keys(0, prefix + "*", pageSize: 500).ToList())
            {
                // One key at a time: on a cluster, several keys of one UNLINK must share a slot.
                deleted += (long)server.Execute("UNLINK", key);
            }
        }
        return deleted;
    }

    /// <summary>Counts the keys under <paramref name="prefix"/> in database 0 of every primary.</summary>
    public static long Count(IConnectionMultiplexer connection, string prefix) =>
        Primaries(connection).Sum(server => server.Keys(0, prefix + "*", pageSize: 500).LongCount());
}
