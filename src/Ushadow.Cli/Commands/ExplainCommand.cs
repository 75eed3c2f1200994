using System.CommandLine;
using System.Text.Json.Nodes;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Planning;

namespace Ushadow.Cli.Commands;

/// <summary>
/// <c>ushadow explain</c>: evaluates the project with MSBuild's own API (so Directory.Build.props, conditions
/// and <c>-p:</c> count), then makes the build's plan, without writing or locking anything, and shows for each
/// value every layer's candidate and which one won.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CliConsole console)
    {
        var project = new Option<string?>("--project")
        {
            Description = "The project file, or a folder holding exactly one. Default: the current folder.",
            HelpName = "path",
        };
        var properties = new Option<string[]>("--property", "-p")
        {
            Description = "A global property, as with 'dotnet build -p:Name=Value'. Repeatable.",
            HelpName = "Name=Value",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print the explanation as JSON (shape in the README)." };
        var command = new Command("explain", "Show what a build of the project would resolve, every layer's candidate and which one won. Writes and locks nothing.")
        {
            project, properties, json,
        };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var projectFile = ProjectFiles.Find(parseResult.GetValue(project) ?? Directory.GetCurrentDirectory());
            var evaluated = ProjectEvaluation.Evaluate(projectFile, GlobalProperties(parseResult.GetValue(properties) ?? []));
            if (evaluated.Disabled)
            {
                console.Out.WriteLine($"{projectFile}: UshadowEnabled is false, so a build resolves nothing.");
                return CliExit.Done;
            }

            var variables = CliContext.Variables(parseResult);
            var plan = EnvironmentPlanner.Plan(new ProvisionRequest
            {
                ProjectDirectory = evaluated.Directory,
                Variables = variables,
                Properties = evaluated.Properties,
                WriteFiles = false,
            });

            if (parseResult.GetValue(json))
            {
                console.Out.WriteLine(CliJson.Write(ToJson(plan, projectFile)));
            }
            else
            {
                ShowForPeople(console, plan, projectFile);
            }
            return CliExit.Done;
        }));
        return command;
    }

    /// <summary>
    /// The shape the README documents (ushadow explain): environmentRoot, values (key, value, layer, origin,
    /// candidates), diagnostics.
    /// </summary>
    internal static JsonObject ToJson(EnvironmentPlan plan, string projectFile)
    {
        static JsonObject Source(string value, Provenance from) => new()
        {
            ["value"] = value,
            ["layer"] = Layers.ToText(from.Layer),
            ["origin"] = from.Origin,
        };
        var values = new JsonArray();
        foreach (var value in plan.Environment.Values)
        {
            var entry = new JsonObject { ["key"] = value.Key };
            foreach (var (name, node) in Source(value.Value, value.From).ToList())
            {
                entry[name] = node?.DeepClone();
            }
            entry["candidates"] = new JsonArray(value.Candidates.Select(c => (JsonNode)Source(c.Value, c.From)).ToArray());
            values.Add(entry);
        }
        return new JsonObject
        {
            ["project"] = projectFile,
            ["environmentRoot"] = plan.Paths.Root,
            ["envFile"] = plan.Paths.EnvFile,
            ["stateDirectory"] = plan.Paths.StateDirectory,
            ["values"] = values,
            ["diagnostics"] = new JsonArray(plan.Diagnostics.Select(d => (JsonNode)new JsonObject
            {
                ["code"] = d.Code,
                ["severity"] = d.Severity.ToString().ToLowerInvariant(),
                ["message"] = d.Message,
            }).ToArray()),
        };
    }

    private static void ShowForPeople(CliConsole console, EnvironmentPlan plan, string projectFile)
    {
        console.Out.WriteLine($"{console.Paint("project", CliColour.Bold)}           {projectFile}");
        console.Out.WriteLine($"{console.Paint("environment root", CliColour.Bold)}  {plan.Paths.Root}");
        console.Out.WriteLine($"{console.Paint("state directory", CliColour.Bold)}   {plan.Paths.StateDirectory}");
        foreach (var value in plan.Environment.Values)
        {
            console.Out.WriteLine();
            console.Out.WriteLine($"{console.Paint(value.Key, CliColour.Bold)} = {console.Paint(value.Value, CliColour.Green)}");
            var rows = value.Candidates.Select(c => (IReadOnlyList<string>)
            [
                ReferenceEquals(c.From, value.From) || c.From == value.From ? "*" : " ",
                Layers.ToText(c.From.Layer),
                c.Value,
                c.From.Origin,
            ]);
            console.Table(["", "layer", "value", "from"], rows, indent: "  ");
        }
        if (plan.Diagnostics.Count > 0)
        {
            console.Out.WriteLine();
        }
        foreach (var diagnostic in plan.Diagnostics)
        {
            var label = diagnostic.Severity == DiagnosticSeverity.Warning ? console.Paint($"warning {diagnostic.Code}", CliColour.Yellow) : "note";
            console.Out.WriteLine($"{label}: {diagnostic.Message}");
        }
        console.Out.WriteLine();
        console.Out.WriteLine(console.Paint("* wins. Nothing was written: 'dotnet build' applies this.", CliColour.Dim));
    }

    private static Dictionary<string, string> GlobalProperties(IEnumerable<string> pairs)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs.SelectMany(p => p.Split(';', StringSplitOptions.RemoveEmptyEntries)))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"'-p:{pair}' is not a property: use -p:Name=Value.");
            }
            properties[pair[..equals].Trim()] = pair[(equals + 1)..];
        }
        return properties;
    }
}
