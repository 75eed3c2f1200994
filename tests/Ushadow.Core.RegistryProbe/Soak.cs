using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Ushadow.Core.RegistryProbe;

/// <summary>
/// The concurrency soak (issue 9): per round, <c>--procs</c> provisioning processes across <c>--envs</c> environments
/// start together (a go file), with two <c>env create</c> and two <c>env remove</c> mixed in. Counts lock timeouts,
/// failures, duplicate Redis numbers and port offsets, checks the registry after each round, and reports the longest
/// lock wait any process saw.
/// </summary>
internal static class Soak
{
    private const int Extras = 2;

    public static int Run(string[] args)
    {
        var rounds = CrashHarness.Option(args, "--rounds", 5);
        var procs = CrashHarness.Option(args, "--procs", 30);
        var envCount = CrashHarness.Option(args, "--envs", 10);
        var keep = args.Contains("--keep");
        Console.WriteLine($"concurrency soak: {rounds} rounds of {procs} provisionings across {envCount} environments, plus {Extras} creates and {Extras} removes");

        using var world = new ProbeWorld("soak", keep);
        var envs = Enumerable.Range(0, envCount).Select(i => $"env{i:00}").ToList();
        foreach (var env in envs)
        {
            world.AddRoot(env);
        }
        var failures = new List<string>();
        var timeouts = 0;
        var longestWait = 0.0;
        var clock = Stopwatch.StartNew();
        for (var round = 1; round <= rounds; round++)
        {
            var go = Path.Combine(world.Folder, $"go-{round}");
            var jobs = new List<(string Label, Process Process)>();
            for (var i = 0; i < procs; i++)
            {
                var env = envs[i % envs.Count];
                jobs.Add(($"provision {env}", ProbeWorld.Start(null, "provision", world.State, world.Settings, world.Root(env), env, go)));
            }
            for (var k = 0; k < Extras; k++)
            {
                var created = $"extra-{round}-{k}";
                jobs.Add(($"create {created}", ProbeWorld.Start(null, "create", world.State, world.Settings, world.Root(created), created, go)));
                if (round > 1)
                {
                    var removed = $"extra-{round - 1}-{k}";
                    jobs.Add(($"remove {removed}", ProbeWorld.Start(null, "remove", world.State, removed, go)));
                }
            }
            // Every process is up and waiting before the go file appears: they really start together.
            foreach (var (label, process) in jobs)
            {
                if (process.StandardOutput.ReadLine() != "ready")
                {
                    failures.Add($"round {round}, {label}: never got ready: {process.StandardError.ReadToEnd().Trim()}");
                }
            }
            var roundClock = Stopwatch.StartNew();
            File.WriteAllText(go, "");
            var roundWait = 0.0;
            var roundHold = 0.0;
            foreach (var (label, process) in jobs)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                var wait = ProbeWorld.LockWait(output.Result);
                roundWait = Math.Max(roundWait, wait);
                roundHold = Math.Max(roundHold, ProbeWorld.Number(output.Result, "lockhold-ms "));
                if (error.Contains("USH1011", StringComparison.Ordinal))
                {
                    timeouts++;
                }
                if (process.ExitCode != 0)
                {
                    failures.Add($"round {round}, {label}: exit {process.ExitCode}: {error.Trim()}");
                }
                process.Dispose();
            }
            longestWait = Math.Max(longestWait, roundWait);

            // After the round: a valid registry, every number and offset once, and each .env agrees with it.
            var problems = world.Check(envs, complete: true);
            failures.AddRange(problems.Select(p => $"round {round}: {p}"));
            var registry = JsonNode.Parse(File.ReadAllText(world.Registry))!["environments"]!.AsObject();
            var entries = registry.Where(p => p.Value?["kind"] is null).ToList();
            var expected = envs.Count + Extras; // this round's creates are there, the last round's removed
            if (entries.Count != expected)
            {
                failures.Add($"round {round}: {entries.Count} environments registered, expected {expected}: {string.Join(", ", entries.Select(e => e.Key))}");
            }
            Console.WriteLine(
                $"  round {round}: {jobs.Count} processes in {roundClock.Elapsed.TotalSeconds:0.0} s, {entries.Count} registered, " +
                $"longest lock wait {roundWait.ToString("0", CultureInfo.InvariantCulture)} ms, longest hold {roundHold.ToString("0", CultureInfo.InvariantCulture)} ms, failures so far {failures.Count}");
        }

        foreach (var failure in failures.Take(50))
        {
            Console.WriteLine("FAIL " + failure);
        }
        var all = world.Check(envs, complete: true);
        var registryJson = JsonNode.Parse(File.ReadAllText(world.Registry))!["environments"]!.AsObject().Where(p => p.Value?["kind"] is null).ToList();
        var duplicateRedis = registryJson.Count - registryJson.Select(e => (int)e.Value!["redis_database"]!).Distinct().Count();
        var duplicateOffsets = registryJson.Count - registryJson.Select(e => (int?)e.Value!["port_offset"]).Distinct().Count();
        Console.WriteLine($"({clock.Elapsed.TotalSeconds:0} s; final check: {all.Count} problems)");
        Console.WriteLine(
            $"rounds {rounds}, processes {rounds * (procs + Extras) + (rounds - 1) * Extras}, lock timeouts {timeouts}, duplicate redis numbers {duplicateRedis}, " +
            $"duplicate port offsets {duplicateOffsets}, failures {failures.Count}, longest lock wait {longestWait.ToString("0", CultureInfo.InvariantCulture)} ms");
        return failures.Count == 0 && timeouts == 0 ? 0 : 1;
    }
}
