using System.Diagnostics;
using System.Globalization;
using Ushadow.Core.Tests.Fuzz;

// build/fuzz/run.sh [env|secrets|all] [--cases N] [--seed S] [--replay SEED] [--minimize SEED] [--verbose]
var what = "all";
int? cases = null;
int? seed = null;
int? replay = null;
int? minimize = null;
var verbose = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "env" or "secrets" or "all": what = args[i]; break;
        case "--cases": cases = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--replay": replay = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--minimize": minimize = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--verbose": verbose = true; break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: run.sh [env|secrets|all] [--cases N] [--seed S] [--replay SEED] [--minimize SEED] [--verbose]");
            return 2;
    }
}

if (minimize is { } failing)
{
    Console.WriteLine(what == "secrets" ? FuzzMinimizer.Secrets(failing) : FuzzMinimizer.Env(failing));
    return 0;
}

if (replay is { } one)
{
    // One case by its seed, printed in full with the oracle's verdict.
    string verdict;
    if (what == "secrets")
    {
        var secretsCase = SecretsFuzzer.Generate(one);
        Console.WriteLine(SecretsFuzzer.Describe(secretsCase));
        verdict = FuzzRun.JudgeOne(secretsCase);
    }
    else
    {
        var envCase = EnvFileFuzzer.Generate(one);
        Console.WriteLine(EnvFileFuzzer.Describe(envCase));
        verdict = FuzzRun.JudgeOne(envCase);
    }

    Console.WriteLine("  verdict: " + verdict);
    return verdict.StartsWith("passes", StringComparison.Ordinal) ? 0 : 1;
}

// Random on demand: without --seed each run explores new cases, and prints the seed to rerun them.
var baseSeed = seed ?? Random.Shared.Next(1, int.MaxValue / 2);
var failed = 0;
foreach (var kind in what == "all" ? ["env", "secrets"] : new[] { what })
{
    var count = cases ?? (kind == "env" ? 100_000 : 20_000);
    var clock = Stopwatch.StartNew();
    var report = kind == "env" ? FuzzRun.Env(baseSeed, count, verbose) : FuzzRun.Secrets(baseSeed, count, verbose);
    foreach (var line in report.Cases)
    {
        Console.WriteLine(line);
    }

    foreach (var failure in report.Failures)
    {
        Console.WriteLine($"FAIL {failure}");
    }

    Console.WriteLine($"{kind}: {count} cases from seed {baseSeed} (case seeds {baseSeed}..{baseSeed + count - 1}), {report.Failures.Count} failed, {clock.Elapsed.TotalSeconds:F1} s; {report.Summary}");
    failed += report.Failures.Count;
}

return failed == 0 ? 0 : 1;
