using Ushadow.Core.Diagnostics;

namespace Ushadow.Core.Registry;

/// <summary>
/// Where the registry lives: the per-user file (<see cref="FileRegistryStore"/>, the default) or a Redis server a team
/// shares (<see cref="RedisRegistryStore"/>; README, Teams on one server). Both hand the same entries to the same pure
/// <see cref="RedisAllocationPolicy"/>; the store only decides how a claim is made safe against other builds.
/// </summary>
internal interface IEnvironmentRegistryStore
{
    /// <summary>The registry as named in messages and provenance: a file path, or the server without its password.</summary>
    string Location { get; }

    /// <summary>The local file a build's result depends on (the registry file, or the Redis store's local cache).</summary>
    string LocalFile { get; }

    /// <summary>This machine in a shared registry (entries record it); <c>null</c> for the per-user file.</summary>
    string? Host { get; }

    /// <summary>A Redis database never handed to an environment (the Redis store's own); <c>null</c> when none is.</summary>
    int? ReservedDatabase { get; }

    /// <summary>
    /// Whether the server offers only database 0 (a Redis Cluster, known once a read has connected): an environment
    /// there needs Redis prefix mode. <c>false</c> for the file, which knows no server.
    /// </summary>
    bool OffersOnlyDatabaseZero { get; }

    /// <summary>Whether environments in prefix mode get an ACL user of their own here: only on a team server.</summary>
    bool ManagesAclUsers { get; }

    /// <summary>Reads the registry as it is now, claiming and locking nothing (plans, design-time builds, <c>explain</c>).</summary>
    /// <exception cref="UshadowException">The registry cannot be read.</exception>
    RegistrySnapshot ReadSnapshot();

    /// <summary>Opens the registry for a change, excluding other writers until disposed (waiting at most <paramref name="timeout"/>).</summary>
    /// <exception cref="UshadowException">The registry cannot be opened in time or read.</exception>
    /// <exception cref="RegistryUnavailableException">The Redis server did not answer (the caller may fall back on its cache).</exception>
    IEnvironmentRegistrySession Open(TimeSpan timeout);
}
