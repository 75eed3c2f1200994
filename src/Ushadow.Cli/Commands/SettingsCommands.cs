using System.CommandLine;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Launcher;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;

namespace Ushadow.Cli.Commands;

/// <summary>
/// <c>ushadow settings show|set|unset</c>: the launcher settings the build resolves from. A change that moves
/// registered environments to another MongoDB database, or rewrites their admin secrets, is announced first
/// and applied only when confirmed (a terminal's "y", or <c>--yes</c>).
/// </summary>
internal static class SettingsCommands
{
    public static Command Create(CliConsole console)
    {
        var settings = new Command("settings", "Show and change the launcher settings (database mode, shared database, default admin) that builds resolve from.");
        settings.Subcommands.Add(Show(console));
        settings.Subcommands.Add(Set(console));
        settings.Subcommands.Add(Unset(console));
        return settings;
    }

    /// <summary>Replaces, in a parser message, any token typed after <c>default_admin_password</c> by <c>***</c>.</summary>
    public static string RedactSecrets(string message, IReadOnlyList<string> args)
    {
        var at = args.ToList().IndexOf(LauncherSettingKeys.DefaultAdminPassword);
        if (at < 0)
        {
            return message;
        }
        foreach (var token in args.Skip(at + 1).Where(t => !t.StartsWith('-') && t.Length > 0))
        {
            message = message.Replace(token, "***", StringComparison.Ordinal);
        }
        return message;
    }

    private static Command Show(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the settings object as it is in the file (the password as \"***\") as JSON." };
        var command = new Command("show", "Show the launcher settings in effect: global keys and per-environment overrides; the password as ***.") { json };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var document = LauncherSettingsDocument.Load(CliContext.LauncherSettingsPath(parseResult));
            if (parseResult.GetValue(json))
            {
                console.Out.WriteLine(CliJson.Write(document.Redacted()));
                return CliExit.Done;
            }
            ShowForPeople(console, document);
            return CliExit.Done;
        }));
        return command;
    }

    private static void ShowForPeople(CliConsole console, LauncherSettingsDocument document)
    {
        console.Out.WriteLine($"{console.Paint("Launcher settings", CliColour.Bold)}: {document.FilePath}{(document.Exists ? "" : " (no file yet: every setting has its default)")}");
        console.Out.WriteLine();
        var global = document.GlobalEntries.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        console.Out.WriteLine(console.Paint("Global", CliColour.Bold));
        console.Table(["", ""], LauncherSettingKeys.Settable.Select(key => (IReadOnlyList<string>)
            [key, global.TryGetValue(key, out var value) ? value : console.Paint(DefaultText(key), CliColour.Dim)]));
        var others = global.Keys.Where(k => !LauncherSettingKeys.Settable.Contains(k)).ToList();
        if (others.Count > 0)
        {
            console.Out.WriteLine($"  {console.Paint("other keys, kept as they are:", CliColour.Dim)} {string.Join(", ", others)}");
        }
        console.Out.WriteLine();
        console.Out.WriteLine(console.Paint("Per-environment overrides", CliColour.Bold));
        var rows = document.EnvironmentNames
            .SelectMany(name => document.EnvironmentEntries(name).Select(p => (IReadOnlyList<string>)[name, p.Key, p.Value]))
            .ToList();
        if (rows.Count == 0)
        {
            console.Out.WriteLine("  (none)");
        }
        else
        {
            console.Table(["ENVIRONMENT", "KEY", "VALUE"], rows);
        }
    }

    private static string DefaultText(string key) => key switch
    {
        LauncherSettingKeys.DatabaseMode => "(not set: shared)",
        LauncherSettingKeys.SharedDatabaseName => "(not set: the build's default, ushadow)",
        LauncherSettingKeys.DefaultAdminName => "(not set: Administrator)",
        LauncherSettingKeys.RedisIsolation => "(not set: database)",
        _ => "(not set)",
    };

    private static Command Set(CliConsole console)
    {
        var key = new Argument<string>("key") { HelpName = "key", Description = "The setting: " + string.Join(", ", LauncherSettingKeys.Settable) + "." };
        key.AcceptOnlyFromAmong([.. LauncherSettingKeys.Settable]);
        var value = new Argument<string?>("value")
        {
            Description = "The new value. Not for default_admin_password, which is read from standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var environment = EnvironmentOption();
        var yes = YesOption();
        var command = new Command("set", "Set a launcher setting, globally or for one environment (--env); validated with the build's rules.") { key, value, environment, yes };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var name = parseResult.GetValue(key)!;
            var text = parseResult.GetValue(value);
            var secret = LauncherSettingKeys.IsSecret(name);
            if (secret && text is not null)
            {
                // Never echoed: it already sits in the shell history and in `ps`.
                throw new UshadowException(DiagnosticCodes.SecretOnCommandLine,
                    $"A password on the command line lands in the shell history and in `ps`, so it was not used. Run `ushadow settings set {name}` and type it, or pipe it: `ushadow settings set {name} < file`.");
            }
            var environmentName = SettingsChange.EnvironmentOf(parseResult.GetValue(environment), name);
            if (!secret && text is null)
            {
                throw new UsageException($"'{name}' needs a value: ushadow settings set {name} <value>");
            }
            var path = CliContext.LauncherSettingsPath(parseResult);
            SettingsChange.Check(path, name, text, environmentName);
            using var change = SettingsChange.Open(path, CliContext.LockTimeout);
            var plan = change.Set(name, secret ? ReadPassword(console) : text!, environmentName, () => ThisMachines(console, parseResult));
            return Apply(console, change, plan, parseResult.GetValue(yes),
                $"Set {name} = {plan.Shown} {Scope(environmentName)} in {path}.",
                $"{name} is already {plan.Shown} {Scope(environmentName)}; nothing changed.");
        }));
        return command;
    }

    private static Command Unset(CliConsole console)
    {
        var key = new Argument<string>("key") { HelpName = "key", Description = "The setting to remove: " + string.Join(", ", LauncherSettingKeys.Settable) + "." };
        key.AcceptOnlyFromAmong([.. LauncherSettingKeys.Settable]);
        var environment = EnvironmentOption();
        var yes = YesOption();
        var command = new Command("unset", "Remove a launcher setting; an environment's override then falls back to the global value, a global one to the default.") { key, environment, yes };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var name = parseResult.GetValue(key)!;
            var environmentName = SettingsChange.EnvironmentOf(parseResult.GetValue(environment), name);
            var path = CliContext.LauncherSettingsPath(parseResult);
            using var change = SettingsChange.Open(path, CliContext.LockTimeout);
            var plan = change.Unset(name, environmentName, () => ThisMachines(console, parseResult));
            return Apply(console, change, plan, parseResult.GetValue(yes),
                $"Removed {name} {Scope(environmentName)} from {path}.",
                $"{name} is not set {Scope(environmentName)}; nothing changed.");
        }));
        return command;
    }

    private static Option<string?> EnvironmentOption() => new("--env")
    {
        Description = "Change the override of this environment (environments.<name>) instead of the global value. Only for database_mode and shared_database_name.",
        HelpName = "name",
    };

    private static Option<bool> YesOption() => new("--yes", "-y")
    {
        Description = "Apply a change that moves environments to another database or rewrites their admin secrets without asking (needed when standard input is not a terminal).",
    };

    /// <summary>This machine's registered environments: the launcher settings are this machine's, so only its own entries of a team registry follow them.</summary>
    private static IReadOnlyList<RegisteredEnvironment> ThisMachines(CliConsole console, ParseResult parseResult) =>
        CliContext.ReadRegistry(console, CliContext.RegistryStore(parseResult)).Where(e => e.BelongsTo(CliContext.Host)).ToList();

    private static string Scope(string? environment) => environment is null ? "globally" : $"for environment '{environment}'";

    private static string ReadPassword(CliConsole console)
    {
        var password = console.ReadSecret("New admin password: ");
        if (CliConsole.InputIsTerminal && password.Length > 0 && console.ReadSecret("Type it again: ") != password)
        {
            throw new UshadowException(DiagnosticCodes.InvalidAdminSetting, "The two passwords typed differ; nothing changed.");
        }
        return password;
    }

    /// <summary>Announces what the change does to registered environments, asks when it reaches any, then applies it.</summary>
    private static int Apply(CliConsole console, SettingsChange change, SettingsPlan plan, bool yes, string done, string unchanged)
    {
        if (!plan.Changed)
        {
            console.Out.WriteLine(unchanged);
            WriteFeedback(console, plan);
            return CliExit.Done;
        }
        if (plan.Databases is { } databases)
        {
            WriteDatabasePlan(console, databases);
        }
        if (plan.Admin is { } admin)
        {
            WriteAdminPlan(console, admin);
        }
        if (plan.RedisIsolations is { } isolations)
        {
            WriteRedisIsolationPlan(console, isolations);
        }
        if (plan.NeedsConfirmation && !yes && !(CliConsole.InputIsTerminal && console.Confirm("Apply?")))
        {
            throw new UshadowException(DiagnosticCodes.ChangeNotConfirmed, plan.NotConfirmedMessage);
        }

        var problems = change.Apply(plan);
        console.Out.WriteLine(done);
        if (plan.ToUpdate.Count > 0)
        {
            var files = plan.ToUpdate.Select(d => d.SecretsFile).Distinct(StringComparer.Ordinal).Count() - problems.Count;
            console.Out.WriteLine($"Brought {files} secrets.yaml file(s) in line with the new setting.");
            foreach (var problem in problems)
            {
                CliContext.ReportError(console, problem);
            }
            if (problems.Count > 0)
            {
                return CliExit.Refused;
            }
        }
        WriteFeedback(console, plan);
        if (plan.Databases?.AffectsAny ?? false)
        {
            console.Out.WriteLine("Each environment writes its new database to its .env at its next build.");
        }
        return CliExit.Done;
    }

    private static void WriteDatabasePlan(CliConsole console, DatabaseChangePlan plan)
    {
        if (!plan.AffectsAny)
        {
            console.Out.WriteLine("No registered environment changes MongoDB database.");
        }
        else
        {
            console.Out.WriteLine(console.Paint($"This change moves {plan.Changes.Count} registered environment(s) to another MongoDB database:", CliColour.Yellow));
            foreach (var change in plan.Changes)
            {
                var environment = change.Environment;
                console.Out.WriteLine($"  {console.Paint(environment.Name, CliColour.Bold)} (app {environment.AppName}, {environment.Root}): " +
                    $"{change.FromDatabase} ({change.FromMode.ToText()}) -> {change.ToDatabase ?? "its own shared database"} ({change.ToMode.ToText()})");
                console.Out.WriteLine($"      {change.Consequence}");
                if (change.CopyCommand is { } copy)
                {
                    console.Out.WriteLine($"      to copy the data: {copy}");
                }
            }
        }
        foreach (var settled in plan.Unaffected)
        {
            console.Out.WriteLine($"  {settled.Environment.Name} (app {settled.Environment.AppName}) is not affected: its {settled.Key} comes from {LayerText(settled.Layer)}, above the launcher settings.");
        }
    }

    private static void WriteRedisIsolationPlan(CliConsole console, RedisIsolationChangePlan plan)
    {
        if (!plan.AffectsAny)
        {
            console.Out.WriteLine("No registered environment changes Redis isolation.");
        }
        else
        {
            console.Out.WriteLine(console.Paint($"This change switches the Redis isolation of {plan.Changes.Count} registered environment(s):", CliColour.Yellow));
            foreach (var change in plan.Changes)
            {
                var environment = change.Environment;
                console.Out.WriteLine($"  {console.Paint(environment.Name, CliColour.Bold)} (app {environment.AppName}, {environment.Root}): {change.From.ToText()} -> {change.To.ToText()}");
                console.Out.WriteLine($"      {change.Consequence}");
            }
        }
        foreach (var settled in plan.Unaffected)
        {
            console.Out.WriteLine($"  {settled.Environment.Name} (app {settled.Environment.AppName}) is not affected: its {settled.Key} comes from {LayerText(settled.Layer)}, above the launcher settings.");
        }
    }

    private static void WriteAdminPlan(CliConsole console, AdminCredentialSync sync)
    {
        if (sync.Differences.Count == 0)
        {
            console.Out.WriteLine("Every registered environment's secrets.yaml already agrees (or gets the value at its next build).");
            return;
        }
        console.Out.WriteLine("Registered environments whose secrets.yaml holds another admin value:");
        foreach (var difference in sync.Differences)
        {
            var environment = difference.Environment;
            var what = difference.State switch
            {
                AdminSecretState.FollowsOldSetting => $"admin.{difference.Field} holds the previous setting's value, written by the package: it is brought in line",
                AdminSecretState.HandEdited => $"admin.{difference.Field} was changed by hand (a hand edit): kept as it is",
                _ => $"cannot be read ({difference.Problem?.Code}): left as it is",
            };
            console.Out.WriteLine($"  {console.Paint(environment.Name, CliColour.Bold)} (app {environment.AppName}, {difference.SecretsFile}): {what}");
        }
    }

    private static void WriteFeedback(CliConsole console, SettingsPlan plan)
    {
        if (plan.Key == LauncherSettingKeys.DatabaseMode)
        {
            console.Out.WriteLine(console.Paint(EnvironmentLifecycle.Feedback(plan.ModeAfter), CliColour.Green));
        }
    }

    private static string LayerText(SettingLayer layer) => layer switch
    {
        SettingLayer.EnvFileEdit => "a hand edit in its .env",
        SettingLayer.EnvironmentVariable => "an environment variable",
        SettingLayer.MSBuildProperty => "an MSBuild property",
        _ => layer.ToString(),
    };
}
