using System.CommandLine;
using System.Text;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Launcher;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Cli;

/// <summary>The tool's exit codes (SPEC §9).</summary>
internal static class CliExit
{
    /// <summary>Done.</summary>
    public const int Done = 0;
    /// <summary>Refused, or problems found; the message carries a USH code.</summary>
    public const int Refused = 1;
    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;
}

/// <summary>A command line that parses but asks for something that cannot be (exit 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The colours the tool uses, sparingly.</summary>
internal enum CliColour
{
    Bold,
    Dim,
    Red,
    Yellow,
    Green,
}

/// <summary>
/// Standard output and error, the terminal questions (confirmation, a password without echo) and colour:
/// only on a terminal, never with <c>NO_COLOR</c> or <c>TERM=dumb</c>.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole()
    {
        Out = Console.Out;
        Error = Console.Error;
        UseColour = !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb";
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool UseColour { get; }

    /// <summary>Whether questions can be asked: standard input is a terminal.</summary>
    public static bool InputIsTerminal => !Console.IsInputRedirected;

    public string Paint(string text, CliColour colour)
    {
        if (!UseColour)
        {
            return text;
        }
        var code = colour switch
        {
            CliColour.Bold => "1",
            CliColour.Dim => "2",
            CliColour.Red => "31",
            CliColour.Yellow => "33",
            _ => "32",
        };
        return $"\u001b[{code}m{text}\u001b[0m";
    }

    /// <summary>Asks a yes/no question on the terminal; only "y" or "yes" is a yes.</summary>
    public bool Confirm(string question)
    {
        Error.Write($"{question} [y/N] ");
        Error.Flush();
        var answer = Console.In.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads a secret: on a terminal without echo, key by key (prompt on standard error); from redirected input,
    /// its first line.
    /// </summary>
    public string ReadSecret(string prompt)
    {
        if (!InputIsTerminal)
        {
            return Console.In.ReadLine() ?? "";
        }
        Error.Write(prompt);
        Error.Flush();
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
        Error.WriteLine();
        return secret.ToString();
    }

    /// <summary>Writes rows as columns aligned by the widest cell, two spaces apart, indented.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string indent = "  ")
    {
        var all = rows.ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        if (header.Any(h => h.Length > 0))
        {
            Out.WriteLine(indent + Paint(Row(header, widths), CliColour.Bold));
        }
        foreach (var row in all)
        {
            Out.WriteLine(indent + Row(row, widths));
        }
    }

    private static string Row(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}

/// <summary>
/// What every command shares: the options that say where the launcher settings and the state directory are
/// (over <c>USHADOW_LAUNCHER_SETTINGS</c> / <c>USHADOW_STATE_DIR</c> and the build's defaults), and the way an
/// action ends (a <see cref="UshadowException"/> is a message and exit 1, never a stack trace).
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

    /// <summary>Redis' own default number of databases, as the build assumes without <c>UshadowRedisDatabaseCount</c>.</summary>
    private const int DefaultRedisDatabaseCount = 16;

    /// <summary>This machine's name in a shared registry: <c>USHADOW_HOST</c>, else the host name.</summary>
    public static string Host =>
        Environment.GetEnvironmentVariable(VariableNames.Host)?.Trim() is { Length: > 0 } named ? named : Environment.MachineName;

    /// <summary>
    /// The registry store, as the build finds it: <c>--registry</c>, else <c>USHADOW_REGISTRY</c>, else the file in the
    /// state directory. Without a <c>/db</c> in the URL, the registry is in the last of the default 16 databases.
    /// </summary>
    public static IEnvironmentRegistryStore RegistryStore(ParseResult parseResult)
    {
        var stateDirectory = StateDirectory(parseResult);
        if (parseResult.GetValue(RegistryOption) is { Length: > 0 } option)
        {
            return RegistryStores.For(option, "option --registry", stateDirectory, DefaultRedisDatabaseCount, Host);
        }
        return RegistryStores.For(Environment.GetEnvironmentVariable(VariableNames.Registry), $"environment variable {VariableNames.Registry}",
            stateDirectory, DefaultRedisDatabaseCount, Host);
    }

    /// <summary>The launcher settings file, as the build finds it (the option wins).</summary>
    public static string LauncherSettingsPath(ParseResult parseResult)
    {
        var path = parseResult.GetValue(LauncherSettingsOption);
        if (string.IsNullOrEmpty(path))
        {
            path = Environment.GetEnvironmentVariable(VariableNames.LauncherSettings);
        }
        if (string.IsNullOrEmpty(path))
        {
            path = LauncherSettings.DefaultPath(Environment.GetEnvironmentVariable);
        }
        return Path.GetFullPath(path);
    }

    /// <summary>The state directory, as the build finds it: option, variable, else the launcher settings' folder.</summary>
    public static string StateDirectory(ParseResult parseResult)
    {
        var path = parseResult.GetValue(StateDirOption);
        if (string.IsNullOrEmpty(path))
        {
            path = Environment.GetEnvironmentVariable(VariableNames.StateDirectory);
        }
        if (string.IsNullOrEmpty(path))
        {
            path = Path.GetDirectoryName(LauncherSettingsPath(parseResult))!;
        }
        return Path.GetFullPath(path);
    }

    /// <summary>
    /// The variables a build reads, from this process, with <c>--state-dir</c> and <c>--launcher-settings</c> acting
    /// like the variables they stand for (which win over the properties, as in a build).
    /// </summary>
    public static Dictionary<string, string> Variables(ParseResult parseResult)
    {
        var variables = ProvisionRequest.ReadVariables(Environment.GetEnvironmentVariable).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
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
}
