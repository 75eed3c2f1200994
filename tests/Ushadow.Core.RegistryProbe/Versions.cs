using System.Text.Json.Nodes;

namespace Ushadow.Core.RegistryProbe;

/// <summary>
/// Versions side by side (issue 9): two worktrees of one machine provision alternately with this probe and a "next"
/// one (the same source built with <c>UshadowSimulateNextRegistryFormat=true</c> and a bumped version: it writes one
/// extra field on every entry and one extra entry kind). Neither may fail or drop the other's data. Then a registry
/// of a format above this version's must be refused with USH1020 naming both versions.
/// </summary>
internal static class Versions
{
    public static int Run(string[] args)
    {
        var at = Array.IndexOf(args, "--next");
        if (at < 0 || at + 1 >= args.Length || !File.Exists(args[at + 1]))
        {
            Console.Error.WriteLine("usage: versions --next <the next probe's dll> [--rounds R]");
            return 2;
        }
        var next = Path.GetFullPath(args[at + 1]);
        var rounds = CrashHarness.Option(args, "--rounds", 3);
        var keep = args.Contains("--keep");
        using var world = new ProbeWorld("versions", keep);
        string[] roots = ["wt-a", "wt-b"];
        foreach (var root in roots)
        {
            world.AddRoot(root);
        }
        var failures = new List<string>();
        var steps = 0;
        var nextHasWritten = false;
        var built = new List<string>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (useNext, env) in new[] { (false, "wt-a"), (true, "wt-b"), (true, "wt-a"), (false, "wt-b") })
            {
                steps++;
                var label = $"round {round}, {(useNext ? "next" : "this")} version builds {env}";
                var (exit, _, error) = useNext
                    ? RunDll(next, "provision", world.State, world.Settings, world.Root(env), env)
                    : ProbeWorld.Run("provision", world.State, world.Settings, world.Root(env), env);
                if (exit != 0)
                {
                    failures.Add($"{label}: failed (exit {exit}): {error.Trim()}");
                }
                nextHasWritten |= useNext;
                if (!built.Contains(env))
                {
                    built.Add(env);
                }
                failures.AddRange(world.Check(built, complete: true).Select(p => $"{label}: {p}"));
                var document = JsonNode.Parse(File.ReadAllText(world.Registry))!.AsObject();
                var environments = document["environments"]!.AsObject();
                if (nextHasWritten)
                {
                    if (environments["next/ushadow"]?["kind"]?.GetValue<string>() != "port-reservation")
                    {
                        failures.Add($"{label}: the next version's entry kind 'next/ushadow' is gone");
                    }
                    foreach (var env2 in built)
                    {
                        if (environments["ushadow/" + env2]?["docker_context"]?.GetValue<string>() != "default")
                        {
                            failures.Add($"{label}: the next version's field docker_context of ushadow/{env2} is gone");
                        }
                    }
                }
                Console.WriteLine($"  {label}: exit {exit}, written_by {document["written_by"]}");
            }
        }

        // A format above this version's: refused, naming both versions, nothing rewritten.
        var newer = "{\"version\": 3, \"written_by\": \"Ushadow.Build 0.3.0\", \"environments\": {}}\n";
        File.WriteAllText(world.Registry, newer);
        var (code, _, message) = ProbeWorld.Run("provision", world.State, world.Settings, world.Root("wt-a"), "wt-a");
        var thisVersion = typeof(Ushadow.Core.IO.FileLock).Assembly.GetName().Version!.ToString(3);
        if (code != 1 || !message.Contains("USH1020", StringComparison.Ordinal) || !message.Contains("0.3.0", StringComparison.Ordinal) || !message.Contains(thisVersion, StringComparison.Ordinal))
        {
            failures.Add($"format 3: expected USH1020 naming 0.3.0 and {thisVersion}, got exit {code}: {message.Trim()}");
        }
        if (File.ReadAllText(world.Registry) != newer)
        {
            failures.Add("format 3: the newer registry was rewritten");
        }
        Console.WriteLine($"  format 3 registry: exit {code}: {message.Trim()}");

        foreach (var failure in failures.Take(50))
        {
            Console.WriteLine("FAIL " + failure);
        }
        Console.WriteLine($"versions side by side: steps {steps}, failures {failures.Count}");
        return failures.Count == 0 ? 0 : 1;
    }

    private static (int Exit, string Out, string Error) RunDll(string dll, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
