using System.CommandLine;
using System.CommandLine.Invocation;
using Ushadow.Cli;
using Ushadow.Cli.Commands;

// The `ushadow` tool: a thin shell over Ushadow.Core. Each command group lives in one file under Commands/
// and is added here with one line.
var console = new CliConsole();
var root = new RootCommand("ushadow: look at and change what Ushadow.Build resolves for your development environments.");
root.Options.Add(CliContext.StateDirOption);
root.Options.Add(CliContext.LauncherSettingsOption);
root.Options.Add(CliContext.RegistryOption);
root.Subcommands.Add(SettingsCommands.Create(console));
root.Subcommands.Add(ExplainCommand.Create(console));
root.Subcommands.Add(EnvCommands.Create(console));
root.Subcommands.Add(DoctorCommand.Create(console));
root.Subcommands.Add(DbCommands.Create(console));

var parseResult = root.Parse(args);
if (parseResult.Action is ParseErrorAction)
{
    // Usage errors exit 2 (System.CommandLine's own default is 1); a secret typed on the command line is not echoed.
    foreach (var error in parseResult.Errors)
    {
        console.Error.WriteLine(console.Paint("error", CliColour.Red) + ": " + SettingsCommands.RedactSecrets(error.Message, args));
    }
    var command = parseResult.CommandResult.Command;
    console.Error.WriteLine($"Run '{CliContext.CommandPath(command)} --help' for usage.");
    return CliExit.Usage;
}
return parseResult.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });

