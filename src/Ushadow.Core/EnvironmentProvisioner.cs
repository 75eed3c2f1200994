using System.Diagnostics;
using System.Globalization;
using Ushadow.Core.EnvFile;
using Ushadow.Core.Registry;
using Ushadow.Core.Secrets;

namespace Ushadow.Core;

/// <summary>The files behind one environment.</summary>
/// <param name="Root">The environment root (holds <c>.env</c> and <c>config/</c>).</param>
/// <param name="EnvFile">The <c>.env</c> file.</param>
/// <param name="SecretsFile">The <c>secrets.yaml</c> file.</param>
/// <param name="LauncherSettingsFile">The launcher settings JSON (may not exist).</param>
/// <param name="StateDirectory">Where the registry and shared secrets live.</param>
public sealed record EnvironmentPaths(string Root, string EnvFile, string SecretsFile, string LauncherSettingsFile, string StateDirectory);

/// <summary>What one provisioning run found and did.</summary>
/// <param name="Environment">The resolved values with provenance.</param>
/// <param name="Paths">The files involved.</param>
/// <param name="Diagnostics">Warnings and messages to report (errors are thrown as <see cref="UshadowException"/>).</param>
/// <param name="WrittenFiles">The files whose content changed.</param>
public sealed record ProvisionResult(
    ResolvedEnvironment Environment,
    EnvironmentPaths Paths,
    IReadOnlyList<UshadowDiagnostic> Diagnostics,
    IReadOnlyList<string> WrittenFiles);

/// <summary>
/// One build's work for one environment: resolve every setting, give it a Redis number, and bring
/// <c>.env</c>, <c>secrets.yaml</c> and the registry up to date. Everything is validated before the first
/// write; the whole run holds the registry lock, so concurrent builds of any environment never race.
/// </summary>
public static class EnvironmentProvisioner
{
    private static readonly string[] ProductionNames = ["prod", "production", "live"];

    /// <summary>Runs the resolution and, when <see cref="ProvisionRequest.WriteFiles"/> is set, the writes.</summary>
    /// <exception cref="UshadowException">Invalid input; nothing was written.</exception>
    public static ProvisionResult Provision(ProvisionRequest request)
    {
        var diagnostics = new List<UshadowDiagnostic>();
        var paths = ResolvePaths(request);
        var launcher = LauncherSettings.Load(paths.LauncherSettingsFile);
        var databaseCount = ParseRedisDatabaseCount(request.Properties.RedisDatabaseCount);
        var portOffset = ParsePortOffset(request.Variable(VariableNames.PortOffset));
        var envFileText = AtomicFile.ReadAllTextOrNull(paths.EnvFile);
        var envFile = EnvFileDocument.Parse(envFileText);

        using var registry = EnvironmentRegistry.Open(paths.StateDirectory, request.LockTimeout);
        var previous = registry.FindByRoot(paths.Root);
        var handEdits = FindHandEdits(envFile, previous);
        var (app, env, mode, shared, mongo, compose) = EnvironmentResolver.Resolve(
            new ResolutionInputs(request, launcher, handEdits, paths.EnvFile, paths.Root));

        var (redis, reclaimed) = ResolveRedisDatabase(registry, handEdits, paths, env.Value, portOffset, databaseCount);
        var resolved = new ResolvedEnvironment
        {
            AppName = app,
            EnvironmentName = env,
            DatabaseMode = mode,
            SharedDatabaseName = shared,
            MongoDatabase = mongo,
            ComposeProjectName = compose,
            RedisDatabase = redis,
        };

        foreach (var (key, _) in handEdits)
        {
            diagnostics.Add(new UshadowDiagnostic("", DiagnosticSeverity.Message,
                $"{key} keeps the value typed into {paths.EnvFile}; delete that line to hand the key back to Ushadow.Build.", paths.EnvFile));
        }
        if (mode.Value == DatabaseMode.Shared && IsProductionLike(env.Value, request.Properties.ProductionEnvironments))
        {
            diagnostics.Add(UshadowDiagnostic.Warning(DiagnosticCodes.SharedProductionEnvironment,
                $"Environment '{env.Value}' looks like production but uses the shared database '{mongo.Value}' ({mode.From}): one compromised environment exposes every environment's data. Set DATABASE_MODE=isolated for it."));
        }

        // What .env recorded before this run, for the mode switch warning when the registry has no record.
        var recordedMode = envFile.Get(EnvKeys.DatabaseMode);
        var recordedDatabase = envFile.Get(EnvKeys.MongoDatabase);

        // Bring the owned keys up to date; a hand-edited key keeps the user's value.
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in EnvValues(resolved))
        {
            if (handEdits.ContainsKey(key))
            {
                if (previous?.EnvFileValues.TryGetValue(key, out var before) == true)
                {
                    written[key] = before;
                }
                continue;
            }
            envFile.Set(key, value);
            written[key] = value;
        }

        if (!request.WriteFiles)
        {
            return new ProvisionResult(resolved, paths, diagnostics, []);
        }

        diagnostics.AddRange(ModeSwitchWarnings(previous, recordedMode, recordedDatabase, resolved));
        var secrets = SecretsFile.Read(paths.SecretsFile);
        var envText = envFileText is null ? NewEnvFileHeader + envFile.Text : envFile.Text;

        EnsureWritable(Path.GetDirectoryName(paths.EnvFile)!, paths.EnvFile);
        EnsureWritable(Path.GetDirectoryName(paths.SecretsFile)!, paths.SecretsFile);
        EnsureWritable(paths.StateDirectory, registry.FilePath);

        // Validation is over: from here on, write.
        var writtenFiles = new List<string>();
        var sharedKey = mode.Value == DatabaseMode.Shared
            ? SharedSecretStore.GetOrCreateAuthSecretKey(paths.StateDirectory, mongo.Value, persist: true)
            : null;
        diagnostics.AddRange(EnvironmentSecrets.Complete(secrets, mode.Value, sharedKey, ToAdminDefaults(launcher.Admin),
            SharedSecretStore.PathFor(paths.StateDirectory, mongo.Value)));
        if (WriteEnvFile(paths.EnvFile, envText))
        {
            writtenFiles.Add(paths.EnvFile);
        }
        if (SecretsFile.Write(paths.SecretsFile, secrets))
        {
            writtenFiles.Add(paths.SecretsFile);
        }

        foreach (var gone in reclaimed)
        {
            registry.Remove(gone.Name);
            diagnostics.Add(UshadowDiagnostic.Warning(DiagnosticCodes.RegistryEntryReclaimed,
                $"Redis database {gone.RedisDatabase} of environment '{gone.Name}' was reclaimed: its root folder '{gone.Root}' no longer exists ({registry.FilePath}).", registry.FilePath));
        }
        if (previous is not null && previous.Name != env.Value)
        {
            registry.Remove(previous.Name); // this folder was renamed to another environment
        }
        registry.Put(new RegisteredEnvironment(env.Value, paths.Root, redis.Value, mode.Value, mongo.Value, request.Now, written));
        if (registry.Save())
        {
            writtenFiles.Add(registry.FilePath);
        }

        diagnostics.AddRange(TrackedByGitWarnings(paths));
        return new ProvisionResult(resolved, paths, diagnostics, writtenFiles);
    }

    /// <summary>Works out the files of an environment from properties, variables and defaults.</summary>
    public static EnvironmentPaths ResolvePaths(ProvisionRequest request)
    {
        var properties = request.Properties;
        string Full(string path) => Path.GetFullPath(path, request.ProjectDirectory);

        var root = EnvironmentRoot.Normalize(Full(NonEmpty(properties.EnvironmentRoot) ?? EnvironmentRoot.Find(request.ProjectDirectory)));
        var envFile = Full(NonEmpty(properties.EnvFile) ?? Path.Combine(root, ".env"));
        var secretsFile = Full(NonEmpty(properties.SecretsFile) ?? Path.Combine(root, "config", "SECRETS", "secrets.yaml"));
        var launcherFile = Full(request.Variable(VariableNames.LauncherSettings)
            ?? NonEmpty(properties.LauncherSettingsFile)
            ?? LauncherSettings.DefaultPath(request.Variable));
        var stateDirectory = Full(request.Variable(VariableNames.StateDirectory)
            ?? NonEmpty(properties.StateDirectory)
            ?? Path.GetDirectoryName(launcherFile)!);
        return new EnvironmentPaths(root, envFile, secretsFile, launcherFile, stateDirectory);
    }

    /// <summary>The five owned <c>.env</c> keys with their resolved values, in file order.</summary>
    public static IEnumerable<(string Key, string Value)> EnvValues(ResolvedEnvironment environment)
    {
        yield return (EnvKeys.EnvName, environment.EnvironmentName.Value);
        yield return (EnvKeys.ComposeProjectName, environment.ComposeProjectName.Value);
        yield return (EnvKeys.DatabaseMode, environment.DatabaseMode.Value.ToText());
        yield return (EnvKeys.MongoDatabase, environment.MongoDatabase.Value);
        yield return (EnvKeys.RedisDatabase, environment.RedisDatabase.Value.ToString(CultureInfo.InvariantCulture));
    }

    private const string NewEnvFileHeader =
        "# ENV_NAME, COMPOSE_PROJECT_NAME, DATABASE_MODE, MONGODB_DATABASE and REDIS_DATABASE are written by Ushadow.Build.\n" +
        "# Edit one to pin its value; delete the line to hand it back. Every other line is yours.\n";

    /// <summary>An owned key is hand-edited when the file holds a value other than the one the package last wrote there.</summary>
    private static Dictionary<string, string> FindHandEdits(EnvFileDocument envFile, RegisteredEnvironment? previous)
    {
        var edits = new Dictionary<string, string>(StringComparer.Ordinal);
        if (previous is null)
        {
            return edits; // no record: whatever is there predates the package and is brought up to date
        }
        foreach (var key in EnvKeys.All)
        {
            if (envFile.Get(key) is { } current
                && previous.EnvFileValues.TryGetValue(key, out var wrote)
                && !string.Equals(current.Trim(), wrote, StringComparison.Ordinal))
            {
                edits[key] = current.Trim();
            }
        }
        return edits;
    }

    private static (Resolved<int> Redis, IReadOnlyList<RegisteredEnvironment> Reclaimed) ResolveRedisDatabase(
        EnvironmentRegistry registry, Dictionary<string, string> handEdits, EnvironmentPaths paths, string environmentName, int? portOffset, int databaseCount)
    {
        if (handEdits.TryGetValue(EnvKeys.RedisDatabase, out var typed))
        {
            if (!int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number >= databaseCount)
            {
                throw new UshadowException(DiagnosticCodes.InvalidRedisDatabase,
                    $"REDIS_DATABASE '{typed}' in {paths.EnvFile} is invalid: use a whole number from 0 to {databaseCount - 1}, or delete the line to get one allocated.", paths.EnvFile);
            }
            if (registry.OwnerOf(number) is { } owner && owner.Name != environmentName)
            {
                throw new UshadowException(DiagnosticCodes.RedisDatabaseOwnedByOther,
                    $"REDIS_DATABASE {number} in {paths.EnvFile} belongs to environment '{owner.Name}' ({owner.Root}) in {registry.FilePath}: two environments would share Redis data. Delete the line to get a free number.", paths.EnvFile);
            }
            return (new Resolved<int>(number, new Provenance(SettingLayer.EnvFileEdit, $"{paths.EnvFile} ({EnvKeys.RedisDatabase})")), []);
        }

        var kept = registry.Find(environmentName)?.RedisDatabase;
        var allocation = registry.AllocateRedisDatabase(environmentName, paths.Root, portOffset, databaseCount);
        var from = kept == allocation.Database
            ? new Provenance(SettingLayer.Registry, $"{registry.FilePath} (kept)")
            : new Provenance(SettingLayer.Inferred, portOffset is { } offset
                ? $"allocated in {registry.FilePath}, preferring (PORT_OFFSET {offset} / 10) % {databaseCount}"
                : $"allocated in {registry.FilePath}, preferring a hash of the name % {databaseCount}");
        return (new Resolved<int>(allocation.Database, from), allocation.Reclaimed);
    }

    private static IEnumerable<UshadowDiagnostic> ModeSwitchWarnings(
        RegisteredEnvironment? previous, string? recordedMode, string? recordedDatabase, ResolvedEnvironment now)
    {
        var before = previous?.Mode;
        if (before is null && DatabaseModes.TryParse(recordedMode, out var recorded))
        {
            before = recorded;
        }
        var mode = now.DatabaseMode.Value;
        if (before is null || before == mode)
        {
            yield break;
        }

        var database = now.MongoDatabase.Value;
        var env = now.EnvironmentName.Value;
        var own = previous?.MongoDatabase ?? (string.IsNullOrWhiteSpace(recordedDatabase) ? null : recordedDatabase.Trim());
        if (mode == DatabaseMode.Shared)
        {
            // Only this environment's own isolated database is left behind; other isolated environments still use theirs.
            var source = own is not null && own != database ? own : Naming.IsolatedDatabase(now.AppName.Value, env);
            yield return UshadowDiagnostic.Warning(DiagnosticCodes.SwitchedToShared,
                $"Environment '{env}' switched from isolated to shared mode ({now.DatabaseMode.From}) and now uses database '{database}'. " +
                $"The isolated database '{source}' stays behind unused. " +
                $"To copy it into the shared database: {CopyCommand(source, database)}");
        }
        else
        {
            var source = own is not null && own != database ? own : now.SharedDatabaseName.Value;
            yield return UshadowDiagnostic.Warning(DiagnosticCodes.SwitchedToIsolated,
                $"Environment '{env}' switched from shared to isolated mode ({now.DatabaseMode.From}) and now uses database '{database}', which starts empty: data is not copied from '{source}'. " +
                $"To copy it: {CopyCommand(source, database)}");
        }
    }

    private static string CopyCommand(string from, string to) =>
        $"mongodump --db={from} --archive | mongorestore --archive --nsFrom='{from}.*' --nsTo='{to}.*'";

    private static bool IsProductionLike(string environmentName, string? extraNames)
    {
        var extra = (extraNames ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ProductionNames.Concat(extra).Any(n => string.Equals(n, environmentName, StringComparison.OrdinalIgnoreCase));
    }

    private static AdminDefaults? ToAdminDefaults(AdminCredentials? admin) =>
        admin is null ? null : new AdminDefaults(admin.Name, admin.Email, admin.Password);

    private static int ParseRedisDatabaseCount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 16;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is > 0 and <= 65536)
        {
            return count;
        }
        throw new UshadowException(DiagnosticCodes.InvalidRedisDatabaseCount,
            $"UshadowRedisDatabaseCount '{text}' is invalid: use the number of databases of the Redis server (its 'databases' setting), a whole number from 1 to 65536.");
    }

    private static int? ParsePortOffset(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return offset;
        }
        throw new UshadowException(DiagnosticCodes.InvalidPortOffset,
            $"Environment variable PORT_OFFSET '{text}' is invalid: use a non-negative whole number (the launcher steps offsets by 10).");
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Fails before any write when a folder cannot be written, so a run never half-writes.</summary>
    private static void EnsureWritable(string directory, string forFile)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".ushadow-write-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
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
    private static IEnumerable<UshadowDiagnostic> TrackedByGitWarnings(EnvironmentPaths paths)
    {
        if (!Directory.Exists(Path.Combine(paths.Root, ".git")) && !File.Exists(Path.Combine(paths.Root, ".git")))
        {
            return [];
        }
        string output;
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = paths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "ls-files", "-z", "--", paths.EnvFile, paths.SecretsFile })
            {
                start.ArgumentList.Add(argument);
            }
            using var git = Process.Start(start)!;
            output = git.StandardOutput.ReadToEnd();
            git.StandardError.ReadToEnd();
            if (!git.WaitForExit(10_000) || git.ExitCode != 0)
            {
                return [];
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return []; // no git on this machine: nothing can be tracked
        }
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(tracked => UshadowDiagnostic.Warning(DiagnosticCodes.SecretFileTrackedByGit,
                $"'{Path.GetFullPath(tracked, paths.Root)}' is tracked by git: it holds per-environment values and secrets. Run 'git rm --cached {tracked}' and add it to .gitignore.",
                Path.GetFullPath(tracked, paths.Root)))
            .ToList();
    }
}
