using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Launcher;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Model;
using Ushadow.Core.Planning;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Redis;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Cli.Commands;

/// <summary>
/// <c>ushadow env create|list|remove|prune</c>: environments as linked git worktrees, each provisioned exactly as
/// its first build would be (so that build changes no byte), listed from the registry, and removed or pruned with
/// git's own safety. Every refusal comes before git or any file is touched.
/// </summary>
internal static class EnvCommands
{
    private static readonly JsonSerializerOptions JsonOutput = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliConsole console)
    {
        var env = new Command("env", "Create, list, remove and prune environments: linked git worktrees, each with its own Redis database.");
        env.Subcommands.Add(CreateCommand(console));
        env.Subcommands.Add(ListCommand(console));
        env.Subcommands.Add(RemoveCommand(console));
        env.Subcommands.Add(PruneCommand(console));
        return env;
    }

    private static Option<string?> RedisOption() => new("--redis")
    {
        Description = "The Redis server: redis://[user:password@]host[:port][/db], rediss://... or host[:port]. Default: REDIS_URL, else localhost:6379.",
        HelpName = "url",
    };

    private static Command CreateCommand(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The environment name: also the worktree folder's name and, unless --branch, the new branch's." };
        var mode = new Option<string?>("--mode") { Description = "Record this database mode (shared or isolated) as the environment's override in the launcher settings.", HelpName = "shared|isolated" };
        var branch = new Option<string?>("--branch") { Description = "The new branch. Default: the environment name.", HelpName = "branch" };
        var from = new Option<string?>("--from") { Description = "Where the new branch starts. Default: HEAD.", HelpName = "ref" };
        var project = new Option<string?>("--project")
        {
            Description = "The app's project file, relative to the repository's top. Default: the one project file at the top, else the one in the current folder.",
            HelpName = "path",
        };
        var redis = RedisOption();
        var command = new Command("create", "From inside the app's repository: make a linked worktree <parent of repo>/worktrees/<repo>/<name> on a new branch and provision it as its first build would.")
        {
            name, mode, branch, from, project, redis,
        };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            // Every check first: nothing below touches git or a file until all of them pass.
            var environmentName = Naming.EnvironmentName(parseResult.GetValue(name)!, new Provenance(SettingLayer.LauncherEnvironment, "(the name given to 'ushadow env create')"));
            var here = Directory.GetCurrentDirectory();
            var top = Git.TopLevel(here);
            var folder = EnvironmentLifecycle.WorktreeFolder(MainWorktree(top), environmentName);
            var branchName = parseResult.GetValue(branch) ?? environmentName;
            if (!Git.Run(top, "check-ref-format", "--branch", branchName).Succeeded)
            {
                throw new UshadowException(DiagnosticCodes.GitRefused, $"'{branchName}' is not a valid branch name for git; pass another with --branch.");
            }
            var projectFile = FindProject(top, here, parseResult.GetValue(project));
            var relativeProject = Path.GetRelativePath(top, projectFile);
            var evaluated = ProjectEvaluation.Evaluate(projectFile, new Dictionary<string, string>());
            var app = EnvironmentLifecycle.AppName(evaluated.Properties);
            var variables = CliContext.Variables(parseResult);
            var planned = new ProvisionRequest { ProjectDirectory = Path.Combine(folder, Path.GetDirectoryName(relativeProject) ?? ""), Variables = variables, Properties = evaluated.Properties };
            var paths = EnvironmentPlanner.ResolvePaths(planned);
            var storedMode = parseResult.GetValue(mode) is { } modeText
                ? LauncherSettingKeys.Validate(LauncherSettingKeys.DatabaseMode, modeText,
                    new Provenance(SettingLayer.LauncherEnvironment, $"{paths.LauncherSettingsFile} environments.{environmentName}.{LauncherSettingKeys.DatabaseMode} (--mode)"))
                : null;
            if (Directory.Exists(folder) || File.Exists(folder))
            {
                throw new UshadowException(DiagnosticCodes.WorktreeFolderExists,
                    $"{folder} exists already; the worktree of environment '{environmentName}' goes there. Remove it, or choose another name.", folder);
            }
            if (Git.BranchExists(top, branchName))
            {
                throw new UshadowException(DiagnosticCodes.BranchExists,
                    $"Branch '{branchName}' exists already in {top}; env create makes a new branch. Pass another with --branch, or delete it (git branch -d {branchName}).");
            }
            EnvironmentLifecycle.CheckCanCreate(planned, paths, new EnvironmentId(app, environmentName), folder);
            var start = parseResult.GetValue(from) ?? "HEAD";
            var commit = Git.Run(top, "rev-parse", "--verify", "--quiet", start + "^{commit}");
            if (!commit.Succeeded)
            {
                throw new UshadowException(DiagnosticCodes.GitRefused, $"'{start}' is not a commit in {top} (--from); nothing was created.");
            }

            // git first, without the registry lock (Apply takes it itself): branch, then worktree.
            AddWorktree(top, folder, branchName, commit.Output);
            console.Out.WriteLine($"Created worktree {folder} on new branch '{branchName}' (from {start}).");
            var recorded = false;
            string? previousMode = null;
            try
            {
                if (storedMode is not null)
                {
                    previousMode = RecordMode(paths.LauncherSettingsFile, environmentName, storedMode);
                    recorded = true;
                    console.Out.WriteLine($"Recorded environments.{environmentName}.{LauncherSettingKeys.DatabaseMode} = {storedMode} in {paths.LauncherSettingsFile}.");
                }

                var inWorktree = ProjectEvaluation.Evaluate(Path.Combine(folder, relativeProject), new Dictionary<string, string>());
                if (string.Equals(inWorktree.Enabled, "false", StringComparison.OrdinalIgnoreCase))
                {
                    console.Out.WriteLine($"{relativeProject}: UshadowEnabled is false, so nothing was provisioned.");
                    return CliExit.Done;
                }
                var result = EnvironmentProvisioner.Apply(new ProvisionRequest { ProjectDirectory = inWorktree.Directory, Variables = variables, Properties = inWorktree.Properties });
                ReportCreated(console, result, environmentName);
                WriteMarker(console, parseResult.GetValue(redis), result.Environment.RedisDatabase.Value, result.Environment.EnvironmentName.Value);
                return CliExit.Done;
            }
            catch (UshadowException)
            {
                // Apply validates before it writes, so only what this command made is undone: the mode, the worktree, the branch.
                if (recorded)
                {
                    RestoreMode(paths.LauncherSettingsFile, environmentName, previousMode);
                }
                var removed = Git.RunRetrying(top, ["worktree", "remove", "--force", folder]).Succeeded
                    && Git.RunRetrying(top, ["branch", "-D", branchName]).Succeeded;
                console.Error.WriteLine(removed
                    ? $"Undid the worktree {folder} and branch '{branchName}'{(recorded ? " and the recorded mode" : "")}."
                    : $"The worktree {folder} stays; fix the problem below and run 'dotnet build' there, or 'git worktree remove {folder}'.");
                throw;
            }
        }));
        return command;
    }

    /// <summary>Records the mode under the settings lock; returns the value it replaced.</summary>
    private static string? RecordMode(string settingsFile, string environment, string mode)
    {
        using var held = LauncherSettingsDocument.Lock(settingsFile, CliContext.LockTimeout);
        var settings = LauncherSettingsDocument.Load(settingsFile);
        var previous = settings.Get(LauncherSettingKeys.DatabaseMode, environment);
        settings.Set(LauncherSettingKeys.DatabaseMode, mode, environment);
        settings.Save();
        return previous;
    }

    private static void RestoreMode(string settingsFile, string environment, string? previous)
    {
        using var held = LauncherSettingsDocument.Lock(settingsFile, CliContext.LockTimeout);
        var settings = LauncherSettingsDocument.Load(settingsFile);
        if (previous is null)
        {
            settings.Unset(LauncherSettingKeys.DatabaseMode, environment);
        }
        else
        {
            settings.Set(LauncherSettingKeys.DatabaseMode, previous, environment);
        }
        settings.Save();
    }

    /// <summary>The main worktree of the repository <paramref name="top"/> belongs to (a linked worktree's new siblings go next to the main one's).</summary>
    private static string MainWorktree(string top)
    {
        var common = Git.Run(top, "rev-parse", "--path-format=absolute", "--git-common-dir");
        return common.Succeeded && Path.GetFileName(EnvironmentRoot.Normalize(common.Output)) == ".git"
            ? Path.GetDirectoryName(EnvironmentRoot.Normalize(common.Output))!
            : top;
    }

    private static void AddWorktree(string top, string folder, string branch, string commit)
    {
        var created = Git.RunRetrying(top, ["branch", "--no-track", branch, commit], done: () => Git.BranchExists(top, branch));
        if (!created.Succeeded)
        {
            throw new UshadowException(DiagnosticCodes.GitRefused, $"git could not create branch '{branch}' in {top}: {created.Message}");
        }
        var added = Git.RunRetrying(top, ["worktree", "add", folder, branch], done: () => File.Exists(Path.Combine(folder, ".git")));
        if (!added.Succeeded)
        {
            Git.RunRetrying(top, ["branch", "-D", branch]); // the branch was new: leave the repository as it was
            throw new UshadowException(DiagnosticCodes.GitRefused, $"git could not add the worktree {folder}: {added.Message}", folder);
        }
    }

    private static void ReportCreated(CliConsole console, ProvisionResult result, string requested)
    {
        var environment = result.Environment;
        if (environment.EnvironmentName.Value != requested)
        {
            console.Out.WriteLine(console.Paint(
                $"warning: the environment there is named '{environment.EnvironmentName.Value}' ({environment.EnvironmentName.From}), not '{requested}'.", CliColour.Yellow));
        }
        console.Table(["", ""],
        [
            ["environment", $"{environment.EnvironmentName.Value} (app {environment.AppName.Value})"],
            ["root", result.Paths.Root],
            ["mode", $"{environment.DatabaseMode.Value.ToText()} ({environment.DatabaseMode.From})"],
            ["MongoDB database", environment.MongoDatabase.Value],
            ["Redis database", environment.RedisDatabase.Value.ToString(CultureInfo.InvariantCulture)],
            ["ports", string.Join(", ", environment.Ports.Select(p => $"{p.Key} {p.Value}").Prepend($"offset {environment.PortOffset.Value}"))],
            ["files", result.WrittenFiles.Count == 0 ? "(none changed)" : string.Join(", ", result.WrittenFiles)],
        ]);
        foreach (var diagnostic in result.Diagnostics)
        {
            var label = diagnostic.Severity == DiagnosticSeverity.Warning ? console.Paint($"warning {diagnostic.Code}", CliColour.Yellow) : "note";
            console.Out.WriteLine($"{label}: {diagnostic.Message}");
        }
        console.Out.WriteLine(console.Paint(EnvironmentLifecycle.Feedback(environment.DatabaseMode.Value), CliColour.Green));
    }

    /// <summary>Sets the marker of the environment's Redis database when a server answers; without one, says so and goes on.</summary>
    private static void WriteMarker(CliConsole console, string? url, int database, string environmentName)
    {
        try
        {
            using var connection = RedisConnection.Connect(url, RedisConnection.DefaultTimeout);
            RedisMarker.Write(connection.GetDatabase(database), environmentName);
            console.Out.WriteLine($"Marked Redis database {database}: {RedisMarker.Key} = {environmentName}.");
        }
        catch (UshadowException e)
        {
            console.Out.WriteLine($"note: {RedisMarker.Key} was not set in Redis database {database}: {e.Diagnostic.Message}");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            console.Out.WriteLine($"note: {RedisMarker.Key} was not set in Redis database {database}: the server did not take it ({e.GetType().Name}).");
        }
    }

    /// <summary>
    /// The project to provision: <c>--project</c> relative to the repository's top; else the one project file at
    /// the top; else the one in the current folder.
    /// </summary>
    private static string FindProject(string top, string here, string? option)
    {
        if (option is not null)
        {
            var given = Path.GetFullPath(option, top);
            if (!File.Exists(given))
            {
                throw new UsageException($"--project '{option}' is not a file under {top}.");
            }
            return given;
        }
        foreach (var folder in new[] { top, here }.Distinct(StringComparer.Ordinal))
        {
            var projects = Directory.GetFiles(folder, "*.*proj").Where(f => !f.EndsWith(".shproj", StringComparison.OrdinalIgnoreCase)).ToList();
            if (projects.Count == 1)
            {
                return projects[0];
            }
            if (projects.Count > 1)
            {
                throw new UsageException($"Several project files in '{folder}' ({string.Join(", ", projects.Select(Path.GetFileName))}): pass --project <path relative to {top}>.");
            }
        }
        throw new UsageException($"No project file at {top} or in {here}: pass --project <path relative to {top}>.");
    }

    private static Command ListCommand(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the environments as JSON (shape in the README)." };
        var command = new Command("list", "Show every registered environment: name, app, root, mode, MongoDB database, Redis number, port offset; the current one marked. Creates nothing.") { json };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var store = CliContext.RegistryStore(parseResult);
            var entries = CliContext.ReadRegistry(console, store);
            var host = CliContext.Host;
            // Another machine's folder cannot be looked at from here, nor be this folder's environment.
            bool Mine(RegisteredEnvironment e) => e.Host is null || e.Host == host;
            var current = EnvironmentLifecycle.Current(entries.Where(Mine), Directory.GetCurrentDirectory());
            if (parseResult.GetValue(json))
            {
                var array = new JsonArray(entries.Select(e => (JsonNode)new JsonObject
                {
                    ["name"] = e.Name,
                    ["app"] = e.AppName,
                    ["root"] = e.Root,
                    ["rootExists"] = Mine(e) ? Directory.Exists(e.Root) : null,
                    ["host"] = e.Host ?? host,
                    ["mode"] = e.Mode.ToText(),
                    ["mongoDatabase"] = e.MongoDatabase,
                    ["redisDatabase"] = e.RedisDatabase,
                    ["portOffset"] = e.PortOffset,
                    ["updatedAt"] = Time(e.UpdatedAt),
                    ["current"] = ReferenceEquals(e, current),
                }).ToArray());
                console.Out.WriteLine(array.ToJsonString(JsonOutput));
                return CliExit.Done;
            }
            if (entries.Count == 0)
            {
                console.Out.WriteLine("No environment is registered yet: a build, or 'ushadow env create <name>', registers one.");
                return CliExit.Done;
            }
            console.Table(["", "NAME", "APP", "HOST", "MODE", "MONGODB", "REDIS", "PORTS", "UPDATED", "ROOT"], entries.Select(e => (IReadOnlyList<string>)
            [
                ReferenceEquals(e, current) ? "*" : " ",
                e.Name,
                e.AppName,
                e.Host ?? host,
                e.Mode.ToText(),
                e.MongoDatabase,
                e.RedisDatabase.ToString(CultureInfo.InvariantCulture),
                e.PortOffset is { } offset ? "+" + offset.ToString(CultureInfo.InvariantCulture) : "-",
                e.UpdatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                !Mine(e) || Directory.Exists(e.Root) ? e.Root : e.Root + console.Paint(" (gone)", CliColour.Yellow),
            ]), indent: "");
            console.Out.WriteLine(console.Paint($"host {host}; registry {store.Location}" + (current is null ? "" : "; * is the environment of the current folder"), CliColour.Dim));
            return CliExit.Done;
        }));
        return command;
    }

    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static Command RemoveCommand(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The environment to remove." };
        var keep = new Option<bool>("--keep-worktree") { Description = "Free the registry entry only; leave the worktree folder as it is." };
        var flush = new Option<bool>("--flush-redis") { Description = "Empty the environment's Redis database, after checking its marker ushadow:env:name names this environment." };
        var force = new Option<bool>("--force") { Description = "Remove the worktree even with uncommitted changes (git worktree remove --force)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do it without asking (needed when standard input is not a terminal)." };
        var app = new Option<string?>("--app") { Description = "The app, when several apps have an environment of this name.", HelpName = "app" };
        var redis = RedisOption();
        var command = new Command("remove", "Free an environment's registry entry (its Redis number) and remove its worktree with git's own safety. Never drops a MongoDB database.")
        {
            name, keep, flush, force, yes, app, redis,
        };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var environmentName = Naming.EnvironmentName(parseResult.GetValue(name)!, new Provenance(SettingLayer.LauncherEnvironment, "(the name given to 'ushadow env remove')"));
            var appName = parseResult.GetValue(app) is { } appText ? Naming.AppName(appText, new Provenance(SettingLayer.LauncherEnvironment, "--app")) : null;
            var store = CliContext.RegistryStore(parseResult);
            var registryFile = store.Location;
            var entry = EnvironmentLifecycle.FindOne(CliContext.ReadRegistry(console, store), environmentName, appName, registryFile);
            // Another machine's folder is not this machine's to remove, even at the same path.
            var local = entry.Host is null || entry.Host == CliContext.Host;
            var removeWorktree = local && !parseResult.GetValue(keep) && Directory.Exists(entry.Root) && EnvironmentRoot.IsLinkedWorktree(entry.Root);

            console.Out.WriteLine($"Environment {console.Paint(entry.Name, CliColour.Bold)} (app {entry.AppName}, {entry.Root}):");
            console.Out.WriteLine($"  frees Redis database {entry.RedisDatabase} in {registryFile}");
            console.Out.WriteLine(!local ? $"  keeps the folder: it is on machine '{entry.Host}'"
                : removeWorktree ? $"  removes the worktree {entry.Root} (git worktree remove{(parseResult.GetValue(force) ? " --force" : "")}; its branch stays)"
                : !Directory.Exists(entry.Root) ? "  its root folder is gone already"
                : parseResult.GetValue(keep) ? "  keeps the worktree (--keep-worktree)"
                : "  keeps the folder: it is not a linked worktree");
            if (parseResult.GetValue(flush))
            {
                console.Out.WriteLine($"  empties Redis database {entry.RedisDatabase} if its {RedisMarker.Key} names '{entry.Name}'");
            }
            if (!parseResult.GetValue(yes) && !(CliConsole.InputIsTerminal && console.Confirm("Remove?")))
            {
                throw new UshadowException(DiagnosticCodes.RemovalNotConfirmed, $"Nothing changed: removing '{entry.Name}' needs confirmation. Answer y on a terminal or add --yes.");
            }

            using var connection = parseResult.GetValue(flush) ? RedisConnection.Connect(parseResult.GetValue(redis), RedisConnection.DefaultTimeout) : null;
            var database = connection?.GetDatabase(entry.RedisDatabase);
            if (database is not null)
            {
                EnsureMarker(database, entry); // refuse before anything changes
            }
            if (removeWorktree)
            {
                RemoveWorktree(entry.Root, parseResult.GetValue(force));
                console.Out.WriteLine($"Removed the worktree {entry.Root}.");
            }
            using (var registry = store.Open(CliContext.LockTimeout))
            {
                // Flushed while the entry still holds the number: no other environment can have taken it meanwhile.
                if (database is not null)
                {
                    EnsureMarker(database, entry);
                    database.Execute("FLUSHDB");
                    console.Out.WriteLine($"Emptied Redis database {entry.RedisDatabase}.");
                }
                registry.Remove(entry.Id);
                registry.Save();
            }
            console.Out.WriteLine($"Freed Redis database {entry.RedisDatabase}: '{entry.Name}' is no longer registered.");
            if (entry.Mode == DatabaseMode.Isolated)
            {
                console.Out.WriteLine($"MongoDB database '{entry.MongoDatabase}' was kept (the package never drops one). To drop it: {EnvironmentLifecycle.DropDatabaseCommand(entry.MongoDatabase)}");
            }
            return CliExit.Done;
        }));
        return command;
    }

    private static void EnsureMarker(IDatabase database, RegisteredEnvironment entry)
    {
        var marker = RedisMarker.Read(database);
        if (marker != entry.Name)
        {
            var who = marker is null ? "no marker" : $"the marker of environment '{marker}'";
            throw new UshadowException(DiagnosticCodes.RedisMarkerMismatch,
                $"Redis database {entry.RedisDatabase} holds {who} ({RedisMarker.Key}), not '{entry.Name}': it was not emptied and nothing changed. " +
                $"Check which environment uses it ('ushadow env list'); to mark it as '{entry.Name}'s, set {RedisMarker.Key} there.");
        }
    }

    private static void RemoveWorktree(string root, bool force)
    {
        var main = MainWorktree(root);
        string[] arguments = force ? ["worktree", "remove", "--force", root] : ["worktree", "remove", root];
        var removed = Git.RunRetrying(main, arguments);
        if (!removed.Succeeded)
        {
            throw new UshadowException(DiagnosticCodes.GitRefused,
                $"git refused to remove the worktree {root}: {removed.Message} Nothing changed{(force ? "" : "; --force removes it anyway, uncommitted changes included")}.", root);
        }
    }

    private static Command PruneCommand(CliConsole console)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list what would be dropped." };
        var hostOption = new Option<string?>("--host")
        {
            Description = "Drop every entry of this machine in a team registry (a machine that is gone for good), whatever its folders.",
            HelpName = "name",
        };
        var command = new Command("prune", "Drop the registry entries whose root folder is gone (of this machine only, in a team registry), and run 'git worktree prune' inside a repository.") { dryRun, hostOption };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var store = CliContext.RegistryStore(parseResult);
            var host = CliContext.Host;
            var otherHost = parseResult.GetValue(hostOption)?.Trim() is { Length: > 0 } named ? named : null;
            // Only this machine can tell whether its folders are gone; another machine's entries go only by --host.
            IReadOnlyList<RegisteredEnvironment> Select(IEnumerable<RegisteredEnvironment> entries) => otherHost is not null
                ? entries.Where(e => e.Host == otherHost).ToList()
                : EnvironmentLifecycle.Gone(entries.Where(e => e.Host is null || e.Host == host));
            var inRepository = otherHost is null && Git.Run(Directory.GetCurrentDirectory(), "rev-parse", "--show-toplevel").Succeeded;
            IReadOnlyList<RegisteredEnvironment> gone;
            if (parseResult.GetValue(dryRun))
            {
                gone = Select(CliContext.ReadRegistry(console, store));
            }
            else if (store is FileRegistryStore && !File.Exists(store.LocalFile))
            {
                gone = []; // no registry: nothing to drop, and nothing to create
            }
            else
            {
                using var registry = store.Open(CliContext.LockTimeout);
                gone = Select(registry.Environments);
                foreach (var entry in gone)
                {
                    registry.Remove(entry.Id);
                }
                registry.Save();
            }
            var verb = parseResult.GetValue(dryRun) ? "would drop" : "dropped";
            foreach (var entry in gone)
            {
                console.Out.WriteLine(otherHost is null
                    ? $"{verb} {entry.AppName}/{entry.Name}: Redis database {entry.RedisDatabase}, root {entry.Root} is gone"
                    : $"{verb} {entry.AppName}/{entry.Name} of host '{otherHost}': Redis database {entry.RedisDatabase}, root {entry.Root}");
            }
            if (gone.Count == 0)
            {
                console.Out.WriteLine(otherHost is null ? "Every registered root exists: nothing to drop." : $"Host '{otherHost}' holds no entry: nothing to drop.");
            }
            if (inRepository)
            {
                var pruned = parseResult.GetValue(dryRun)
                    ? Git.Run(Directory.GetCurrentDirectory(), "worktree", "prune", "--dry-run", "--verbose")
                    : Git.RunRetrying(Directory.GetCurrentDirectory(), ["worktree", "prune", "--verbose"]);
                if (!pruned.Succeeded)
                {
                    throw new UshadowException(DiagnosticCodes.GitRefused, $"git worktree prune failed: {pruned.Message}");
                }
                var records = string.Join("\n", new[] { pruned.Output, pruned.Error }.Where(t => t.Length > 0));
                console.Out.WriteLine(records.Length == 0 ? "git: no stale worktree records." : "git: " + records);
            }
            return CliExit.Done;
        }));
        return command;
    }
}
