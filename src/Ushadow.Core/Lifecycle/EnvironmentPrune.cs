using Ushadow.Core.Diagnostics;
using Ushadow.Core.Git;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// <c>ushadow env prune</c>: drops the registry entries whose root folder is gone, and has git forget its stale worktree
/// records. Only this machine can tell whether its folders are gone: in a team registry it drops only this machine's
/// entries, and another machine's only by name (<c>--host</c>, a machine gone for good).
/// </summary>
internal static class EnvironmentPrune
{
    /// <summary>The entries prune drops: this machine's whose root is gone, or every entry of <paramref name="otherHost"/>.</summary>
    public static IReadOnlyList<RegisteredEnvironment> Select(IEnumerable<RegisteredEnvironment> entries, string host, string? otherHost) =>
        otherHost is not null
            ? entries.Where(e => e.Host == otherHost).ToList()
            : EnvironmentLifecycle.Gone(entries.Where(e => e.BelongsTo(host)));

    /// <summary>
    /// Drops what <see cref="Select"/> picks from the registry as it is under its lock (a missing registry file is left
    /// missing), then, inside a repository and without <paramref name="otherHost"/>, runs <c>git worktree prune</c>.
    /// A dry run only lists, from <paramref name="snapshot"/>.
    /// </summary>
    /// <exception cref="UshadowException">USH1033 when git's prune fails.</exception>
    public static PruneResult Run(IEnvironmentRegistryStore store, IReadOnlyList<RegisteredEnvironment> snapshot, string host, string? otherHost,
        bool dryRun, string workingDirectory, TimeSpan lockTimeout)
    {
        IReadOnlyList<RegisteredEnvironment> dropped;
        if (dryRun)
        {
            dropped = Select(snapshot, host, otherHost);
        }
        else if (store is FileRegistryStore && !File.Exists(store.LocalFile))
        {
            dropped = []; // no registry: nothing to drop, and nothing to create
        }
        else
        {
            using var registry = store.Open(lockTimeout);
            dropped = Select(registry.Environments, host, otherHost);
            foreach (var entry in dropped)
            {
                registry.Remove(entry.Id);
            }
            registry.Save();
        }
        if (otherHost is not null || !GitRunner.Run(workingDirectory, ["rev-parse", "--show-toplevel"]).Succeeded)
        {
            return new PruneResult(dropped, null);
        }
        var pruned = dryRun
            ? GitRunner.Require(workingDirectory, "worktree", "prune", "--dry-run", "--verbose")
            : GitRunner.RunRetrying(workingDirectory, ["worktree", "prune", "--verbose"]);
        if (!pruned.Succeeded)
        {
            throw new UshadowException(DiagnosticCodes.GitRefused, $"git worktree prune failed: {pruned.Message}");
        }
        return new PruneResult(dropped, pruned);
    }
}
