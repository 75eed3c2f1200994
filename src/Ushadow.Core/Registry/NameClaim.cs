using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Registry;

/// <summary>
/// USH1009, the one rule for an environment name claimed twice: a name is unique per app, because two roots (or two
/// machines) of one name would share its Redis database and, in isolated mode, its MongoDB database.
/// </summary>
internal static class NameClaim
{
    /// <summary>
    /// Refuses <paramref name="id"/> at <paramref name="root"/> when the registry holds it for another machine (a team
    /// registry) or from another root folder that still exists; a moved root (the old one gone) or the same one is free.
    /// </summary>
    /// <param name="entries">The registered environments.</param>
    /// <param name="id">The environment's app and name.</param>
    /// <param name="root">Its root folder.</param>
    /// <param name="registryFile">The registry, named in the message.</param>
    /// <param name="currentHost">This machine in a team registry; <c>null</c> for the per-user file.</param>
    /// <param name="rootExists">Whether a registered root still exists; <see cref="Directory.Exists"/> by default.</param>
    /// <exception cref="UshadowException">USH1009 naming the holder.</exception>
    public static void EnsureFree(IEnumerable<RegisteredEnvironment> entries, EnvironmentId id, string root, string registryFile,
        string? currentHost = null, Func<string, bool>? rootExists = null)
    {
        if (entries.FirstOrDefault(e => e.Id == id) is not { } holder)
        {
            return;
        }
        var shared = $"both would share Redis database {holder.RedisDatabase} (and, in isolated mode, MongoDB database '{Naming.IsolatedDatabase(id.App, id.Name)}')";
        if (currentHost is not null && holder.Host is { } holderHost && holderHost != currentHost)
        {
            throw new UshadowException(DiagnosticCodes.EnvironmentNameClaimedTwice,
                $"Environment '{id.Name}' of app '{id.App}' is held by machine '{holderHost}' ({holder.Root}) in {registryFile}, and is now claimed by '{currentHost}' from {root}; {shared}. " +
                $"Give this one another environment name (ENV_NAME or UshadowEnvName), or free it on that machine's behalf with 'ushadow env prune --host {holderHost}'.",
                registryFile);
        }
        if (!RegistryPaths.SameRoot(holder.Root, root) && (rootExists ?? Directory.Exists)(holder.Root))
        {
            throw new UshadowException(DiagnosticCodes.EnvironmentNameClaimedTwice,
                $"Environment '{id.Name}' of app '{id.App}' is registered from {holder.Root}, which still exists, and is now claimed from {root}; {shared}. " +
                $"Give one of them another environment name (ENV_NAME or UshadowEnvName), remove the one no longer used (ushadow env remove {id.Name}), or delete its folder.",
                registryFile);
        }
    }
}
