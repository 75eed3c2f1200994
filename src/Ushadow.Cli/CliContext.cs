using System.CommandLine;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Cli;

/// <summary>
/// What every command shares: the options that say where the launcher settings, the state directory and the registry are
/// (standing in for the variables a build reads), and the way an action ends (a <see cref="UshadowException"/> is a
/// message and exit 1, never a stack trace).
/// </summary>
internal static class CliContext
{
    /// <summary>How long a command waits for the registry or launcher settings lock another process holds.</summary>
    public static TimeSpan LockTimeout { get; } = TimeSpan.FromSeconds(60);

    public static Option<string?> StateDirOption { get; } = new("--state-dir")
    {
        Description = "The state directory (environment registry, shared secrets). Default: USHADOW_STATE_DIR, else the launcher settings' folder.",
        Recursive = true,
        HelpName = "path",
    };

    public static Option<string?> LauncherSettingsOption { get; } = new("--launcher-settings")
    {
        Description = "The launcher settings file. Default: USHADOW_LAUNCHER_SETTINGS, else $XDG_CONFIG_HOME/ushadow-launcher/settings.json, else ~/.config/ushadow-launcher/settings.json.",
        Recursive = true,
        HelpName = "path",
    };

    public static Option<string?> RegistryOption { get; } = new("--registry")
    {
        Description = "Where the registry lives: file, or a team registry redis://[user:password@]host[:port][/db] / rediss://... Default: USHADOW_REGISTRY, else file. Prefer the variable for a URL with a password (a command line is visible in ps and shell history).",
        Recursive = true,
        HelpName = "file|url",
    };

    /// <summary>A variable of this process, <c>null</c> when unset or empty.</summary>
    public static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>This machine's name in a team registry: <c>USHADOW_HOST</c>, else the host name.</summary>
    public static string Host => RegistryStores.HostName(Variable);

    /// <summary>
    /// The variables a build reads, from this process, with <c>--state-dir</c>, <c>--launcher-settings</c> and
    /// <c>--registry</c> acting like the variables they stand for (which win over the properties, as in a build).
    /// </summary>
    public static Dictionary<string, string> Variables(ParseResult parseResult)
    {
        var variables = ProvisionRequest.ReadVariables(Variable).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (parseResult.GetValue(StateDirOption) is { Length: > 0 } stateDir)
        {
            variables[VariableNames.StateDirectory] = Path.GetFullPath(stateDir);
        }
        if (parseResult.GetValue(LauncherSettingsOption) is { Length: > 0 } launcher)
        {
            variables[VariableNames.LauncherSettings] = Path.GetFullPath(launcher);
        }
        if (parseResult.GetValue(RegistryOption) is { Length: > 0 } registry)
        {
            variables[VariableNames.Registry] = registry;
        }
        return variables;
    }

    /// <summary>The launcher settings file, as the build finds it (the option wins).</summary>
    public static string LauncherSettingsPath(ParseResult parseResult) =>
        EnvironmentPaths.LauncherSettingsFileFor(Lookup(parseResult), property: null, Directory.GetCurrentDirectory());

    /// <summary>The state directory, as the build finds it: option, variable, else the launcher settings' folder.</summary>
    public static string StateDirectory(ParseResult parseResult) =>
        EnvironmentPaths.StateDirectoryFor(Lookup(parseResult), property: null, LauncherSettingsPath(parseResult), Directory.GetCurrentDirectory());

    /// <summary>The registry store, as the build finds it: <c>--registry</c>, else <c>USHADOW_REGISTRY</c>, else the file in the state directory.</summary>
    public static IEnvironmentRegistryStore RegistryStore(ParseResult parseResult) =>
        RegistryStores.ForTool(parseResult.GetValue(RegistryOption), Variable, StateDirectory(parseResult));

    /// <summary>Reads the registry; a Redis store that is offline answers from this machine's cache, with a warning on standard error.</summary>
    public static IReadOnlyList<RegisteredEnvironment> ReadRegistry(CliConsole console, IEnvironmentRegistryStore store)
    {
        var snapshot = store.ReadSnapshot();
        foreach (var diagnostic in snapshot.Diagnostics)
        {
            console.Error.WriteLine($"{console.Paint("warning " + diagnostic.Code, CliColour.Yellow)}: {diagnostic.Message}");
        }
        return snapshot.Environments;
    }

    /// <summary>Runs an action body and maps what it throws to a message and an exit code.</summary>
    public static Func<ParseResult, int> Action(CliConsole console, Func<ParseResult, int> body) => parseResult =>
    {
        try
        {
            return body(parseResult);
        }
        catch (UshadowException e)
        {
            ReportError(console, e.Diagnostic);
            return CliExit.Refused;
        }
        catch (RegistryUnavailableException e)
        {
            ReportError(console, UshadowDiagnostic.Error(DiagnosticCodes.RegistryServerUnavailable,
                $"{e.Message} Nothing changed. Reach or start the server, or use this machine's own registry file with {VariableNames.Registry}=file."));
            return CliExit.Refused;
        }
        catch (UsageException e)
        {
            console.Error.WriteLine(console.Paint("error", CliColour.Red) + ": " + e.Message);
            console.Error.WriteLine($"Run '{CommandPath(parseResult.CommandResult.Command)} --help' for usage.");
            return CliExit.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportError(console, UshadowDiagnostic.Error(DiagnosticCodes.CannotWrite, $"{e.GetType().Name}: {e.Message}"));
            return CliExit.Refused;
        }
#pragma warning disable CA1031 // the tool never ends in a stack trace; a defect is reported like any other error
        catch (Exception e)
#pragma warning restore CA1031
        {
            // Only the exception's type: its message could quote input, and input may be a password.
            ReportError(console, UshadowDiagnostic.Error(DiagnosticCodes.UnexpectedFailure,
                $"Unexpected failure inside ushadow ({e.GetType().FullName}); please report it with the command you ran."));
            return CliExit.Refused;
        }
    };

    public static void ReportError(CliConsole console, UshadowDiagnostic diagnostic)
    {
        console.Error.WriteLine($"{console.Paint("error " + diagnostic.Code, CliColour.Red)}: {diagnostic.Message}");
        console.Error.WriteLine($"  {console.Paint("see " + diagnostic.HelpLink, CliColour.Dim)}");
    }

    /// <summary>The command as typed, e.g. <c>ushadow settings set</c>.</summary>
    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "ushadow" : c.Name);
        }
        return string.Join(' ', names);
    }

    /// <summary>The variables with the options standing in for them, as a lookup.</summary>
    private static Func<string, string?> Lookup(ParseResult parseResult)
    {
        var variables = Variables(parseResult);
        return name => variables.TryGetValue(name, out var value) ? value : Variable(name);
    }
}
