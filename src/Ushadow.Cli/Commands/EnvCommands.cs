using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Model;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Redis;

namespace Ushadow.Cli.Commands;

/// <summary>
/// <c>ushadow env create|list|remove|prune</c>: parses the command line, asks for confirmation and prints; the work,
/// its checks, ordering and undo are the core's (<see cref="EnvironmentCreation"/>, <see cref="EnvironmentRemoval"/>,
/// <see cref="EnvironmentPrune"/>, <see cref="ListedEnvironment"/>).
/// </summary>
internal static class EnvCommands
{
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
            var plan = EnvironmentCreation.Plan(new CreationRequest
            {
                Name = parseResult.GetValue(name)!,
                Mode = parseResult.GetValue(mode),
                Branch = parseResult.GetValue(branch),
                From = parseResult.GetValue(from),
                Project = parseResult.GetValue(project),
                WorkingDirectory = Directory.GetCurrentDirectory(),
                Variables = CliContext.Variables(parseResult),
                RedisUrl = RedisConnection.Choose(parseResult.GetValue(redis), CliContext.Variable),
            }, ProjectEvaluation.Evaluate);
            var result = new EnvironmentCreation { LockTimeout = CliContext.LockTimeout }.Run(plan, ProjectEvaluation.Evaluate, console.Out.WriteLine,
                undone => ReportUndone(console, plan, undone));
            if (result.Provisioned is not { } provisioned)
            {
                console.Out.WriteLine($"{plan.RelativeProject}: UshadowEnabled is false, so nothing was provisioned.");
                return CliExit.Done;
            }
            ReportCreated(console, provisioned, plan.Name);
            console.Out.WriteLine(result.Marker!.Written
                ? $"Marked Redis database {result.Marker.Database}: {RedisMarker.Key} = {result.Marker.Name}."
                : $"note: {RedisMarker.Key} was not set in Redis database {result.Marker.Database}: {result.Marker.Problem}");
            return CliExit.Done;
        }));
        return command;
    }

    private static void ReportUndone(CliConsole console, CreationPlan plan, UndoOutcome outcome)
    {
        if (outcome.Undone.Count > 0)
        {
            console.Error.WriteLine($"Undid {string.Join(", ", outcome.Undone)}.");
        }
        foreach (var (what, why) in outcome.Failed)
        {
            console.Error.WriteLine($"Could not undo {what}: {why}");
        }
        if (outcome.Failed.Count > 0)
        {
            console.Error.WriteLine($"Fix the problem below, then run 'dotnet build' in {plan.Folder}, or 'git worktree remove {plan.Folder}'.");
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
            var label = diagnostic.Severity == Ushadow.Core.Diagnostics.DiagnosticSeverity.Warning ? console.Paint($"warning {diagnostic.Code}", CliColour.Yellow) : "note";
            console.Out.WriteLine($"{label}: {diagnostic.Message}");
        }
        console.Out.WriteLine(console.Paint(EnvironmentLifecycle.Feedback(environment.DatabaseMode.Value), CliColour.Green));
    }

    private static Command ListCommand(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the environments as JSON (shape in the README)." };
        var command = new Command("list", "Show every registered environment: name, app, root, mode, MongoDB database, Redis number, port offset; the current one marked. Creates nothing.") { json };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var store = CliContext.RegistryStore(parseResult);
            var listed = ListedEnvironment.Of(CliContext.ReadRegistry(console, store), CliContext.Host, Directory.GetCurrentDirectory());
            if (parseResult.GetValue(json))
            {
                console.Out.WriteLine(CliJson.Write(new JsonArray(listed.Select(e => (JsonNode)new JsonObject
                {
                    ["name"] = e.Entry.Name,
                    ["app"] = e.Entry.AppName,
                    ["root"] = e.Entry.Root,
                    ["rootExists"] = e.RootExists,
                    ["host"] = e.Host,
                    ["mode"] = e.Entry.Mode.ToText(),
                    ["mongoDatabase"] = e.Entry.MongoDatabase,
                    ["redisDatabase"] = e.Entry.RedisDatabase,
                    ["redisIsolation"] = e.Entry.RedisIsolation.ToText(),
                    ["redisKeyPrefix"] = e.Entry.RedisKeyPrefix,
                    ["portOffset"] = e.Entry.PortOffset,
                    ["updatedAt"] = CliJson.Time(e.Entry.UpdatedAt),
                    ["current"] = e.Current,
                }).ToArray())));
                return CliExit.Done;
            }
            if (listed.Count == 0)
            {
                console.Out.WriteLine("No environment is registered yet: a build, or 'ushadow env create <name>', registers one.");
                return CliExit.Done;
            }
            console.Table(["", "NAME", "APP", "HOST", "MODE", "MONGODB", "REDIS", "PORTS", "UPDATED", "ROOT"], listed.Select(e => (IReadOnlyList<string>)
            [
                e.Current ? "*" : " ",
                e.Entry.Name,
                e.Entry.AppName,
                e.Host,
                e.Entry.Mode.ToText(),
                e.Entry.MongoDatabase,
                e.Entry.RedisKeyPrefix is { } prefix ? "0 " + prefix + "*" : e.Entry.RedisDatabase.ToString(CultureInfo.InvariantCulture),
                e.Entry.PortOffset is { } offset ? "+" + offset.ToString(CultureInfo.InvariantCulture) : "-",
                e.Entry.UpdatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                e.RootExists == false ? e.Entry.Root + console.Paint(" (gone)", CliColour.Yellow) : e.Entry.Root,
            ]), indent: "");
            console.Out.WriteLine(console.Paint($"host {CliContext.Host}; registry {store.Location}" + (listed.Any(e => e.Current) ? "; * is the environment of the current folder" : ""), CliColour.Dim));
            return CliExit.Done;
        }));
        return command;
    }

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
            var store = CliContext.RegistryStore(parseResult);
            var plan = EnvironmentRemoval.Plan(CliContext.ReadRegistry(console, store), store.Location, parseResult.GetValue(name)!, parseResult.GetValue(app),
                CliContext.Host, parseResult.GetValue(keep), parseResult.GetValue(flush), parseResult.GetValue(force),
                RedisConnection.Choose(parseResult.GetValue(redis), CliContext.Variable));
            var entry = plan.Entry;
            console.Out.WriteLine($"Environment {console.Paint(entry.Name, CliColour.Bold)} (app {entry.AppName}, {entry.Root}):");
            console.Out.WriteLine(entry.RedisKeyPrefix is { } prefix
                ? $"  frees the Redis prefix '{prefix}' in {plan.RegistryLocation}"
                : $"  frees Redis database {entry.RedisDatabase} in {plan.RegistryLocation}");
            console.Out.WriteLine(plan.Worktree switch
            {
                WorktreeFate.OnAnotherMachine => $"  keeps the folder: it is on machine '{entry.Host}'",
                WorktreeFate.Removed => $"  removes the worktree {entry.Root} (git worktree remove{(plan.Force ? " --force" : "")}; its branch stays)",
                WorktreeFate.Gone => "  its root folder is gone already",
                WorktreeFate.Kept => "  keeps the worktree (--keep-worktree)",
                _ => "  keeps the folder: it is not a linked worktree",
            });
            if (plan.FlushRedis)
            {
                console.Out.WriteLine(entry.RedisKeyPrefix is { } keys
                    ? $"  deletes its keys under '{keys}' in database 0 (SCAN MATCH and UNLINK on every primary; never FLUSHDB)"
                    : $"  empties Redis database {entry.RedisDatabase} if its {RedisMarker.Key} names '{entry.Name}'");
            }
            if (!parseResult.GetValue(yes) && !(CliConsole.InputIsTerminal && console.Confirm("Remove?")))
            {
                throw new Ushadow.Core.Diagnostics.UshadowException(Ushadow.Core.Shared.DiagnosticCodes.RemovalNotConfirmed,
                    $"Nothing changed: removing '{entry.Name}' needs confirmation. Answer y on a terminal or add --yes.");
            }
            EnvironmentRemoval.Run(plan, store, CliContext.LockTimeout, console.Out.WriteLine);
            return CliExit.Done;
        }));
        return command;
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
            var otherHost = parseResult.GetValue(hostOption)?.Trim() is { Length: > 0 } named ? named : null;
            var dry = parseResult.GetValue(dryRun);
            var result = EnvironmentPrune.Run(store, dry ? CliContext.ReadRegistry(console, store) : [], CliContext.Host, otherHost, dry,
                Directory.GetCurrentDirectory(), CliContext.LockTimeout);
            var verb = dry ? "would drop" : "dropped";
            foreach (var entry in result.Dropped)
            {
                console.Out.WriteLine(otherHost is null
                    ? $"{verb} {entry.AppName}/{entry.Name}: Redis database {entry.RedisDatabase}, root {entry.Root} is gone"
                    : $"{verb} {entry.AppName}/{entry.Name} of host '{otherHost}': Redis database {entry.RedisDatabase}, root {entry.Root}");
            }
            if (result.Dropped.Count == 0)
            {
                console.Out.WriteLine(otherHost is null ? "Every registered root exists: nothing to drop." : $"Host '{otherHost}' holds no entry: nothing to drop.");
            }
            if (result.Worktrees is { } pruned)
            {
                var records = string.Join("\n", new[] { pruned.Output, pruned.Error }.Where(t => t.Length > 0));
                console.Out.WriteLine(records.Length == 0 ? "git: no stale worktree records." : "git: " + records);
            }
            return CliExit.Done;
        }));
        return command;
    }
}
