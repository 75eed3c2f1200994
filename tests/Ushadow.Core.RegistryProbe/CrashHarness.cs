using System.Diagnostics;
using System.Globalization;

namespace Ushadow.Core.RegistryProbe;

/// <summary>
/// Crash injection (issue 9): SIGKILLs provisioning and settings processes inside their critical windows (named
/// stop points of <c>USHADOW_TEST_STOP_AT</c>) or after a random delay, then checks the files as the kill left them,
/// runs the next provisioning, and checks that it healed everything. Prints "kills N, failures F".
/// </summary>
internal static class CrashHarness
{
    private static readonly string[] Environments = ["gold", "blue", "red"];

    /// <summary>What a run makes the process write, and where it may be stopped.</summary>
    private sealed record Scenario(string Target, string[] Points);

    private static readonly Scenario[] Scenarios =
    [
        new(".env", ["write-probe:.env", "temp-created:.env", "temp-written:.env", "renamed:.env", "lock-held:environments.json.lock"]),
        new("secrets.yaml", ["write-probe:secrets.yaml", "temp-created:secrets.yaml", "temp-written:secrets.yaml", "renamed:secrets.yaml"]),
        new("shared key", ["temp-created:ushadow.secrets.yaml", "temp-written:ushadow.secrets.yaml", "renamed:ushadow.secrets.yaml"]),
        new("registry", ["write-probe:environments.json", "temp-created:environments.json", "temp-written:environments.json", "renamed:environments.json", "lock-held:environments.json.lock"]),
        new("settings", ["lock-held:settings.json.lock", "temp-created:settings.json", "temp-written:settings.json", "renamed:settings.json"]),
    ];

    public static int Run(string[] args)
    {
        var kills = Option(args, "--kills", 300);
        var seed = Option(args, "--seed", Environment.TickCount);
        var keep = args.Contains("--keep");
        var random = new Random(seed);
        Console.WriteLine($"crash injection: {kills} kills, seed {seed}");

        using var world = new ProbeWorld("crash", keep);
        foreach (var env in Environments)
        {
            world.AddRoot(env);
        }
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();

        // First builds: every file exists and is complete before the first kill.
        foreach (var env in Environments)
        {
            Heal(world, env, failures, "first build");
        }
        var initial = world.Check(Environments, complete: true);
        failures.AddRange(initial.Select(p => "before any kill: " + p));

        var snapshots = Path.Combine(world.Folder, "env-snapshots");
        Directory.CreateDirectory(snapshots);
        var done = 0;
        var missed = 0;
        var delayed = 0;
        var runTime = new List<double> { 400 };
        var printed = 0;
        while (done < kills)
        {
            // Failures are printed as they happen, so a long run shows them early.
            for (; printed < failures.Count; printed++)
            {
                Console.WriteLine("FAIL " + failures[printed]);
            }
            var scenario = Scenarios[random.Next(Scenarios.Length)];
            var env = Environments[random.Next(Environments.Length)];
            var byDelay = random.Next(4) == 0;
            var point = scenario.Points[random.Next(scenario.Points.Length)];
            Perturb(world, scenario.Target, env, random);

            string[] arguments = scenario.Target == "settings"
                ? ["settings", world.Settings, "default_admin_name", "admin-" + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)]
                : ["provision", world.State, world.Settings, world.Root(env), env];
            var label = $"kill {done + 1} ({scenario.Target} of {env}, {(byDelay ? "random delay" : point)})";
            using (var process = ProbeWorld.Start(byDelay ? null : point, arguments))
            {
                var stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data is null)
                    {
                        stopped.TrySetResult(false);
                    }
                    else if (e.Data.StartsWith("ushadow-test-stopped-at ", StringComparison.Ordinal))
                    {
                        stopped.TrySetResult(true);
                    }
                };
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                var started = Stopwatch.StartNew();
                bool reached;
                if (byDelay)
                {
                    var median = runTime.Order().ElementAt(runTime.Count / 2);
                    reached = !process.WaitForExit(TimeSpan.FromMilliseconds(random.NextDouble() * median * 1.2));
                }
                else
                {
                    reached = stopped.Task.Wait(TimeSpan.FromSeconds(90)) && stopped.Task.Result;
                }
                if (reached && !process.HasExited)
                {
                    process.Kill(); // SIGKILL on Unix: no finally block, no flush, no unlock but the kernel's
                    process.WaitForExit();
                    done++;
                    delayed += byDelay ? 1 : 0;
                }
                else
                {
                    process.WaitForExit();
                    missed++;
                    if (process.ExitCode != 0)
                    {
                        failures.Add($"{label}: the run failed before the kill (exit {process.ExitCode})");
                    }
                    if (scenario.Target == "shared key")
                    {
                        // The perturbation took the key from every secrets.yaml: the others take the new one on their builds.
                        foreach (var other in Environments)
                        {
                            Heal(world, other, failures, label);
                        }
                    }
                    continue;
                }
                _ = started;
            }

            // As the kill left it: every file parses and keeps its foreign content; no half-written file.
            foreach (var problem in world.Check(Environments, complete: false))
            {
                failures.Add($"{label}, right after: {problem}");
            }
            SnapshotEnvFiles(world, snapshots, done);

            // The next run (a settings edit, then the environment's build) heals: complete files, no temp file, no stuck lock.
            if (scenario.Target == "settings")
            {
                var (exit, _, error) = ProbeWorld.Run("settings", world.Settings, "default_admin_name", "healed");
                if (exit != 0)
                {
                    failures.Add($"{label}: the next settings edit failed (exit {exit}): {error.Trim()}");
                }
            }
            var healClock = Stopwatch.StartNew();
            Heal(world, env, failures, label);
            if (scenario.Target == "shared key")
            {
                foreach (var other in Environments.Where(e => e != env))
                {
                    Heal(world, other, failures, label);
                }
            }
            runTime.Add(healClock.Elapsed.TotalMilliseconds);
            foreach (var problem in world.Check(Environments, complete: true))
            {
                failures.Add($"{label}, after the next build: {problem}");
            }
            foreach (var leftover in world.LeftoverTemporaryFiles())
            {
                failures.Add($"{label}, after the next build: temporary file left: {Path.GetRelativePath(world.Folder, leftover)}");
            }
            SnapshotEnvFiles(world, snapshots, done);
            if (done % 25 == 0)
            {
                Console.WriteLine($"  {done} kills, {failures.Count} failures, {clock.Elapsed.TotalSeconds:0} s");
            }
        }

        // python-dotenv reads every .env as the kills and the heals left it (one batch).
        failures.AddRange(DotenvCheck(snapshots));

        for (; printed < failures.Count; printed++)
        {
            Console.WriteLine("FAIL " + failures[printed]);
        }
        Console.WriteLine($"({delayed} of the kills after a random delay, {kills - delayed} at a stop point; {missed} runs ended before their kill; {clock.Elapsed.TotalSeconds:0} s)");
        Console.WriteLine($"kills {done}, failures {failures.Count}");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Makes the next run write <paramref name="target"/>, as the user or another environment would.</summary>
    private static void Perturb(ProbeWorld world, string target, string env, Random random)
    {
        switch (target)
        {
            case ".env":
                // An owned line deleted by the user: the build restores it.
                var lines = File.ReadAllText(world.EnvFile(env)).Split('\n');
                var owned = ProbeWorld.OwnedEnvKeys[random.Next(ProbeWorld.OwnedEnvKeys.Length)];
                File.WriteAllText(world.EnvFile(env), string.Join('\n', lines.Where(l => !l.StartsWith(owned + "=", StringComparison.Ordinal))));
                break;
            case "secrets.yaml":
                // A per-environment secret deleted by the user: the build adds a new one.
                var text = File.ReadAllText(world.SecretsFile(env));
                File.WriteAllText(world.SecretsFile(env), string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("session_secret:", StringComparison.Ordinal))));
                break;
            case "shared key":
                // The shared key deleted from the state folder (the ops note stays) and from every secrets.yaml, as
                // USH3003 advises: the next build creates a new one; the other environments take it on their builds.
                File.WriteAllText(world.SharedKeyFile, ProbeWorld.ForeignSharedKey);
                foreach (var each in Environments)
                {
                    var secrets = File.ReadAllText(world.SecretsFile(each));
                    File.WriteAllText(world.SecretsFile(each), string.Join('\n', secrets.Split('\n').Where(l => !l.TrimStart().StartsWith("auth_secret_key:", StringComparison.Ordinal))));
                }
                break;
            case "registry":
                // The entry removed (ushadow env remove): the build registers the environment again.
                using (var registry = Ushadow.Core.Registry.EnvironmentRegistry.Open(world.State, TimeSpan.FromSeconds(30)))
                {
                    registry.Remove(new Ushadow.Core.Model.EnvironmentId("ushadow", env));
                    registry.Save();
                }
                break;
        }
    }

    private static void Heal(ProbeWorld world, string env, List<string> failures, string label)
    {
        var (exit, output, error) = ProbeWorld.Run("provision", world.State, world.Settings, world.Root(env), env);
        if (exit != 0)
        {
            failures.Add($"{label}: the next build of {env} failed (exit {exit}): {error.Trim()}");
        }
        foreach (var line in output.Split('\n').Where(l => l.StartsWith("diagnostic ", StringComparison.Ordinal)))
        {
            failures.Add($"{label}: the next build of {env} warned: {line["diagnostic ".Length..]}");
        }
    }

    private static void SnapshotEnvFiles(ProbeWorld world, string snapshots, int kill)
    {
        foreach (var env in Environments)
        {
            if (File.Exists(world.EnvFile(env)))
            {
                File.Copy(world.EnvFile(env), Path.Combine(snapshots, $"{kill:0000}-{env}-{Guid.NewGuid():N}.env"));
            }
        }
    }

    private const string DotenvScript = """
import sys, os, io
from dotenv import dotenv_values
from dotenv.parser import parse_stream
expected = {"API_TOKEN": "abc def", "OPENAI_KEY": 'sk-"quoted"', "EMPTY": ""}
for name in sorted(os.listdir(sys.argv[1])):
    path = os.path.join(sys.argv[1], name)
    text = open(path, encoding="utf-8").read()
    bad = [b.original.line for b in parse_stream(io.StringIO(text)) if b.error]
    if bad:
        print(f"{name}: python-dotenv cannot parse line(s) {bad}")
    values = dotenv_values(path)
    for key, value in expected.items():
        if values.get(key) != value:
            print(f"{name}: python-dotenv reads {key} as {values.get(key)!r}, not {value!r}")
""";

    private static IEnumerable<string> DotenvCheck(string snapshots)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(DotenvScript);
        start.ArgumentList.Add(snapshots);
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "python-dotenv: " + l).ToList();
        if (python.ExitCode != 0)
        {
            lines.Add($"python-dotenv check failed (exit {python.ExitCode}): {error.Trim()}");
        }
        return lines;
    }

    internal static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
