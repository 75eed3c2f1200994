using Ushadow.Core.Registry;

namespace Ushadow.Core.Lifecycle;

/// <summary>What <c>env remove</c> will do, shown before it is confirmed.</summary>
/// <param name="Entry">The registered environment.</param>
/// <param name="Worktree">What happens to its folder.</param>
/// <param name="FlushRedis">Whether its Redis database is emptied (after its marker is checked).</param>
/// <param name="Force">Whether git removes a worktree with uncommitted changes.</param>
/// <param name="RedisUrl">The Redis server to flush on.</param>
/// <param name="RegistryLocation">The registry, as named in messages.</param>
internal sealed record RemovalPlan(RegisteredEnvironment Entry, WorktreeFate Worktree, bool FlushRedis, bool Force, string RedisUrl, string RegistryLocation);
