using System.CommandLine;
using System.Text.Json.Nodes;
using Ushadow.Core.Inputs;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Redis;

namespace Ushadow.Cli.Commands;

/// <summary><c>ushadow doctor</c>: runs the core's <see cref="Checkup"/> and prints it; exit 1 when there are findings.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON: {\"findings\": [{\"code\": ..., \"message\": ...}]}." };
        var redis = new Option<string?>("--redis")
        {
            Description = "The Redis server: redis://[user:password@]host[:port][/db] or host:port. Default: REDIS_URL, else localhost:6379.",
            HelpName = "url",
        };
        var count = new Option<int>("--count")
        {
            Description = "The number of Redis databases environments are given numbers from (UshadowRedisDatabaseCount).",
            DefaultValueFactory = _ => InputRules.DefaultRedisDatabaseCount,
            HelpName = "n",
        };
        var command = new Command("doctor", "Check what a build cannot: the Redis server answers, its 'databases' covers the count, no environment's Redis database holds another's marker, no registered root is missing. Exit 1 with the findings.")
        {
            json, redis, count,
        };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var store = CliContext.RegistryStore(parseResult);
            var environments = CliContext.ReadRegistry(console, store);
            var checkup = Checkup.Run(environments, CliContext.Host, RedisConnection.Choose(parseResult.GetValue(redis), CliContext.Variable), parseResult.GetValue(count));
            if (parseResult.GetValue(json))
            {
                var findings = new JsonArray(checkup.Findings.Select(f => (JsonNode)new JsonObject { ["code"] = f.Code, ["message"] = f.Message }).ToArray());
                console.Out.WriteLine(CliJson.Write(new JsonObject { ["findings"] = findings }));
            }
            else
            {
                ShowForPeople(console, checkup, store.Location, environments.Count);
            }
            return checkup.Findings.Count == 0 ? CliExit.Done : CliExit.Refused;
        }));
        return command;
    }

    private static void ShowForPeople(CliConsole console, Checkup checkup, string registryFile, int registered)
    {
        console.Out.WriteLine($"{console.Paint("ushadow doctor", CliColour.Bold)}: {registered} registered environment{(registered == 1 ? "" : "s")} in {registryFile}, count {checkup.Count}");
        foreach (var (label, text) in checkup.Lines)
        {
            console.Out.WriteLine($"  {(label == "ok" ? console.Paint("ok  ", CliColour.Green) : console.Paint("note", CliColour.Dim))}  {text}");
        }
        foreach (var finding in checkup.Findings)
        {
            console.Out.WriteLine($"  {console.Paint(finding.Code, CliColour.Red)}  {finding.Message}");
            console.Out.WriteLine($"           {console.Paint("see " + finding.HelpLink, CliColour.Dim)}");
        }
        console.Out.WriteLine(checkup.Findings.Count == 0
            ? console.Paint("No findings.", CliColour.Green)
            : console.Paint($"{checkup.Findings.Count} finding{(checkup.Findings.Count == 1 ? "" : "s")}.", CliColour.Red));
    }
}
