namespace Ushadow.Core.Registry;

/// <summary>The outcome of <see cref="RedisAllocationPolicy.Allocate"/>.</summary>
/// <param name="Database">The Redis database number the environment gets.</param>
/// <param name="Reclaimed">
/// Entries whose root folder is gone and whose numbers were freed to make room. The caller removes them
/// (before putting the new entry) and warns <c>USH2003</c> for each.
/// </param>
/// <param name="Kept">Whether the environment keeps the number the registry already gave it.</param>
internal sealed record RedisAllocation(int Database, IReadOnlyList<RegisteredEnvironment> Reclaimed, bool Kept = false);
