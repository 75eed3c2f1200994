using StackExchange.Redis;

namespace Ushadow.Core.Redis;

/// <summary>
/// The ACL user of an environment in Redis prefix mode (README, Redis at team scale): it may read, write and subscribe
/// under its prefix only, and not flush, list keys, or run the server's dangerous commands. ACL users are per node, so
/// on a cluster it is made, checked and deleted on every primary.
/// </summary>
internal static class RedisAclUser
{
    /// <summary>
    /// The rules after the password: keys and channels under the prefix; reading, writing, pub/sub, transactions and
    /// scripts; nothing dangerous (FLUSHDB, FLUSHALL, KEYS, CONFIG, ACL, ...) except what a client needs to connect and
    /// find a cluster's slots.
    /// </summary>
    public static string[] Rules(string prefix) =>
    [
        "resetkeys", "~" + prefix + "*", "resetchannels", "&" + prefix + "*",
        "-@all", "+@read", "+@write", "+@pubsub", "+@connection", "+@transaction", "+@scripting",
        "-@dangerous", "+info", "+cluster|slots", "+cluster|shards", "+cluster|nodes", "+cluster|info",
        "-flushdb", "-flushall", "-keys",
    ];

    /// <summary>
    /// Makes (or remakes) <paramref name="user"/> on every primary; returns <c>false</c>, changing nothing more, when a
    /// node refuses (the registry's credentials may not manage ACL users, or the server has no ACL). The password is
    /// sent to the server only, never put in a message.
    /// </summary>
    public static bool TryMake(IConnectionMultiplexer connection, string user, string password, string prefix)
    {
        object[] arguments = ["SETUSER", user, "reset", "on", ">" + password, .. Rules(prefix)];
        foreach (var server in RedisPrefixKeys.Primaries(connection))
        {
            try
            {
                server.Execute("ACL", arguments);
            }
            catch (RedisServerException)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Deletes <paramref name="user"/> on every primary; returns on how many it existed.</summary>
    public static int Delete(IConnectionMultiplexer connection, string user) =>
        RedisPrefixKeys.Primaries(connection).Sum(server => (int)server.Execute("ACL", "DELUSER", user));

    /// <summary>
    /// What is wrong with <paramref name="user"/> on each primary (missing, disabled, or other key patterns than the
    /// prefix's); empty when every primary has it as made.
    /// </summary>
    public static IReadOnlyList<string> Problems(IConnectionMultiplexer connection, string user, string prefix)
    {
        var problems = new List<string>();
        foreach (var server in RedisPrefixKeys.Primaries(connection))
        {
            var reply = server.Execute("ACL", "GETUSER", user);
            if (reply.IsNull)
            {
                problems.Add($"{server.EndPoint}: no user '{user}'");
                continue;
            }
            var fields = reply.ToDictionary();
            var flags = fields.TryGetValue("flags", out var f) ? ((RedisResult[])f!).Select(x => x.ToString()).ToList() : [];
            var keys = fields.TryGetValue("keys", out var k) ? k.ToString() : "";
            var channels = fields.TryGetValue("channels", out var c) ? c.ToString() : "";
            if (!flags.Contains("on"))
            {
                problems.Add($"{server.EndPoint}: user '{user}' is disabled");
            }
            if (keys != "~" + prefix + "*" || channels != "&" + prefix + "*")
            {
                problems.Add($"{server.EndPoint}: user '{user}' has keys '{keys}' and channels '{channels}', not ~{prefix}* and &{prefix}*");
            }
        }
        return problems;
    }
}
