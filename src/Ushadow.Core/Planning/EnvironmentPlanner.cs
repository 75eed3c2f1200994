using Ushadow.Core.Diagnostics;
using Ushadow.Core.EnvFile;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Resolution;
using Ushadow.Core.Schema;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;
using Ushadow.Core.Shared.Runtime;

namespace Ushadow.Core.Planning;

/// <summary>Makes <see cref="EnvironmentPlan"/>s: resolve everything, validate everything, write nothing.</summary>
internal static class EnvironmentPlanner
{
    private static readonly string[] ProductionNames = ["prod", "production", "live"];

    /// <summary>The first lines of a <c>.env</c> the package creates: which keys it owns, and how to take one over.</summary>
    private static string NewEnvFileHeader(IReadOnlyList<string> ownedKeys) =>
        $"# {string.Join(", ", ownedKeys.Take(ownedKeys.Count - 1))} and {ownedKeys[^1]} are written by Ushadow.Build.\n" +
        "# Edit one to pin its value; delete the line to hand it back. Every other line is yours.\n";

    /// <summary>
    /// Plans a build of the environment <paramref name="request"/> describes, against the registry as it is now
    /// (read without a lock). Creates no file, folder or lock file.
    /// </summary>
    /// <exception cref="UshadowException">Invalid input (the diagnostic names it).</exception>
    public static EnvironmentPlan Plan(ProvisionRequest request)
    {
        var paths = EnvironmentPaths.For(request);
        var store = RegistryStores.For(request, paths.StateDirectory);
        var snapshot = store.ReadSnapshot();
        var plan = Plan(request, paths, snapshot.Environments, store);
        return snapshot.Diagnostics.Count == 0 ? plan : plan.WithDiagnostics(snapshot.Diagnostics.Concat(plan.Diagnostics).ToList());
    }

    /// <summary>Plans against <paramref name="registry"/>: a snapshot, or the entries of the locked registry when applying.</summary>
    internal static EnvironmentPlan Plan(ProvisionRequest request, EnvironmentPaths paths, IReadOnlyList<RegisteredEnvironment> registry, IEnvironmentRegistryStore store) =>
        Plan(request, paths, registry, store, aclUserMade: null, aclPassword: null);

    /// <summary>
    /// Plans against <paramref name="registry"/> after the apply step tried to make the environment's ACL user:
    /// <paramref name="aclUserMade"/> says whether it exists now, with <paramref name="aclPassword"/>, which
    /// <c>secrets.yaml</c> then gets as <c>redis.password</c> when it has none.
    /// </summary>
    internal static EnvironmentPlan Plan(ProvisionRequest request, EnvironmentPaths paths, IReadOnlyList<RegisteredEnvironment> registry, IEnvironmentRegistryStore store,
        bool? aclUserMade, string? aclPassword)
    {
        var launcher = LauncherSettings.Load(paths.LauncherSettingsFile);
        var declaredSchemaVersion = InputRules.SchemaVersion(request.Properties.SchemaVersion);
        var envFileText = ReadUserFile(paths.EnvFile);
        var envFile = EnvFileDocument.Parse(envFileText, paths.EnvFile);
        var previous = registry.FirstOrDefault(e => RegistryPaths.SameRoot(e.Root, paths.Root));
        var handEdits = FindHandEdits(envFile, previous, OwnedEnvFileKeys(request), out var neverWritten);

        var (environment, reclaimed, notes) = EnvironmentResolver.Resolve(
            new ResolutionInputs(request, launcher, handEdits, paths.EnvFile, paths.Root, registry, store.Location)
            {
                Host = store.Host, ReservedDatabase = store.ReservedDatabase, AclUserMade = aclUserMade,
            });
        var diagnostics = new List<UshadowDiagnostic>(notes);
        if (store.OffersOnlyDatabaseZero && environment.RedisIsolation.Value == RedisIsolation.Database)
        {
            throw new UshadowException(DiagnosticCodes.DatabaseModeOnCluster,
                $"{store.Location} is a Redis Cluster, which offers only database 0, so environment '{environment.EnvironmentName.Value}' cannot have a Redis database number of its own (REDIS_ISOLATION {environment.RedisIsolation.Value.ToText()}, {environment.RedisIsolation.From}). " +
                $"Use Redis prefix mode: set REDIS_ISOLATION=prefix, or run 'ushadow settings set redis_isolation prefix'.", paths.EnvFile);
        }

        foreach (var (key, _) in handEdits)
        {
            diagnostics.Add(new UshadowDiagnostic("", DiagnosticSeverity.Message,
                neverWritten.Contains(key)
                    ? $"{key} in {paths.EnvFile} was not written by Ushadow.Build (an older version, the original launcher or a person wrote it), so it is kept as a hand edit; delete that line to hand the key to Ushadow.Build."
                    : $"{key} keeps the value typed into {paths.EnvFile}; delete that line to hand the key back to Ushadow.Build.", paths.EnvFile));
        }
        if (environment.DatabaseMode.Value == DatabaseMode.Shared && IsProductionLike(environment.EnvironmentName.Value, request.Properties.ProductionEnvironments))
        {
            diagnostics.Add(UshadowDiagnostic.Warning(DiagnosticCodes.SharedProductionEnvironment,
                $"Environment '{environment.EnvironmentName.Value}' looks like production but uses the shared database '{environment.MongoDatabase.Value}' ({environment.DatabaseMode.From}): one compromised environment exposes every environment's data. Set DATABASE_MODE=isolated for it."));
        }
        foreach (var shared in new[] { paths.StateDirectory, paths.LauncherSettingsFile }.Where(AtomicFile.IsWorldWritable))
        {
            diagnostics.Add(UshadowDiagnostic.Warning(DiagnosticCodes.WorldWritable,
                $"{shared} is writable by anyone on this machine: another user could change which databases your environments use, or replace a shared secret key. Run 'chmod o-w {shared}' (the package creates it 0700/0600).", shared));
        }
        diagnostics.AddRange(ModeSwitch.Warnings(previous, envFile.Get(ResolvedValueCatalogue.DatabaseMode), envFile.Get(ResolvedValueCatalogue.MongoDatabase), environment));
        if (declaredSchemaVersion is { } declared)
        {
            var records = SchemaRegistry.Read(store);
            var record = records.TryGetValue(environment.MongoDatabase.Value, out var found) ? found : SchemaRecord.None(environment.MongoDatabase.Value);
            diagnostics.AddRange(SchemaCheck.Diagnostics(declared, environment, paths.Root, record, registry, store.Location));
        }
        if (previous is not null && previous.Id == environment.Id && previous.RedisIsolation != environment.RedisIsolation.Value)
        {
            var was = previous.RedisIsolation == RedisIsolation.Prefix
                ? $"under the prefix '{previous.RedisKeyPrefix}' in database 0"
                : $"in Redis database {previous.RedisDatabase}";
            var now = environment.RedisIsolation.Value == RedisIsolation.Prefix
                ? $"the prefix '{environment.RedisKeyPrefix.Value}' in database 0"
                : "a database number of its own";
            diagnostics.Add(UshadowDiagnostic.Warning(DiagnosticCodes.RedisIsolationSwitched,
                $"Environment '{environment.EnvironmentName.Value}' switches Redis isolation from {previous.RedisIsolation.ToText()} to {environment.RedisIsolation.Value.ToText()} ({environment.RedisIsolation.From}): " +
                $"its keys stay {was}, and it starts empty with {now}. Copy what it needs, or switch back.", paths.EnvFile));
        }
        if (environment.RedisIsolation.Value == RedisIsolation.Prefix
            && registry.FirstOrDefault(e => e.HoldsRedisDatabase && e.RedisDatabase == 0 && e.Id != environment.Id) is { } zero)
        {
            diagnostics.Add(UshadowDiagnostic.Warning(DiagnosticCodes.PrefixDatabaseHeldInDatabaseMode,
                $"Redis database 0, where environment '{environment.EnvironmentName.Value}' keeps its keys under '{environment.RedisKeyPrefix.Value}', is also the numbered database of environment '{zero.Id}' ({store.Location}): a FLUSHDB or KEYS there reaches this environment's keys. Move '{zero.Id}' to prefix mode too, or remove it ('ushadow env remove {zero.Name}').", store.LocalFile));
        }
        foreach (var gone in reclaimed)
        {
            diagnostics.Add(UshadowDiagnostic.Warning(DiagnosticCodes.RegistryEntryReclaimed,
                $"Redis database {gone.RedisDatabase} of environment '{gone.Id}' is reclaimed: its root folder '{gone.Root}' no longer exists ({store.Location}).", store.LocalFile));
        }

        // Bring the owned keys up to date; a hand-edited key keeps the user's value, and the registry keeps
        // remembering what the package wrote, so deleting the edit hands the key back.
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        var toWrite = environment.Values.Where(v => IsEnvFileKey(v.Key) && WritesInThisMode(v.Key, environment, envFile)).ToList();
        foreach (var value in toWrite)
        {
            if (handEdits.ContainsKey(value.Key))
            {
                if (previous?.EnvFileValues.TryGetValue(value.Key, out var before) == true)
                {
                    written[value.Key] = before;
                }
                continue;
            }
            envFile.Set(value.Key, value.Value);
            written[value.Key] = value.Value;
        }
        var intendedEnvFile = envFileText is null
            ? NewEnvFileHeader(toWrite.Select(v => v.Key).ToList()) + envFile.Text
            : envFile.Text;

        var secrets = SecretsFile.Read(paths.SecretsFile);
        var admin = ToAdminDefaults(launcher.Admin);
        // In shared mode the key comes from the state folder; the first environment of a database makes one,
        // which the apply step stores before anything else reads it (it holds the registry lock).
        var storedKey = environment.DatabaseMode.Value == DatabaseMode.Shared
            ? SharedSecretStore.Read(paths.StateDirectory, environment.MongoDatabase.Value)
            : null;
        var unsavedKey = environment.DatabaseMode.Value == DatabaseMode.Shared && storedKey is null ? SecretGenerator.NewSecret() : null;
        var sharedKey = storedKey ?? unsavedKey;
        diagnostics.AddRange(AdminCredentialWarnings(secrets, admin, paths, launcher));
        diagnostics.AddRange(EnvironmentSecrets.Complete(secrets, environment.DatabaseMode.Value, sharedKey, admin,
            SharedSecretStore.PathFor(paths.StateDirectory, environment.MongoDatabase.Value)));

        var prefixMode = environment.RedisIsolation.Value == RedisIsolation.Prefix;
        if (prefixMode && environment.RedisUsername.Value.Length > 0 && aclPassword is not null)
        {
            secrets.AddIfMissing(RedisIsolationRules.PasswordSection, RedisIsolationRules.PasswordKey, aclPassword);
        }
        // The ACL user is made (or remade) only when the entry has none for this prefix, or secrets.yaml lost its password:
        // a build where nothing changed sends no ACL command.
        var needsAclUser = prefixMode && aclUserMade is null && store.ManagesAclUsers
            && environment.RedisUsername.From.Layer != SettingLayer.EnvFileEdit
            && (previous is null || previous.Id != environment.Id || previous.RedisKeyPrefix != environment.RedisKeyPrefix.Value || previous.RedisUsername is null
                || (previous.RedisUsername.Length > 0 && secrets.Get(RedisIsolationRules.PasswordSection, RedisIsolationRules.PasswordKey) is null));

        var entry = new RegisteredEnvironment(
            environment.EnvironmentName.Value, paths.Root, environment.RedisDatabase.Value, environment.DatabaseMode.Value,
            environment.MongoDatabase.Value, request.Now, written)
        {
            AppName = environment.AppName.Value,
            Host = store.Host,
            PortOffset = environment.PortOffset.Value,
            RedisIsolation = environment.RedisIsolation.Value,
            RedisKeyPrefix = prefixMode ? environment.RedisKeyPrefix.Value : null,
            RedisUsername = prefixMode && store.ManagesAclUsers ? environment.RedisUsername.Value : null,
            Sources = RecordedSources(environment, store.Location),
            DeclaredSchemaVersion = declaredSchemaVersion,
        };
        return new EnvironmentPlan(request, paths, environment, envFileText, intendedEnvFile, secrets, previous, entry, reclaimed, diagnostics)
        {
            UnsavedSharedKey = unsavedKey,
            NeedsAclUser = needsAclUser,
        };
    }

    /// <summary>Which layer gave each value, as later builds see it (<see cref="ResolvedEnvironment.AsRecorded"/>), which keeps the entry stable.</summary>
    private static Dictionary<string, SettingLayer> RecordedSources(ResolvedEnvironment environment, string registry)
    {
        var sources = new Dictionary<string, SettingLayer>(StringComparer.Ordinal);
        foreach (var value in environment.AsRecorded(registry).Values)
        {
            sources.Add(value.Key, value.From.Layer);
        }
        return sources;
    }

    /// <summary>
    /// The keys of Redis prefix mode (README, Redis at team scale) go to <c>.env</c> only in that mode, or once the file
    /// holds them, so an environment in the default mode keeps the <c>.env</c> of earlier versions byte for byte.
    /// </summary>
    private static bool WritesInThisMode(string key, ResolvedEnvironment environment, EnvFileDocument envFile) =>
        key is not (ResolvedValueCatalogue.RedisIsolation or ResolvedValueCatalogue.RedisKeyPrefix or ResolvedValueCatalogue.RedisUsername)
        || envFile.Get(key) is not null
        || (environment.RedisIsolation.Value == RedisIsolation.Prefix && (key != ResolvedValueCatalogue.RedisUsername || environment.RedisUsername.Value.Length > 0));

    /// <summary>Port keys, and the catalogue values written to <c>.env</c>.</summary>
    private static bool IsEnvFileKey(string key) =>
        ResolvedValueCatalogue.IsPortKey(key) || ResolvedValueCatalogue.All.Any(d => d.Key == key && d.WrittenToEnvFile);

    /// <summary>Every <c>.env</c> key the package owns for this request: the catalogue's and the <c>UshadowPorts</c> keys.</summary>
    private static IEnumerable<string> OwnedEnvFileKeys(ProvisionRequest request) =>
        ResolvedValueCatalogue.All.Where(d => d.WrittenToEnvFile).Select(d => d.Key)
            .Concat(InputRules.Ports(request.Properties.Ports).Select(p => p.Key));

    /// <summary>
    /// The keys the original setup wrote to <c>.env</c> before this package existed: the first build (no registry
    /// entry yet) brings them up to date. Any other owned key found there that the package never wrote (PORT_OFFSET
    /// and the ports, from the original launcher or an older version) is a hand edit: containers may run on those ports.
    /// </summary>
    private static readonly string[] AdoptedOnFirstBuild =
    [
        ResolvedValueCatalogue.EnvName, ResolvedValueCatalogue.ComposeProjectName, ResolvedValueCatalogue.DatabaseMode,
        ResolvedValueCatalogue.MongoDatabase, ResolvedValueCatalogue.RedisDatabase,
    ];

    /// <summary>
    /// An owned key is hand-edited when the file holds a value other than the one the package last wrote there, or
    /// a value the package never wrote (<paramref name="neverWritten"/>), except the keys adopted on the first build.
    /// </summary>
    private static Dictionary<string, string> FindHandEdits(EnvFileDocument envFile, RegisteredEnvironment? previous, IEnumerable<string> ownedKeys, out HashSet<string> neverWritten)
    {
        var edits = new Dictionary<string, string>(StringComparer.Ordinal);
        neverWritten = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in ownedKeys)
        {
            if (envFile.Get(key) is not { } current)
            {
                continue;
            }
            if (previous?.EnvFileValues.TryGetValue(key, out var wrote) == true)
            {
                if (!string.Equals(current.Trim(), wrote, StringComparison.Ordinal))
                {
                    edits[key] = current.Trim();
                }
            }
            else if (previous is not null || !AdoptedOnFirstBuild.Contains(key))
            {
                edits[key] = current.Trim();
                neverWritten.Add(key);
            }
        }
        return edits;
    }

    /// <summary>
    /// Warns (never printing either value) when this environment's admin credentials differ from the launcher's:
    /// in shared mode every environment shares one admin user, so they must agree.
    /// </summary>
    private static IEnumerable<UshadowDiagnostic> AdminCredentialWarnings(SecretsDocument secrets, AdminDefaults? admin, EnvironmentPaths paths, LauncherSettings launcher)
    {
        if (admin is null)
        {
            yield break;
        }
        var differing = new List<string>();
        if (secrets.Get("admin", "email") is { } email && email != admin.Email)
        {
            differing.Add("admin.email");
        }
        if (secrets.Get("admin", "password") is { } password && password != admin.Password)
        {
            differing.Add("admin.password");
        }
        if (differing.Count > 0)
        {
            yield return UshadowDiagnostic.Warning(DiagnosticCodes.AdminCredentialsDiffer,
                $"{paths.SecretsFile}: {string.Join(" and ", differing)} differ from the launcher's default_admin_* in {launcher.FilePath}. " +
                "To bring environments in line, run 'ushadow settings set default_admin_password' (it updates values the package wrote), or edit this file.",
                paths.SecretsFile);
        }
    }

    private static bool IsProductionLike(string environmentName, string? extraNames)
    {
        var extra = InputRules.SplitTrimmed(extraNames ?? "", ';', ',');
        return ProductionNames.Concat(extra).Any(n => string.Equals(n, environmentName, StringComparison.OrdinalIgnoreCase));
    }

    private static AdminDefaults? ToAdminDefaults(AdminCredentials? admin) =>
        admin is null ? null : new AdminDefaults(admin.Name, admin.Email, admin.Password);

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Reads the .env file the user owns (a byte-order mark kept, so it is written back): binary or huge is USH1022;
    /// a folder, a dangling link or an unreadable file is USH1007 naming it.
    /// </summary>
    private static string? ReadUserFile(string path)
    {
        try
        {
            return AtomicFile.ReadAllTextOrNull(path, keepByteOrderMark: true);
        }
        catch (UnreadableFileException e)
        {
            var code = e.Kind is UnreadableFileKind.NotText or UnreadableFileKind.TooLarge ? DiagnosticCodes.InvalidEnvFile : DiagnosticCodes.CannotWrite;
            throw new UshadowException(code, $"{path}: {e.Reason} (a dotenv file of KEY=value lines).", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite, $"{path}: cannot be read ({e.GetType().Name}); it must be a file this user can read and write", path, e);
        }
    }
}
