namespace Ushadow.Core.Tests.Fuzz;

/// <summary>The outcome of a fuzz run: the failures (seed, problem, the case in full) and the oracle's counts.</summary>
/// <param name="Cases">The printed cases: every failing one, or every one when verbose.</param>
/// <param name="Failures">One line per failure: kind, seed and problem.</param>
/// <param name="Summary">The oracle's counts, plus the harness's own (refusals).</param>
internal sealed record FuzzReport(List<string> Cases, List<string> Failures, string Summary);

/// <summary>Generates, edits and judges the cases of seeds <c>baseSeed .. baseSeed + count - 1</c>.</summary>
internal static class FuzzRun
{
    public static FuzzReport Env(int baseSeed, int count, bool verbose = false)
    {
        var cases = new Dictionary<int, EnvFuzzCase>();
        var failures = new List<FuzzFailure>();
        var (judged, summary) = FuzzOracle.Judge(write =>
        {
            for (var i = 0; i < count; i++)
            {
                var fuzzCase = EnvFileFuzzer.Generate(unchecked(baseSeed + i));
                cases[fuzzCase.Seed] = fuzzCase;
                if (fuzzCase.Problem is not null)
                {
                    failures.Add(new FuzzFailure("env", fuzzCase.Seed, fuzzCase.Problem));
                }

                if (fuzzCase.After is not null)
                {
                    write(json => FuzzOracle.WriteEnv(json, fuzzCase));
                }
            }
        });
        failures.AddRange(judged);
        var refused = cases.Values.Count(c => c.Refusal is not null);
        return Report(failures, $"{summary} refused (USH1007): {refused}", verbose ? cases.Keys : failures.Select(f => f.Seed), seed => EnvFileFuzzer.Describe(cases[seed]));
    }

    public static FuzzReport Secrets(int baseSeed, int count, bool verbose = false)
    {
        var cases = new Dictionary<int, SecretsFuzzCase>();
        var failures = new List<FuzzFailure>();
        var refused = 0;
        var (judged, summary) = FuzzOracle.Judge(write =>
        {
            for (var i = 0; i < count; i++)
            {
                var fuzzCase = SecretsFuzzer.Generate(unchecked(baseSeed + i));
                cases[fuzzCase.Seed] = fuzzCase;
                if (fuzzCase.Problem is not null)
                {
                    failures.Add(new FuzzFailure("yaml", fuzzCase.Seed, fuzzCase.Problem));
                }

                if (fuzzCase.Refusal is null)
                {
                    write(json => FuzzOracle.WriteYaml(json, fuzzCase));
                }
                else
                {
                    refused++;
                }
            }
        });
        failures.AddRange(judged);
        var added = cases.Values.Count(c => c.Added.Count > 0);
        return Report(failures, $"{summary} refused (USH1006): {refused}, accepted with additions: {added}",
            verbose ? cases.Keys : failures.Select(f => f.Seed), seed => SecretsFuzzer.Describe(cases[seed]));
    }

    /// <summary>The oracle's verdict on one case, or the harness's own problem; "passes" when there is none.</summary>
    public static string JudgeOne(EnvFuzzCase fuzzCase)
    {
        if (fuzzCase.Problem is not null || fuzzCase.After is null)
        {
            return fuzzCase.Problem ?? "passes (refused: " + fuzzCase.Refusal + ")";
        }

        var (failures, _) = FuzzOracle.Judge(write => write(json => FuzzOracle.WriteEnv(json, fuzzCase)));
        return failures.Count == 0 ? "passes" : failures[0].Problem;
    }

    /// <summary>As <see cref="JudgeOne(EnvFuzzCase)"/> for a secrets case; a refusal passes when it is USH1006.</summary>
    public static string JudgeOne(SecretsFuzzCase fuzzCase)
    {
        if (fuzzCase.Problem is not null || fuzzCase.Refusal is not null)
        {
            return fuzzCase.Problem ?? "passes (refused: " + fuzzCase.Refusal + ")";
        }

        var (failures, _) = FuzzOracle.Judge(write => write(json => FuzzOracle.WriteYaml(json, fuzzCase)));
        return failures.Count == 0 ? "passes" : failures[0].Problem;
    }

    private static FuzzReport Report(List<FuzzFailure> failures, string summary, IEnumerable<int> printed, Func<int, string> describe) =>
        new(printed.Distinct().Select(describe).ToList(), failures.Select(f => $"{f.Kind} seed {f.Seed}: {f.Problem}").ToList(), summary);
}

/// <summary>
/// Shrinks a failing case to a small one that still fails (any failure): drops whole lines, then single characters,
/// then edits, judging each round's candidates in one oracle run. What it prints is the unit test to write.
/// </summary>
internal static class FuzzMinimizer
{
    public static string Env(int seed)
    {
        var start = EnvFileFuzzer.Generate(seed);
        var signature = FuzzRun.JudgeOne(start);
        var (text, edits) = Shrink(start.Before, start.Edits.ToList(), candidates =>
        {
            var judged = candidates.Select((c, i) => EnvFileFuzzer.Apply(i, c.Text, c.Edits)).ToList();
            var (failures, _) = FuzzOracle.Judge(write =>
            {
                foreach (var fuzzCase in judged.Where(c => c.After is not null))
                {
                    write(json => FuzzOracle.WriteEnv(json, fuzzCase));
                }
            });
            var failed = failures.ToDictionary(f => f.Seed, f => f.Problem);
            return judged.Select(c => SameKind(signature, c.Problem ?? failed.GetValueOrDefault(c.Seed))).ToList();
        });
        var small = EnvFileFuzzer.Apply(seed, text, edits);
        var verdict = FuzzRun.JudgeOne(small);
        return EnvFileFuzzer.Describe(small) + "\n  problem: " + verdict;
    }

    public static string Secrets(int seed)
    {
        var start = SecretsFuzzer.Generate(seed);
        var signature = FuzzRun.JudgeOne(start);
        var (text, requests) = Shrink(start.Before, start.Requests.ToList(), candidates =>
        {
            var judged = candidates.Select((c, i) => SecretsFuzzer.Apply(i, c.Text, c.Edits)).ToList();
            var (failures, _) = FuzzOracle.Judge(write =>
            {
                foreach (var fuzzCase in judged.Where(c => c.Refusal is null))
                {
                    write(json => FuzzOracle.WriteYaml(json, fuzzCase));
                }
            });
            var failed = failures.ToDictionary(f => f.Seed, f => f.Problem);
            return judged.Select(c => SameKind(signature, c.Problem ?? failed.GetValueOrDefault(c.Seed))).ToList();
        });
        var small = SecretsFuzzer.Apply(seed, text, requests);
        return SecretsFuzzer.Describe(small) + "\n  problem: " + FuzzRun.JudgeOne(small);
    }

    /// <summary>Whether a problem is of the same kind as the one being shrunk (its words before any quoted text).</summary>
    private static bool SameKind(string signature, string? problem) =>
        problem is not null && Kind(problem) == Kind(signature);

    private static string Kind(string problem) => new(problem.TakeWhile(c => c is not ('\'' or '"' or ':' or '(')).Where(c => !char.IsDigit(c)).ToArray());

    private static (string Text, List<T> Edits) Shrink<T>(string text, List<T> edits, Func<List<(string Text, List<T> Edits)>, List<bool>> fails)
    {
        while (true)
        {
            var candidates = new List<(string, List<T>)>();
            for (var i = 0; i < edits.Count; i++)
            {
                candidates.Add((text, edits.Where((_, j) => j != i).ToList()));
            }

            var lineStarts = new List<int> { 0 };
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    lineStarts.Add(i + 1);
                }
            }

            lineStarts.Add(text.Length);
            for (var i = 0; i + 1 < lineStarts.Count; i++)
            {
                if (lineStarts[i + 1] > lineStarts[i])
                {
                    candidates.Add((text.Remove(lineStarts[i], lineStarts[i + 1] - lineStarts[i]), edits));
                }
            }

            for (var i = 0; i < text.Length; i++)
            {
                candidates.Add((text.Remove(i, char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1), edits));
            }

            var verdicts = fails(candidates);
            var first = verdicts.IndexOf(true);
            if (first < 0)
            {
                return (text, edits);
            }

            (text, edits) = candidates[first];
        }
    }
}
