using System.Globalization;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Resolution;

/// <summary>
/// The precedence of every setting (docs/decisions.md, Precedence and provenance): hand edit in <c>.env</c> &gt;
/// environment variable &gt; MSBuild property &gt; launcher settings (environment entry, then top level) &gt; registry,
/// default or inference. Every layer's candidate is kept, so <c>ushadow explain</c> can show why the winner won.
/// </summary>
internal static class EnvironmentResolver
{
    public const string DefaultAppName = "ushadow";

    public static (ResolvedEnvironment Environment, IReadOnlyList<RegisteredEnvironment> Reclaimed, IReadOnlyList<UshadowDiagnostic> Notes) Resolve(ResolutionInputs inputs)
    {
        var request = inputs.Request;
        var properties = request.Properties;
        var notes = new List<UshadowDiagnostic>();
        var databaseCount = InputRules.RedisDatabaseCount(properties.RedisDatabaseCount);
        var ports = InputRules.Ports(properties.Ports);

        var appText = First(
            Offer(properties.AppName, SettingLayer.MSBuildProperty, "UshadowAppName"),
            Offer(DefaultAppName, SettingLayer.Default, ""));
        var app = appText with { Value = Naming.AppName(appText.Value, appText.From) };

        var envText = First(
            Edit(inputs, ResolvedValueCatalogue.EnvName),
            Offer(request.Variable(VariableNames.EnvName), SettingLayer.EnvironmentVariable, VariableNames.EnvName),
            Offer(properties.EnvName, SettingLayer.MSBuildProperty, BuildProperties.NameOf(nameof(BuildProperties.EnvName))),
            InferredEnvironmentName(inputs, app.Value, notes));
        var env = envText with { Value = Naming.EnvironmentName(envText.Value, envText.From) };

        var modeText = First(
            Edit(inputs, ResolvedValueCatalogue.DatabaseMode),
            Offer(request.Variable(VariableNames.DatabaseMode), SettingLayer.EnvironmentVariable, VariableNames.DatabaseMode),
            Offer(properties.DatabaseMode, SettingLayer.MSBuildProperty, BuildProperties.NameOf(nameof(BuildProperties.DatabaseMode))),
            Launcher(inputs, inputs.Launcher.ForEnvironment(env.Value, LauncherSettingKeys.DatabaseMode), $"environments.{env.Value}.{LauncherSettingKeys.DatabaseMode}", SettingLayer.LauncherEnvironment),
            Launcher(inputs, inputs.Launcher.Global(LauncherSettingKeys.DatabaseMode), LauncherSettingKeys.DatabaseMode, SettingLayer.LauncherGlobal),
            Offer("shared", SettingLayer.Default, ""));
        var modeFile = modeText.From.Layer switch
        {
            SettingLayer.EnvFileEdit => inputs.EnvFile,
            SettingLayer.LauncherGlobal or SettingLayer.LauncherEnvironment => inputs.Launcher.FilePath,
            _ => null,
        };
        var mode = new Resolved<DatabaseMode>(InputRules.DatabaseMode(modeText.Value, modeText.From, modeFile), modeText.From) { Candidates = modeText.Candidates };

        // The shared database defaults to the app name, so two apps never share data by default.
        var shared = First(
            Offer(request.Variable(VariableNames.SharedDatabaseName), SettingLayer.EnvironmentVariable, VariableNames.SharedDatabaseName),
            Offer(properties.SharedDatabaseName, SettingLayer.MSBuildProperty, "UshadowSharedDatabaseName"),
            Launcher(inputs, inputs.Launcher.ForEnvironment(env.Value, LauncherSettingKeys.SharedDatabaseName), $"environments.{env.Value}.{LauncherSettingKeys.SharedDatabaseName}", SettingLayer.LauncherEnvironment),
            Launcher(inputs, inputs.Launcher.Global(LauncherSettingKeys.SharedDatabaseName), LauncherSettingKeys.SharedDatabaseName, SettingLayer.LauncherGlobal),
            Offer(app.Value, SettingLayer.Default, "the app name"));
        Naming.DatabaseName(shared.Value, shared.From);

        var mongo = First(
            Edit(inputs, ResolvedValueCatalogue.MongoDatabase),
            mode.Value == DatabaseMode.Shared
                ? Offer(shared.Value, SettingLayer.Inferred, $"shared mode uses the shared database ({shared.From})")
                : Offer(Naming.IsolatedDatabase(app.Value, env.Value), SettingLayer.Inferred, "isolated mode: <app>_<env>"));
        Naming.DatabaseName(mongo.Value, mongo.From);

        var compose = First(
            Edit(inputs, ResolvedValueCatalogue.ComposeProjectName),
            Offer(Naming.ComposeProjectName(app.Value, env.Value), SettingLayer.Inferred, env.Value == app.Value ? "the app name" : "<app>-<env>"));
        Naming.ComposeProject(compose.Value, compose.From, compose.From.Layer == SettingLayer.EnvFileEdit ? inputs.EnvFile : null);

        var isolationText = First(
            Edit(inputs, ResolvedValueCatalogue.RedisIsolation),
            Offer(request.Variable(VariableNames.RedisIsolation), SettingLayer.EnvironmentVariable, VariableNames.RedisIsolation),
            Offer(properties.RedisIsolation, SettingLayer.MSBuildProperty, BuildProperties.NameOf(nameof(BuildProperties.RedisIsolation))),
            Launcher(inputs, inputs.Launcher.ForEnvironment(env.Value, LauncherSettingKeys.RedisIsolation), $"environments.{env.Value}.{LauncherSettingKeys.RedisIsolation}", SettingLayer.LauncherEnvironment),
            Launcher(inputs, inputs.Launcher.Global(LauncherSettingKeys.RedisIsolation), LauncherSettingKeys.RedisIsolation, SettingLayer.LauncherGlobal),
            Offer(RedisIsolationRules.Database, SettingLayer.Default, ""));
        var isolation = new Resolved<RedisIsolation>(
            InputRules.RedisIsolation(isolationText.Value, isolationText.From, FileOf(inputs, isolationText.From)), isolationText.From) { Candidates = isolationText.Candidates };

        var id = new EnvironmentId(app.Value, env.Value);
        var portOffset = PortOffset(inputs, id, ports);
        var (redis, reclaimed) = isolation.Value == RedisIsolation.Prefix
            ? (PrefixModeDatabase(inputs, databaseCount), [])
            : RedisDatabase(inputs, id, portOffset.Value, databaseCount);
        var keyPrefix = KeyPrefix(inputs, id, isolation);
        var username = Username(inputs, id, isolation, keyPrefix.Value);

        var environment = new ResolvedEnvironment
        {
            AppName = app,
            EnvironmentName = env,
            DatabaseMode = mode,
            SharedDatabaseName = shared,
            MongoDatabase = mongo,
            ComposeProjectName = compose,
            RedisDatabase = redis,
            RedisIsolation = isolation,
            RedisKeyPrefix = keyPrefix,
            RedisUsername = username,
            PortOffset = portOffset,
            Ports = ports.Select(port => Port(inputs, port, portOffset)).ToList(),
        };
        return (environment, reclaimed, notes);
    }

    /// <summary>
    /// The port offset (README, Ports): hand edit &gt; <c>PORT_OFFSET</c> &gt; <c>UshadowPortOffset</c> &gt; the
    /// launcher's <c>environments.&lt;env&gt;.port_offset</c> &gt; the registry's block (kept, or allocated now). The
    /// allocation probes ports only when no layer above offers a value.
    /// </summary>
    private static Resolved<int> PortOffset(ResolutionInputs inputs, EnvironmentId id, IReadOnlyList<PortDefinition> ports)
    {
        var offered = new[]
        {
            Edit(inputs, ResolvedValueCatalogue.PortOffset),
            Offer(inputs.Request.Variable(VariableNames.PortOffset), SettingLayer.EnvironmentVariable, VariableNames.PortOffset),
            Offer(inputs.Request.Properties.PortOffset, SettingLayer.MSBuildProperty, "UshadowPortOffset"),
            Launcher(inputs, inputs.Launcher.ForEnvironment(id.Name, LauncherSettingKeys.PortOffset), $"environments.{id.Name}.{LauncherSettingKeys.PortOffset}", SettingLayer.LauncherEnvironment),
        }.OfType<Candidate>().ToList();
        if (offered.Count > 0)
        {
            var winner = offered[0];
            var file = winner.From.Layer switch
            {
                SettingLayer.EnvFileEdit => inputs.EnvFile,
                SettingLayer.LauncherEnvironment => inputs.Launcher.FilePath,
                _ => null,
            };
            return new Resolved<int>(InputRules.PortOffset(winner.Value, winner.From, file, ports), winner.From) { Candidates = offered };
        }

        var allocation = PortOffsetPolicy.Allocate(inputs.Registry, id, offset => ports.Any(p => inputs.Request.PortInUse(p.Base + offset)), inputs.RegistryFile);
        var from = allocation.Kept
            ? Provenance.Kept(inputs.RegistryFile)
            : new Provenance(SettingLayer.Inferred,
                $"allocated in {inputs.RegistryFile}, preferring block {allocation.Preferred}" +
                (allocation.SkippedInUse.Count > 0 ? $", skipping {string.Join(", ", allocation.SkippedInUse)} (ports in use)" : ""));
        return new Resolved<int>(allocation.Offset, from)
        {
            Candidates = [new Candidate(allocation.Offset.ToString(CultureInfo.InvariantCulture), from)],
        };
    }

    /// <summary>A port key: a hand edit in <c>.env</c>, else its base plus the port offset.</summary>
    private static ResolvedValue Port(ResolutionInputs inputs, PortDefinition port, Resolved<int> offset)
    {
        var computed = new Candidate(
            (port.Base + offset.Value).ToString(CultureInfo.InvariantCulture),
            new Provenance(SettingLayer.Inferred, $"{port.Base} + PORT_OFFSET {offset.Value} ({BuildProperties.NameOf(nameof(BuildProperties.Ports))})"));
        if (Edit(inputs, port.Key) is { } edit)
        {
            var typed = InputRules.HandEditedPort(port.Key, edit.Value, inputs.EnvFile);
            return new ResolvedValue(port.Key, typed.ToString(CultureInfo.InvariantCulture), edit.From, [edit, computed]);
        }
        return new ResolvedValue(port.Key, computed.Value, computed.From, [computed]);
    }

    /// <summary>Prefix mode: database 0, the only one a cluster has, and no number claimed (README, Redis at team scale).</summary>
    private static Resolved<int> PrefixModeDatabase(ResolutionInputs inputs, int databaseCount)
    {
        var zero = new Candidate("0", new Provenance(SettingLayer.Inferred, "Redis prefix mode uses database 0"));
        if (Edit(inputs, ResolvedValueCatalogue.RedisDatabase) is { } edit)
        {
            var typed = InputRules.HandEditedRedisDatabase(edit.Value, inputs.EnvFile, databaseCount);
            return new Resolved<int>(typed, edit.From) { Candidates = [edit, zero] };
        }
        return new Resolved<int>(0, zero.From) { Candidates = [zero] };
    }

    /// <summary>
    /// The key prefix: in prefix mode a hand edit, else <c>&lt;app&gt;:&lt;env&gt;:</c>; checked against every other
    /// registered prefix (USH1071), since two overlapping prefixes would share keys. Empty in database mode.
    /// </summary>
    private static Resolved<string> KeyPrefix(ResolutionInputs inputs, EnvironmentId id, Resolved<RedisIsolation> isolation)
    {
        if (isolation.Value != RedisIsolation.Prefix)
        {
            var none = new Candidate("", new Provenance(SettingLayer.Inferred, "database mode uses no prefix"));
            return new Resolved<string>("", none.From) { Candidates = [none] };
        }
        var prefix = First(
            Edit(inputs, ResolvedValueCatalogue.RedisKeyPrefix),
            Offer(RedisIsolationRules.KeyPrefix(id.App, id.Name), SettingLayer.Inferred, "prefix mode: <app>:<env>:"));
        InputRules.RedisKeyPrefix(prefix.Value, prefix.From, prefix.From.Layer == SettingLayer.EnvFileEdit ? inputs.EnvFile : null,
            inputs.Registry.Where(e => e.Id != id && e.RedisKeyPrefix is not null).Select(e => (e.Id.ToString(), e.RedisKeyPrefix!)));
        return prefix;
    }

    /// <summary>
    /// The environment's ACL user in prefix mode: a hand edit; else the one its registry entry records for the same
    /// prefix; else the one just made (<see cref="ResolutionInputs.AclUserMade"/>); else none, and the server does not
    /// enforce the prefix.
    /// </summary>
    private static Resolved<string> Username(ResolutionInputs inputs, EnvironmentId id, Resolved<RedisIsolation> isolation, string prefix)
    {
        Resolved<string> None(string why)
        {
            var none = new Candidate("", new Provenance(SettingLayer.Inferred, why));
            return new Resolved<string>("", none.From) { Candidates = [none] };
        }
        if (isolation.Value != RedisIsolation.Prefix)
        {
            return None("database mode uses the server's own user");
        }
        if (Edit(inputs, ResolvedValueCatalogue.RedisUsername) is { } edit)
        {
            return new Resolved<string>(edit.Value, edit.From) { Candidates = [edit] };
        }
        var name = RedisIsolationRules.UserName(id.App, id.Name);
        var recorded = inputs.Registry.FirstOrDefault(e => e.Id == id && e.RedisKeyPrefix == prefix)?.RedisUsername;
        if (inputs.AclUserMade != false && !string.IsNullOrEmpty(recorded))
        {
            return First(Offer(recorded, SettingLayer.Registry, $"{inputs.RegistryFile} (kept)"));
        }
        return inputs.AclUserMade == true
            ? First(Offer(name, SettingLayer.Inferred, $"ACL user made on {inputs.RegistryFile}"))
            : None("no ACL user: the server does not enforce the prefix");
    }

    private static (Resolved<int>, IReadOnlyList<RegisteredEnvironment>) RedisDatabase(ResolutionInputs inputs, EnvironmentId id, int portOffset, int databaseCount)
    {
        var candidates = new List<Candidate>();
        if (Edit(inputs, ResolvedValueCatalogue.RedisDatabase) is { } edit)
        {
            var number = InputRules.HandEditedRedisDatabase(edit.Value, inputs.EnvFile, databaseCount);
            if (inputs.Registry.FirstOrDefault(e => e.HoldsRedisDatabase && e.RedisDatabase == number) is { } owner && owner.Id != id)
            {
                throw new UshadowException(DiagnosticCodes.RedisDatabaseOwnedByOther,
                    $"REDIS_DATABASE {number} in {inputs.EnvFile} belongs to environment '{owner.Name}' of app '{owner.AppName}' ({owner.Root}) in {inputs.RegistryFile}: two environments would share Redis data. Delete the line to get a free number.", inputs.EnvFile);
            }
            candidates.Add(new Candidate(edit.Value, edit.From));
        }

        var allocation = RedisAllocationPolicy.Allocate(inputs.Registry, id, inputs.Root, portOffset, databaseCount, inputs.RegistryFile,
            currentHost: inputs.Host, reservedDatabase: inputs.ReservedDatabase);
        var allocated = allocation.Kept
            ? Provenance.Kept(inputs.RegistryFile)
            : new Provenance(SettingLayer.Inferred, $"allocated in {inputs.RegistryFile}, preferring (PORT_OFFSET {portOffset} / 10) % {databaseCount}");
        candidates.Add(new Candidate(allocation.Database.ToString(CultureInfo.InvariantCulture), allocated));

        if (candidates.Count == 2)
        {
            // A hand edit wins, and nothing of the registry is reclaimed for a number it does not take.
            var typed = int.Parse(candidates[0].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            return (new Resolved<int>(typed, candidates[0].From) { Candidates = candidates }, []);
        }
        return (new Resolved<int>(allocation.Database, allocated) { Candidates = candidates }, allocation.Reclaimed);
    }

    /// <summary>
    /// A linked worktree is named after its folder. Anything else is the app-named environment, unless that
    /// name is already registered from another root folder that still exists (a second clone): then the
    /// folder's name, so two clones never share databases.
    /// </summary>
    private static Candidate InferredEnvironmentName(ResolutionInputs inputs, string appName, List<UshadowDiagnostic> notes)
    {
        var folder = Path.GetFileName(inputs.Root);
        if (EnvironmentRoot.IsLinkedWorktree(inputs.Root))
        {
            return new Candidate(folder, new Provenance(SettingLayer.Inferred, $"linked git worktree folder '{folder}'"));
        }
        var holder = inputs.Registry.FirstOrDefault(e => e.Id == new EnvironmentId(appName, appName));
        if (holder is not null && !RegistryPaths.SameRoot(holder.Root, inputs.Root) && holder.BelongsTo(inputs.Host) && Directory.Exists(holder.Root))
        {
            notes.Add(new UshadowDiagnostic("", DiagnosticSeverity.Message,
                $"Environment '{appName}' is already registered from {holder.Root}, so this second clone at {inputs.Root} is named after its folder, '{folder}'. " +
                "To pin a name, set ENV_NAME or <UshadowEnvName> (Directory.Build.props).", inputs.RegistryFile));
            return new Candidate(folder, new Provenance(SettingLayer.Inferred, $"folder '{folder}' (a second clone: '{appName}' is registered from {holder.Root})"));
        }
        return new Candidate(appName, new Provenance(SettingLayer.Inferred, "the app name (not a linked worktree)"));
    }

    /// <summary>The file a value came from, named in its error: <c>.env</c> for a hand edit, the launcher settings for theirs.</summary>
    private static string? FileOf(ResolutionInputs inputs, Provenance from) => from.Layer switch
    {
        SettingLayer.EnvFileEdit => inputs.EnvFile,
        SettingLayer.LauncherGlobal or SettingLayer.LauncherEnvironment => inputs.Launcher.FilePath,
        _ => null,
    };

    private static Candidate? Offer(string? value, SettingLayer layer, string origin) =>
        string.IsNullOrWhiteSpace(value) ? null : new Candidate(value.Trim(), new Provenance(layer, origin));

    /// <summary>An emptied owned line in <c>.env</c> is a value the user typed, checked like any other.</summary>
    private static Candidate? Edit(ResolutionInputs inputs, string key) =>
        inputs.HandEdits.TryGetValue(key, out var value)
            ? new Candidate(value.Trim(), new Provenance(SettingLayer.EnvFileEdit, $"{inputs.EnvFile} ({key})"))
            : null;

    private static Candidate? Launcher(ResolutionInputs inputs, string? value, string key, SettingLayer layer) =>
        Offer(value, layer, $"{inputs.Launcher.FilePath} ({key})");

    /// <summary>The first offered candidate wins; all offered candidates are kept.</summary>
    private static Resolved<string> First(params Candidate?[] offered)
    {
        var candidates = offered.OfType<Candidate>().ToList();
        var winner = candidates[0]; // the last layer is always a default or an inference
        return new Resolved<string>(winner.Value, winner.From) { Candidates = candidates };
    }
}
