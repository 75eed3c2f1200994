using Ushadow.Core.Diagnostics;
using Ushadow.Core.Git;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Model;
using Ushadow.Core.Planning;
using Ushadow.Core.Registry;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Provisioning;

/// <summary>
/// Plans and applies one environment's build: <see cref="EnvironmentPlanner.Plan(ProvisionRequest)"/> resolves
/// and validates without a lock or a write; <see cref="Apply"/> takes the registry lock, plans again against the
/// registry as it is now (so a concurrent build cannot slip in between), and writes. The build, the IDE's
/// design-time build and the <c>ushadow</c> tool all go through these two steps.
/// </summary>
internal static class EnvironmentProvisioner
{
    /// <summary>Applies the request in real builds (<see cref="ProvisionRequest.WriteFiles"/>), else only plans it.</summary>
    /// <exception cref="UshadowException">Invalid input; nothing was written.</exception>
    public static ProvisionResult Provision(ProvisionRequest request) =>
        request.WriteFiles ? Apply(request) : EnvironmentPlanner.Plan(request).ToResult();

    /// <summary>
    /// Takes the registry lock, re-plans against the registry as it is now, checks every target is writable, and
    /// brings <c>.env</c>, <c>secrets.yaml</c>, the shared key and the registry up to date. Files whose content
    /// would not change are not touched. The tracked-by-git check runs after the lock is released.
    /// </summary>
    /// <exception cref="UshadowException">Invalid input or an unwritable target; nothing was written.</exception>
    public static ProvisionResult Apply(ProvisionRequest request)
    {
        var paths = EnvironmentPaths.For(request);
        var store = RegistryStores.For(request, paths.StateDirectory);
        if (store is FileRegistryStore)
        {
            // Plan once before the lock: bad input is refused without creating a state folder or lock file, and a
            // cold process pays its first-time costs (loading the planner, YAML and JSON readers) before it makes
            // every other build wait: the soak (build/crash) saw a cold build hold the lock 470-760 ms, 60-150 ms
            // after this. (The Redis store's lock is on the server, and reading it early would cost a connection.)
            EnvironmentPlanner.Plan(request, paths, store.ReadSnapshot().Environments, store);
        }
        // A claim taken by another machine between this build's read and its commit is refused by the server
        // without writing anything: read again and plan again, a bounded number of times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ApplyOnce(request, paths, store);
            }
            catch (RegistryConflictException) when (attempt < MaxAttempts)
            {
                Thread.Sleep(Random.Shared.Next(10, 50) * attempt);
            }
            catch (RegistryConflictException e)
            {
                throw new UshadowException(DiagnosticCodes.RegistryLockTimeout, $"{e.Message}; gave up after {MaxAttempts} attempts: try the build again.", store.LocalFile, e);
            }
            catch (RegistryUnavailableException e) when (store is RedisRegistryStore redis)
            {
                return ApplyOffline(request, paths, redis, e);
            }
        }
    }

    private const int MaxAttempts = 5;

    private static ProvisionResult ApplyOnce(ProvisionRequest request, EnvironmentPaths paths, IEnvironmentRegistryStore store)
    {
        EnvironmentPlan plan;
        var written = new List<string>();
        var created = new List<string>();
        using (var registry = store.Open(request.LockTimeout))
        {
            plan = EnvironmentPlanner.Plan(request, paths, registry.Environments, store);
            if (plan.NeedsAclUser && registry is RedisRegistrySession session)
            {
                // Made before any file is written, so .env names a user that exists, and secrets.yaml holds its password.
                var environment = plan.Environment;
                var password = plan.Secrets.Get(RedisIsolationRules.PasswordSection, RedisIsolationRules.PasswordKey) ?? SecretGenerator.NewSecret();
                var made = session.TryMakeAclUser(RedisIsolationRules.UserName(environment.AppName.Value, environment.EnvironmentName.Value), password, environment.RedisKeyPrefix.Value);
                plan = EnvironmentPlanner.Plan(request, paths, registry.Environments, store, made, password);
            }

            // Only folders about to be written are probed: a rebuild with nothing to change touches no folder.
            if (plan.ChangesEnvFile)
            {
                EnsureWritable(Path.GetDirectoryName(AtomicFile.WriteTarget(paths.EnvFile))!, paths.EnvFile);
            }
            if (plan.ChangesSecretsFile)
            {
                EnsureWritable(Path.GetDirectoryName(AtomicFile.WriteTarget(paths.SecretsFile))!, paths.SecretsFile);
            }
            if (plan.ChangesStateDirectory)
            {
                EnsureWritable(paths.StateDirectory, store.LocalFile);
            }

            WriteFiles(plan, paths, written, created);

            foreach (var gone in plan.Reclaimed)
            {
                registry.Remove(gone.Id);
            }
            if (plan.Previous is { } previous && previous.Id != plan.RegistryEntry.Id)
            {
                registry.Remove(previous.Id); // this folder was renamed to another environment
            }
            registry.Put(plan.RegistryEntry);
            if (registry.Save())
            {
                written.Add(store.Location);
            }
        }
        return Result(plan, paths, store, plan.Diagnostics, written, created);
    }

    /// <summary>
    /// The registry's server did not answer: an environment whose claim this machine remembers builds on with
    /// it (and a warning); anything that would claim or free a number fails, since only the server can say
    /// what is free.
    /// </summary>
    private static ProvisionResult ApplyOffline(ProvisionRequest request, EnvironmentPaths paths, RedisRegistryStore store, RegistryUnavailableException cause)
    {
        var cached = store.ReadCache();
        var plan = EnvironmentPlanner.Plan(request, paths, cached, store);
        if (plan.Previous is null || plan.Previous.Id != plan.RegistryEntry.Id || plan.Reclaimed.Count > 0
            || plan.Previous.RedisDatabase != plan.RegistryEntry.RedisDatabase)
        {
            throw store.OfflineError(plan.RegistryEntry.Id, paths.Root, cause.Cause);
        }
        var written = new List<string>();
        var created = new List<string>();
        if (plan.ChangesEnvFile)
        {
            EnsureWritable(Path.GetDirectoryName(paths.EnvFile)!, paths.EnvFile);
        }
        if (plan.ChangesSecretsFile)
        {
            EnsureWritable(Path.GetDirectoryName(paths.SecretsFile)!, paths.SecretsFile);
        }
        WriteFiles(plan, paths, written, created);
        return Result(plan, paths, store, [store.OfflineWarning(cause.Cause), .. plan.Diagnostics], written, created);
    }

    /// <summary>Validation is over: the shared key first (secrets.yaml now holds it), then secrets.yaml and .env.</summary>
    private static void WriteFiles(EnvironmentPlan plan, EnvironmentPaths paths, List<string> written, List<string> created)
    {
        var mongo = plan.Environment.MongoDatabase.Value;
        if (plan.UnsavedSharedKey is { } key && SharedSecretStore.Save(paths.StateDirectory, mongo, key))
        {
            written.Add(SharedSecretStore.PathFor(paths.StateDirectory, mongo));
        }
        var secretsExisted = File.Exists(paths.SecretsFile);
        if (SecretsFile.Write(paths.SecretsFile, plan.Secrets))
        {
            written.Add(paths.SecretsFile);
            if (!secretsExisted)
            {
                created.Add(paths.SecretsFile);
            }
        }
        var envFileExisted = File.Exists(paths.EnvFile);
        if (WriteEnvFile(paths.EnvFile, plan.IntendedEnvFileText))
        {
            written.Add(paths.EnvFile);
            if (!envFileExisted)
            {
                created.Add(paths.EnvFile);
            }
        }
    }

    private static ProvisionResult Result(EnvironmentPlan plan, EnvironmentPaths paths, IEnvironmentRegistryStore store, IEnumerable<UshadowDiagnostic> diagnostics, List<string> written, List<string> created)
    {
        var ensured = new List<string> { paths.EnvFile, paths.SecretsFile, store.LocalFile };
        if (plan.Environment.DatabaseMode.Value == DatabaseMode.Shared)
        {
            ensured.Add(SharedSecretStore.PathFor(paths.StateDirectory, plan.Environment.MongoDatabase.Value));
        }
        // Outside the lock: git runs only when a file was just created.
        var all = diagnostics.Concat(GitExclusion.EnsureIgnored(created)).Concat(TrackedByGitWarnings(paths)).ToList();
        return new ProvisionResult(plan.Environment, paths, all, written) { EnsuredFiles = ensured, RegistryFile = store.LocalFile };
    }

    /// <summary>Fails before any write when a folder cannot be written, so a run never half-writes.</summary>
    private static void EnsureWritable(string directory, string forFile)
    {
        try
        {
            Directory.CreateDirectory(directory);
            // Named like a temp file, so a probe left by a killed build is cleaned by the next write to this folder.
            var probe = AtomicFile.TemporaryPath(directory, AtomicFile.WriteProbeName);
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
                CrashPoint.Reach("write-probe:" + Path.GetFileName(forFile));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite,
                $"Cannot write '{forFile}': folder '{directory}' is not writable ({e.GetType().Name}). Make it writable or point the path elsewhere.", forFile, e);
        }
    }

    /// <summary>Writes <c>.env</c> (new files 0600); the secrets file and the registry map their own IO errors.</summary>
    private static bool WriteEnvFile(string path, string text)
    {
        try
        {
            return AtomicFile.WriteIfChanged(path, text, newFileMode: AtomicFile.OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite, $"Cannot write '{path}': {e.Message}", path, e);
        }
    }

    /// <summary>Warns when <c>.env</c> or <c>secrets.yaml</c> is tracked by git (they hold per-machine values and secrets).</summary>
    private static IEnumerable<UshadowDiagnostic> TrackedByGitWarnings(EnvironmentPaths paths) =>
        GitIndex.TrackedAmong(paths.Root, [paths.EnvFile, paths.SecretsFile])
            .Select(tracked => UshadowDiagnostic.Warning(DiagnosticCodes.SecretFileTrackedByGit,
                $"'{tracked}' is tracked by git: it holds per-environment values and secrets. Run 'git rm --cached {Path.GetRelativePath(paths.Root, tracked)}' and add it to .gitignore.",
                tracked))
            .ToList();
}
