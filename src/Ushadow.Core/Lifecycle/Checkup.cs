using System.Globalization;
using StackExchange.Redis;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Redis;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// <c>ushadow doctor</c>: checks what a build cannot, against the real Redis server and the registry as it is now (read
/// without a lock, nothing created): the server answers, its <c>databases</c> setting covers the count, each registered
/// Redis number holds no other environment's marker, and every registered root of this machine still exists.
/// </summary>
internal sealed class Checkup
{
    private Checkup(int count) => Count = count;

    /// <summary>The number of Redis databases environments are given numbers from.</summary>
    public int Count { get; }

    /// <summary>The problems found (the tool exits 1 when there is one).</summary>
    public List<UshadowDiagnostic> Findings { get; } = [];

    /// <summary>The checks that passed (<c>ok</c>) and what is only worth knowing (<c>note</c>), in order.</summary>
    public List<(string Label, string Text)> Lines { get; } = [];

    /// <summary>Runs every check.</summary>
    /// <param name="environments">The registry as read now.</param>
    /// <param name="host">This machine: only its roots can be looked at.</param>
    /// <param name="redisUrl">The server to check.</param>
    /// <param name="count">The Redis database count (<c>--count</c>).</param>
    /// <exception cref="UsageException">The count is not from 1 to 65536.</exception>
    public static Checkup Run(IReadOnlyList<RegisteredEnvironment> environments, string host, string redisUrl, int count)
    {
        if (!InputRules.IsRedisDatabaseCount(count))
        {
            throw new UsageException($"--count must be a whole number from 1 to {InputRules.MaxRedisDatabaseCount}, not {count}.");
        }
        var checkup = new Checkup(count);
        checkup.CheckRoots(environments.Where(e => e.BelongsTo(host)).ToList());
        checkup.CheckRedis(environments, redisUrl);
        return checkup;
    }

    private void Ok(string text) => Lines.Add(("ok", text));

    private void Note(string text) => Lines.Add(("note", text));

    private void Find(string code, string message) => Findings.Add(UshadowDiagnostic.Error(code, message));

    private void CheckRoots(IReadOnlyList<RegisteredEnvironment> environments)
    {
        var missing = environments.Where(e => !Directory.Exists(e.Root)).ToList();
        foreach (var environment in missing)
        {
            Find(DiagnosticCodes.RegisteredRootMissing,
                $"Environment {environment.Id} is registered from {environment.Root}, which no longer exists; it still holds Redis database {environment.RedisDatabase}. 'ushadow env prune' drops it (a build reclaims it only when every number is taken).");
        }
        if (environments.Count > 0 && missing.Count == 0)
        {
            Ok($"every registered root exists ({environments.Count} environment{(environments.Count == 1 ? "" : "s")})");
        }
    }

    private void CheckRedis(IReadOnlyList<RegisteredEnvironment> environments, string url)
    {
        var server = RedisConnection.Parse(url).Display;
        ConnectionMultiplexer connection;
        try
        {
            connection = RedisConnection.Connect(url);
        }
        catch (UshadowException e)
        {
            Findings.Add(e.Diagnostic);
            return;
        }
        using (connection)
        {
            try
            {
                Ok($"Redis server {server} answers");
                var databases = ServerDatabases(connection);
                if (databases is null)
                {
                    // Managed servers often rename CONFIG; a client cannot tell the count otherwise (a refused SELECT is not reported back).
                    Note($"the server refuses CONFIG GET databases, so whether its 'databases' covers the count {Count} is not checked");
                }
                else if (databases < Count)
                {
                    var cannotSelect = environments.Where(e => e.HoldsRedisDatabase && e.RedisDatabase >= databases).Select(e => $"{e.Id} (database {e.RedisDatabase})").ToList();
                    Find(DiagnosticCodes.RedisDatabasesTooFew,
                        $"Redis server {server} has 'databases {databases}', fewer than the count {Count} (UshadowRedisDatabaseCount): an environment given a number from {databases} to {Count - 1} cannot select its database"
                        + (cannotSelect.Count > 0 ? $" ({string.Join(", ", cannotSelect)})" : "")
                        + $". Set 'databases {Count}' in the server's redis.conf and restart it, or set UshadowRedisDatabaseCount to {databases}.");
                }
                else
                {
                    Ok($"its 'databases {databases}' covers the count {Count}");
                }
                foreach (var environment in environments.Where(e => !e.HoldsRedisDatabase).OrderBy(e => e.Id.ToString(), StringComparer.Ordinal))
                {
                    if (string.IsNullOrEmpty(environment.RedisUsername))
                    {
                        // Without an ACL user of its own, any client may read or delete the keys under the prefix.
                        Note($"{environment.Id}: Redis prefix '{environment.RedisKeyPrefix}' in database 0 is a convention only: the server does not enforce it (no ACL user of its own; the file registry, or registry credentials without ACL rights)");
                        continue;
                    }
                    var problems = RedisAclUser.Problems(connection, environment.RedisUsername, environment.RedisKeyPrefix!);
                    if (problems.Count > 0)
                    {
                        Find(DiagnosticCodes.AclUserOutOfLine,
                            $"{environment.Id}: its ACL user is not as the build made it on every primary ({string.Join("; ", problems)}), so the server may not enforce the prefix '{environment.RedisKeyPrefix}'. Build the environment again after deleting 'redis.password' from its secrets.yaml: the build then makes the user again on every primary.");
                    }
                    else
                    {
                        Ok($"{environment.Id}: ACL user '{environment.RedisUsername}' exists on every primary, limited to '{environment.RedisKeyPrefix}*'");
                    }
                }
                foreach (var environment in environments.Where(e => e.HoldsRedisDatabase).OrderBy(e => e.RedisDatabase))
                {
                    if (environment.RedisDatabase >= (databases ?? int.MaxValue))
                    {
                        continue;
                    }
                    var marker = RedisMarker.Read(connection.GetDatabase(environment.RedisDatabase));
                    if (marker is null)
                    {
                        Note($"{environment.Id}: Redis database {environment.RedisDatabase} has no marker '{RedisMarker.Key}' yet ('ushadow env create' writes it)");
                    }
                    else if (!string.Equals(marker, environment.Name, StringComparison.Ordinal))
                    {
                        Find(DiagnosticCodes.ForeignRedisMarker,
                            $"Redis database {environment.RedisDatabase} is registered to environment {environment.Id}, but its marker '{RedisMarker.Key}' names '{marker}': two environments may be sharing its keys (sessions, caches). Check which one uses it (REDIS_DATABASE in its .env), then remove the stale one with 'ushadow env remove'.");
                    }
                    else
                    {
                        Ok($"{environment.Id}: Redis database {environment.RedisDatabase} holds its own marker");
                    }
                }
            }
            catch (RedisException e)
            {
                // Only the kind of failure: the message could quote the configuration.
                Find(DiagnosticCodes.RedisUnreachable, $"Redis server {server} stopped answering during the checks ({e.GetType().Name}).");
            }
        }
    }

    /// <summary>The server's <c>databases</c> setting, or <c>null</c> where <c>CONFIG GET</c> is refused.</summary>
    private static int? ServerDatabases(ConnectionMultiplexer connection)
    {
        try
        {
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            foreach (var pair in server.ConfigGet("databases"))
            {
                if (int.TryParse(pair.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var databases))
                {
                    return databases;
                }
            }
            return null;
        }
        catch (RedisServerException)
        {
            return null;
        }
    }
}
