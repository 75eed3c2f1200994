namespace Ushadow.Core.Tests.Fuzz;

/// <summary>
/// A reduced but real run of build/fuzz in CI: fixed seeds, python-dotenv, YamlDotNet and PyYAML as oracles. The full
/// runs (100,000 and 20,000 cases, random seeds) are build/fuzz/run.sh. A failure prints each case so it can become a
/// unit test: replay it with <c>build/fuzz/run.sh env --replay SEED</c> and shrink it with <c>--minimize SEED</c>.
/// </summary>
public sealed class EditorFuzzTests
{
    // Fixed seeds, so CI sees the same cases on every run and a failure reproduces.
    private const int EnvSeed = 20_261_128;
    private const int SecretsSeed = 4_242;

    [Fact]
    public void Two_thousand_generated_env_files_keep_every_foreign_value_as_python_dotenv_reads_it()
    {
        var report = FuzzRun.Env(EnvSeed, 2_000);

        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures.Concat(report.Cases)));
        // Refusals (a value needing quotes after an unclosed quote) must stay rare, or the run judges little.
        var refused = Count(report.Summary, "refused (USH1007): ");
        Assert.True(refused < 200, $"{refused} of 2000 edits were refused: {report.Summary}");
    }

    [Fact]
    public void Five_hundred_generated_secrets_files_get_exactly_the_missing_keys_or_a_USH1006()
    {
        var report = FuzzRun.Secrets(SecretsSeed, 500);

        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures.Concat(report.Cases)));
        // The run is only worth something if many cases were accepted and judged by both parsers.
        var accepted = Count(report.Summary, "accepted with additions: ");
        Assert.True(accepted >= 150, $"only {accepted} of 500 cases had additions: {report.Summary}");
    }

    [Fact]
    public void The_oracle_catches_a_foreign_value_that_changed()
    {
        // A harness that cannot fail proves nothing: a hand-made wrong edit must be reported.
        var wrong = new EnvFuzzCase(1, "A=1\nENV_NAME=x\n", [new("ENV_NAME", "y")], "A=2\nENV_NAME=y\n", null, null);

        Assert.StartsWith("foreign 'A' read '1' before, '2' after", FuzzRun.JudgeOne(wrong), StringComparison.Ordinal);
    }

    [Fact]
    public void The_oracle_catches_a_secret_that_PyYAML_reads_differently()
    {
        var wrong = new SecretsFuzzCase(1, "admin:\n  name: a\n", [new("admin", "email", "e")], "admin:\n  name: b\n  email: \"e\"\n",
            [new("admin", "email", "e")], null, null);

        Assert.StartsWith("PyYAML reads", FuzzRun.JudgeOne(wrong), StringComparison.Ordinal);
    }

    private static int Count(string summary, string label)
    {
        var start = summary.IndexOf(label, StringComparison.Ordinal) + label.Length;
        return int.Parse(new string(summary[start..].TakeWhile(char.IsDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
    }
}
