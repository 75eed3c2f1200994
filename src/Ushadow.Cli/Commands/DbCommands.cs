using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Model;

namespace Ushadow.Cli.Commands;

/// <summary>
/// <c>ushadow db status [--json]</c>: prints the core's <see cref="DatabaseStatus"/> rows (README, Schema changes in
/// shared mode). Reads only.
/// </summary>
internal static class DbCommands
{
    public static Command Create(CliConsole console)
    {
        var db = new Command("db", "Look at the MongoDB databases of the registered environments.");
        db.Subcommands.Add(StatusCommand(console));
        return db;
    }

    private static Command StatusCommand(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the databases as a JSON array (shape in the README)." };
        var command = new Command("status", "Show each MongoDB database: its mode, its recorded schema version, who migrated it and when, a migration in progress, and its environments with the version each declared. Creates nothing.") { json };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var store = CliContext.RegistryStore(parseResult);
            var rows = DatabaseStatus.Of(store, CliContext.ReadRegistry(console, store));
            if (parseResult.GetValue(json))
            {
                console.Out.WriteLine(CliJson.Write(new JsonArray(rows.Select(r => (JsonNode)Json(r)).ToArray())));
                return CliExit.Done;
            }
            if (rows.Count == 0)
            {
                console.Out.WriteLine("No database is known yet: a build registers its environment and database.");
                return CliExit.Done;
            }
            console.Table(["DATABASE", "MODE", "VERSION", "MIGRATED BY", "MIGRATED AT", "IN PROGRESS", "ENVIRONMENTS (DECLARED)"], rows.Select(r => (IReadOnlyList<string>)
            [
                r.Database,
                r.Mode.ToText(),
                r.Record.MigratedAt is null ? "-" : Text(r.Record.Version),
                r.Record.Environment is null ? "-" : $"{r.Record.Environment} on {r.Record.Host}",
                r.Record.MigratedAt is { } at ? at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-",
                r.Migration is { } m
                    ? $"{m.Migration.Environment} on {m.Migration.Host} to {Text(m.Migration.TargetVersion)} since {m.Migration.StartedAt.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)}"
                      + (m.Running ? " (running)" : console.Paint(" (interrupted: its process is gone)", CliColour.Yellow))
                    : "-",
                r.Environments.Count == 0 ? "-" : string.Join(", ", r.Environments.Select(e => $"{e.Name} ({(e.DeclaredSchemaVersion is { } v ? Text(v) : "-")})")),
            ]), indent: "");
            console.Out.WriteLine(console.Paint($"registry {store.Location}", CliColour.Dim));
            return CliExit.Done;
        }));
        return command;
    }

    /// <summary>One row as the README's JSON: <c>schemaVersion</c>, <c>migratedBy</c> and <c>migratedAt</c> are <c>null</c> when nothing was recorded.</summary>
    private static JsonObject Json(DatabaseStatus row) => new()
    {
        ["database"] = row.Database,
        ["mode"] = row.Mode.ToText(),
        ["schemaVersion"] = row.Record.MigratedAt is null ? null : row.Record.Version,
        ["migratedBy"] = row.Record.Environment is null ? null : new JsonObject { ["environment"] = row.Record.Environment, ["host"] = row.Record.Host },
        ["migratedAt"] = row.Record.MigratedAt is { } at ? CliJson.Time(at) : null,
        ["inProgress"] = row.Migration is { } m
            ? new JsonObject
            {
                ["environment"] = m.Migration.Environment,
                ["host"] = m.Migration.Host,
                ["pid"] = m.Migration.ProcessId,
                ["targetVersion"] = m.Migration.TargetVersion,
                ["startedAt"] = CliJson.Time(m.Migration.StartedAt),
                ["state"] = m.Running ? "running" : "interrupted",
            }
            : null,
        ["environments"] = new JsonArray(row.Environments.Select(e => (JsonNode)new JsonObject
        {
            ["name"] = e.Name,
            ["declaredVersion"] = e.DeclaredSchemaVersion,
        }).ToArray()),
    };

    private static string Text(long version) => version.ToString(CultureInfo.InvariantCulture);
}
