using Ushadow.Core.Git;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Secrets;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// What a provisioning changes outside its new worktree, as it was before it ran, and the way back: the worktree's
/// registry entry, shared key files it created, the repository's <c>info/exclude</c>. (Its <c>.env</c> and
/// <c>secrets.yaml</c> sit in the worktree, which goes with it.)
/// </summary>
internal sealed class ProvisioningUndo
{
    private readonly string _root;
    private readonly IEnvironmentRegistryStore _store;
    private readonly TimeSpan _lockTimeout;
    private readonly bool _registryExisted;
    private readonly string _sharedKeys;
    private readonly HashSet<string> _keysBefore;
    private readonly string? _exclude;
    private readonly string? _excludeBefore;

    private ProvisioningUndo(string root, EnvironmentPaths paths, IEnvironmentRegistryStore store, TimeSpan lockTimeout)
    {
        _root = root;
        _store = store;
        _lockTimeout = lockTimeout;
        _registryExisted = store is not FileRegistryStore || File.Exists(store.LocalFile);
        _sharedKeys = Path.GetDirectoryName(SharedSecretStore.PathFor(paths.StateDirectory, "any"))!;
        _keysBefore = Directory.Exists(_sharedKeys) ? [.. Directory.GetFiles(_sharedKeys)] : [];
        var exclude = GitRunner.Run(root, ["rev-parse", "--git-path", "info/exclude"]);
        _exclude = exclude.Succeeded ? Path.GetFullPath(exclude.Output, root) : null;
        _excludeBefore = _exclude is null ? null : AtomicFile.ReadAllTextOrNull(_exclude);
    }

    /// <summary>Takes note of how things are before the provisioning of <paramref name="root"/> (for <paramref name="request"/>) runs.</summary>
    public static ProvisioningUndo Before(string root, EnvironmentPaths paths, ProvisionRequest request, TimeSpan lockTimeout) =>
        new(root, paths, RegistryStores.For(request, paths.StateDirectory), lockTimeout);

    /// <summary>
    /// Removes the entry of the root (under the registry lock), the shared key files made since that no remaining entry uses,
    /// a registry file that did not exist and is empty again, and puts <c>info/exclude</c> back.
    /// </summary>
    public void Restore()
    {
        using (var registry = _store.Open(_lockTimeout))
        {
            if (registry.Environments.FirstOrDefault(e => RegistryPaths.SameRoot(e.Root, _root)) is { } entry)
            {
                registry.Remove(entry.Id);
            }
            registry.Save();
            var remaining = registry.Environments;
            foreach (var key in Directory.Exists(_sharedKeys) ? Directory.GetFiles(_sharedKeys) : [])
            {
                var database = Path.GetFileName(key)[..^".secrets.yaml".Length];
                if (!_keysBefore.Contains(key) && !remaining.Any(e => e.Mode == DatabaseMode.Shared && e.MongoDatabase == database))
                {
                    File.Delete(key);
                }
            }
            if (!_registryExisted && remaining.Count == 0)
            {
                File.Delete(_store.LocalFile);
            }
        }
        if (_exclude is not null && AtomicFile.ReadAllTextOrNull(_exclude) != _excludeBefore)
        {
            if (_excludeBefore is null)
            {
                File.Delete(_exclude);
            }
            else
            {
                AtomicFile.WriteIfChanged(_exclude, _excludeBefore);
            }
        }
    }
}
