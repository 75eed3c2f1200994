using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Registry;

/// <summary>
/// Who gets which Redis database (docs/decisions.md, Allocation is a pure policy), as a pure function of the registered
/// environments, so the plan (no lock) and the apply step (under the lock) reach the same answer from the same
/// registry.
/// </summary>
internal static class RedisAllocationPolicy
{
    /// <summary>
    /// Chooses the Redis database of environment <paramref name="id"/> at <paramref name="root"/>: a registered
    /// environment keeps its number; otherwise the preferred number (<c>(PORT_OFFSET / 10) % count</c>, else the
    /// FNV-1a hash of the name) if free, else the lowest free one; when all are taken, entries whose root folder
    /// is gone are reclaimed.
    /// </summary>
    /// <param name="registered">Every registered environment, of every app (they share one Redis server).</param>
    /// <param name="id">The environment's app and name.</param>
    /// <param name="root">The environment's root folder.</param>
    /// <param name="portOffset"><c>PORT_OFFSET</c> when set.</param>
    /// <param name="databaseCount">How many Redis databases there are.</param>
    /// <param name="registryFile">The registry, named in errors.</param>
    /// <param name="rootExists">Whether a registered root still exists; <see cref="Directory.Exists"/> by default.</param>
    /// <param name="currentHost">
    /// This machine in a registry shared by several (README, Teams on one server): entries of other hosts are never
    /// reclaimed, and this environment registered by another host is <c>USH1009</c>. <c>null</c> for the per-user file
    /// registry.
    /// </param>
    /// <param name="reservedDatabase">A number never handed out: the Redis registry's own database.</param>
    /// <exception cref="UshadowException">
    /// <c>USH1009</c> when the environment is registered from another root folder that still exists, or by another
    /// host; <c>USH1008</c> when every number is held by an environment that cannot be reclaimed.
    /// </exception>
    public static RedisAllocation Allocate(
        IEnumerable<RegisteredEnvironment> registered, EnvironmentId id, string root, int? portOffset, int databaseCount,
        string registryFile, Func<string, bool>? rootExists = null, string? currentHost = null, int? reservedDatabase = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id.Name);
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(databaseCount);
        if (portOffset is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(portOffset), portOffset, "PORT_OFFSET must not be negative.");
        }
        rootExists ??= Directory.Exists;
        var entries = registered.ToList();

        // Another machine's root cannot be looked at from here: only its own host may tell whether it is gone.
        bool Reclaimable(RegisteredEnvironment e) => e.BelongsTo(currentHost) && !rootExists(e.Root);
        bool Usable(int number) => number < databaseCount && number != reservedDatabase;

        NameClaim.EnsureFree(entries, id, root, registryFile, currentHost, rootExists);
        if (entries.FirstOrDefault(e => e.Id == id) is { HoldsRedisDatabase: true } own)
        {
            // Sticky: the same environment (or its moved root) keeps its number, unless the count shrank below it.
            if (Usable(own.RedisDatabase))
            {
                return new RedisAllocation(own.RedisDatabase, [], Kept: true);
            }
        }

        var preferred = portOffset is { } offset
            ? offset / 10 % databaseCount
            : (int)(Fnv1a.Hash(id.Name) % (uint)databaseCount);
        var holders = entries
            .Where(e => e.Id != id && e.HoldsRedisDatabase && Usable(e.RedisDatabase))
            .OrderBy(e => e.RedisDatabase)
            .ToList();
        var taken = holders.Select(e => e.RedisDatabase).ToHashSet();
        if (reservedDatabase is { } reserved)
        {
            taken.Add(reserved);
        }
        if (entries.Any(e => !e.HoldsRedisDatabase))
        {
            // Database 0 holds the environments in prefix mode: a new number there would share their database.
            taken.Add(0);
        }

        if (!taken.Contains(preferred))
        {
            return new RedisAllocation(preferred, []);
        }
        for (var number = 0; number < databaseCount; number++)
        {
            if (!taken.Contains(number))
            {
                return new RedisAllocation(number, []);
            }
        }

        // Every number is taken: free those held by environments whose folder is gone.
        var reclaimed = holders.Where(Reclaimable).ToList();
        if (reclaimed.Count == 0)
        {
            var available = reservedDatabase is null ? $"all {databaseCount}" : $"all {databaseCount - 1} (database {reservedDatabase} holds the registry)";
            var local = holders.Where(e => e.BelongsTo(currentHost)).ToList();
            var foreign = holders.Except(local).ToList();
            var list = string.Join(", ", local.Select(e => $"{e.RedisDatabase}={e.Id} ({e.Root})"));
            var message = $"Environment '{id.Name}' needs a Redis database, but {available} are held";
            if (local.Count > 0)
            {
                message += $" by environments whose folders exist: {list}";
            }
            if (foreign.Count > 0)
            {
                // Other machines' folders cannot be checked from here: name each host and the command that frees its entries.
                var hosts = string.Join("; ", foreign.GroupBy(e => e.Host!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
                    $"host '{g.Key}': {string.Join(", ", g.Select(e => $"{e.RedisDatabase}={e.Id} ({e.Root})"))} (if that machine is gone: ushadow env prune --host {g.Key})"));
                message += (local.Count > 0 ? "; and" : "") + $" by other machines' environments, never reclaimed from here: {hosts}";
            }
            throw new UshadowException(
                DiagnosticCodes.RedisDatabasesExhausted,
                message + ". Free one by deleting an environment's worktree (its number is then reclaimed), " +
                "or raise UshadowRedisDatabaseCount together with the Redis server's `databases` setting.",
                registryFile);
        }
        var chosen = reclaimed.Any(e => e.RedisDatabase == preferred) ? preferred : reclaimed[0].RedisDatabase;
        return new RedisAllocation(chosen, reclaimed);
    }
}
