using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Resolution;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// The rules of <c>ushadow env create|list|remove|prune</c> that are not git's: where a new environment's
/// worktree goes, whether its name is free, which registered environment a folder belongs to, which entries
/// are gone, and what the tool prints instead of dropping a MongoDB database.
/// </summary>
internal static class EnvironmentLifecycle
{
    /// <summary>The feedback line for shared mode, in the original launcher plan's words.</summary>
    public const string SharedFeedback = "All environments share the same MongoDB database. Credentials and data are synchronized.";

    /// <summary>The feedback line for isolated mode, in the original launcher plan's words.</summary>
    public const string IsolatedFeedback = "Each environment has its own MongoDB database. Data is completely isolated.";

    /// <summary>The per-mode feedback line.</summary>
    public static string Feedback(DatabaseMode mode) => mode == DatabaseMode.Shared ? SharedFeedback : IsolatedFeedback;

    /// <summary>
    /// The folder of environment <paramref name="name"/>'s linked worktree: <c>&lt;parent of repo&gt;/worktrees/&lt;repo folder&gt;/&lt;name&gt;</c>,
    /// so every app's worktrees sit side by side and the folder name is the environment name the build infers.
    /// </summary>
    public static string WorktreeFolder(string repositoryTop, string name)
    {
        var top = EnvironmentRoot.Normalize(repositoryTop);
        var parent = Path.GetDirectoryName(top) ?? top;
        return Path.Combine(parent, "worktrees", Path.GetFileName(top), name);
    }

    /// <summary>The app name a build of a project with <paramref name="properties"/> resolves (<c>UshadowAppName</c>, else the default), folded and checked.</summary>
    /// <exception cref="UshadowException">USH1015 for a name that breaks the rule.</exception>
    public static string AppName(BuildProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return string.IsNullOrWhiteSpace(properties.AppName)
            ? EnvironmentResolver.DefaultAppName
            : Naming.AppName(properties.AppName, new Provenance(SettingLayer.MSBuildProperty, "UshadowAppName"));
    }

    /// <summary>
    /// Checks, before <c>env create</c> touches git, what would otherwise fail only in the apply step after it:
    /// the launcher settings can be read (USH1004), the count is valid, the name is free (USH1009)
    /// and a Redis number is left (USH1008), all against the registry as it is now. Creates nothing.
    /// </summary>
    /// <param name="request">The request the apply step will get (variables and the evaluated properties).</param>
    /// <param name="paths">Its paths (launcher settings, state directory).</param>
    /// <param name="id">The new environment's app and name.</param>
    /// <param name="root">The worktree folder it will have.</param>
    public static void CheckCanCreate(ProvisionRequest request, EnvironmentPaths paths, EnvironmentId id, string root)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(paths);
        LauncherSettings.Load(paths.LauncherSettingsFile);
        var store = RegistryStores.For(request, paths.StateDirectory);
        var snapshot = store.ReadSnapshot();
        if (snapshot.Diagnostics.FirstOrDefault() is { } offline)
        {
            // A Redis registry that does not answer cannot say whether a number is free: refuse before git runs.
            throw new UshadowException(DiagnosticCodes.RegistryServerUnavailable, offline.Message, offline.File);
        }
        var registry = snapshot.Environments;
        var count = InputRules.RedisDatabaseCount(request.Properties.RedisDatabaseCount);
        // Whether a number is left does not depend on the preference, so no port offset is needed here.
        RedisAllocationPolicy.Allocate(registry, id, EnvironmentRoot.Normalize(root), portOffset: null, count, store.Location,
            currentHost: store.Host, reservedDatabase: store.ReservedDatabase);
    }

    /// <summary>The registered environment whose root holds <paramref name="directory"/> (the deepest, when roots nest), if any.</summary>
    public static RegisteredEnvironment? Current(IEnumerable<RegisteredEnvironment> registry, string directory)
    {
        var here = EnvironmentRoot.Normalize(directory) + Path.DirectorySeparatorChar;
        return registry
            .Where(e => here.StartsWith(EnvironmentRoot.Normalize(e.Root) + Path.DirectorySeparatorChar, PlatformFiles.PathComparison))
            .OrderByDescending(e => e.Root.Length)
            .FirstOrDefault();
    }

    /// <summary>The entries whose root folder no longer exists: what <c>env prune</c> drops.</summary>
    public static IReadOnlyList<RegisteredEnvironment> Gone(IEnumerable<RegisteredEnvironment> registry, Func<string, bool>? rootExists = null)
    {
        rootExists ??= Directory.Exists;
        return registry.Where(e => !rootExists(e.Root)).ToList();
    }

    /// <summary>
    /// The environments registered under <paramref name="name"/>, of app <paramref name="app"/> when given: remove
    /// needs exactly one.
    /// </summary>
    /// <exception cref="UshadowException">USH1036 when none is registered, USH1039 when several apps have one and no app was given.</exception>
    public static RegisteredEnvironment FindOne(IReadOnlyList<RegisteredEnvironment> registry, string name, string? app, string registryFile)
    {
        var matches = registry.Where(e => e.Name == name && (app is null || e.AppName == app)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new UshadowException(DiagnosticCodes.EnvironmentNotRegistered,
                $"No environment '{name}'{(app is null ? "" : $" of app '{app}'")} is registered in {registryFile}. 'ushadow env list' shows the registered ones.", registryFile),
            _ => throw new UshadowException(DiagnosticCodes.EnvironmentAmbiguous,
                $"Environment '{name}' is registered for several apps ({string.Join(", ", matches.Select(m => m.AppName))}) in {registryFile}; say which with --app.", registryFile),
        };
    }

    /// <summary>The command that would drop <paramref name="database"/>: the package never runs it.</summary>
    public static string DropDatabaseCommand(string database) =>
        $"mongosh --eval 'db.getSiblingDB(\"{database}\").dropDatabase()'";
}
