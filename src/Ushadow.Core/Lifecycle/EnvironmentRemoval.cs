using StackExchange.Redis;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Git;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Redis;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// <c>ushadow env remove</c>: frees an environment's registry entry (its Redis number and port block), removes its
/// linked worktree with git's own safety, and with <c>--flush-redis</c> empties its Redis database, but only a database
/// whose marker names it, checked before anything changes and again under the registry lock right before the flush.
/// It never drops a MongoDB database.
/// </summary>
internal static class EnvironmentRemoval
{
    /// <summary>Finds the one environment to remove and works out what happens to its folder; changes nothing.</summary>
    /// <param name="registry">The registry as read now.</param>
    /// <param name="registryLocation">The registry, as named in messages.</param>
    /// <param name="name">The environment name, as typed.</param>
    /// <param name="app">The app, as typed (<c>--app</c>), when several have the name.</param>
    /// <param name="host">This machine.</param>
    /// <param name="keepWorktree"><c>--keep-worktree</c>.</param>
    /// <param name="flushRedis"><c>--flush-redis</c>.</param>
    /// <param name="force"><c>--force</c>.</param>
    /// <param name="redisUrl">The Redis server to flush on.</param>
    /// <exception cref="UshadowException">USH1002/USH1015 for a bad name, USH1036 none registered, USH1039 several apps.</exception>
    public static RemovalPlan Plan(IReadOnlyList<RegisteredEnvironment> registry, string registryLocation, string name, string? app, string host,
        bool keepWorktree, bool flushRedis, bool force, string redisUrl)
    {
        var environmentName = Naming.EnvironmentName(name, new Provenance(SettingLayer.LauncherEnvironment, "(the name given to 'ushadow env remove')"));
        var appName = app is null ? null : Naming.AppName(app, new Provenance(SettingLayer.LauncherEnvironment, "--app"));
        var entry = EnvironmentLifecycle.FindOne(registry, environmentName, appName, registryLocation);
        var worktree = !entry.BelongsTo(host) ? WorktreeFate.OnAnotherMachine
            : !Directory.Exists(entry.Root) ? WorktreeFate.Gone
            : keepWorktree ? WorktreeFate.Kept
            : EnvironmentRoot.IsLinkedWorktree(entry.Root) ? WorktreeFate.Removed
            : WorktreeFate.NotALinkedWorktree;
        return new RemovalPlan(entry, worktree, flushRedis, force, redisUrl, registryLocation);
    }

    /// <summary>
    /// Carries the plan out: checks the marker (before anything changes), removes the worktree, then under the registry
    /// lock checks the marker again, flushes, and frees the entry. <paramref name="done"/> hears each change.
    /// </summary>
    /// <exception cref="UshadowException">USH1030 no Redis server, USH1034 a marker of another environment or none, USH1033 git refused; nothing changed.</exception>
    public static void Run(RemovalPlan plan, IEnvironmentRegistryStore store, TimeSpan lockTimeout, Action<string> done)
    {
        var entry = plan.Entry;
        using var connection = plan.FlushRedis ? RedisConnection.Connect(plan.RedisUrl) : null;
        if (connection is not null && entry.RedisKeyPrefix is { } prefix)
        {
            RunInPrefixMode(plan, store, lockTimeout, done, connection, prefix);
            return;
        }
        var database = connection?.GetDatabase(entry.RedisDatabase);
        if (database is not null)
        {
            EnsureMarker(database, entry);
        }
        if (plan.Worktree == WorktreeFate.Removed)
        {
            RemoveWorktree(entry.Root, plan.Force);
            done($"Removed the worktree {entry.Root}.");
        }
        using (var registry = store.Open(lockTimeout))
        {
            // Flushed while the entry still holds the number: no other environment can have taken it meanwhile.
            if (database is not null)
            {
                EnsureMarker(database, entry);
                if (registry.Environments.Where(e => !e.HoldsRedisDatabase).Select(e => e.Id.ToString()).ToList() is { Count: > 0 } prefixed && entry.RedisDatabase == 0)
                {
                    throw new UshadowException(DiagnosticCodes.RedisMarkerMismatch,
                        $"Redis database 0 also holds the keys of the environments in prefix mode ({string.Join(", ", prefixed)}): it was not emptied and the entry stays. Delete '{entry.Name}'s keys by hand, or remove it without --flush-redis.");
                }
                database.Execute("FLUSHDB");
                done($"Emptied Redis database {entry.RedisDatabase}.");
            }
            registry.Remove(entry.Id);
            registry.Save();
        }
        done($"Freed Redis database {entry.RedisDatabase}: '{entry.Name}' is no longer registered.");
        if (entry.Mode == DatabaseMode.Isolated)
        {
            done($"MongoDB database '{entry.MongoDatabase}' was kept (the package never drops one). To drop it: {EnvironmentLifecycle.DropDatabaseCommand(entry.MongoDatabase)}");
        }
    }

    /// <summary>
    /// Prefix mode: the environment's keys go (<c>SCAN MATCH</c> and <c>UNLINK</c> on every primary, under the registry
    /// lock, so no other environment can take the prefix meanwhile), then its entry; database 0 is never flushed.
    /// </summary>
    private static void RunInPrefixMode(RemovalPlan plan, IEnvironmentRegistryStore store, TimeSpan lockTimeout, Action<string> done, ConnectionMultiplexer connection, string prefix)
    {
        var entry = plan.Entry;
        if (plan.Worktree == WorktreeFate.Removed)
        {
            RemoveWorktree(entry.Root, plan.Force);
            done($"Removed the worktree {entry.Root}.");
        }
        using (var registry = store.Open(lockTimeout))
        {
            var deleted = RedisPrefixKeys.Delete(connection, prefix);
            done($"Deleted {deleted} key(s) under '{prefix}' in Redis database 0 (SCAN MATCH and UNLINK; nothing else was touched).");
            if (!string.IsNullOrEmpty(entry.RedisUsername))
            {
                var nodes = RedisAclUser.Delete(connection, entry.RedisUsername);
                done($"Deleted its ACL user '{entry.RedisUsername}' on {nodes} node(s).");
            }
            registry.Remove(entry.Id);
            registry.Save();
        }
        done($"Freed the Redis prefix '{prefix}': '{entry.Name}' is no longer registered.");
        if (entry.Mode == DatabaseMode.Isolated)
        {
            done($"MongoDB database '{entry.MongoDatabase}' was kept (the package never drops one). To drop it: {EnvironmentLifecycle.DropDatabaseCommand(entry.MongoDatabase)}");
        }
    }

    private static void EnsureMarker(IDatabase database, RegisteredEnvironment entry)
    {
        var marker = RedisMarker.Read(database);
        if (marker != entry.Name)
        {
            var who = marker is null ? "no marker" : $"the marker of environment '{marker}'";
            throw new UshadowException(DiagnosticCodes.RedisMarkerMismatch,
                $"Redis database {entry.RedisDatabase} holds {who} ({RedisMarker.Key}), not '{entry.Name}': it was not emptied and nothing changed. " +
                $"Check which environment uses it ('ushadow env list'); to mark it as '{entry.Name}'s, set {RedisMarker.Key} there.");
        }
    }

    private static void RemoveWorktree(string root, bool force)
    {
        string[] arguments = force ? ["worktree", "remove", "--force", root] : ["worktree", "remove", root];
        var removed = GitRunner.RunRetrying(GitRunner.MainWorktree(root), arguments);
        if (!removed.Succeeded)
        {
            throw new UshadowException(DiagnosticCodes.GitRefused,
                $"git refused to remove the worktree {root}: {removed.Message} Nothing changed{(force ? "" : "; --force removes it anyway, uncommitted changes included")}.", root);
        }
    }
}
