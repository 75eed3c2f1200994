using Ushadow.Core.Git;
using Ushadow.Core.Registry;

namespace Ushadow.Core.Lifecycle;

/// <summary>What <c>env prune</c> dropped (or, in a dry run, would drop).</summary>
/// <param name="Dropped">The registry entries dropped.</param>
/// <param name="Worktrees">What <c>git worktree prune</c> said, or <c>null</c> outside a repository (or with <c>--host</c>).</param>
internal sealed record PruneResult(IReadOnlyList<RegisteredEnvironment> Dropped, GitResult? Worktrees);
