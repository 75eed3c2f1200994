using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Ushadow.TestSupport;

namespace Ushadow.HostingTests;

/// <summary>
/// <c>UshadowSchema.MigrateAsync</c> against the file registry, from real app processes (the schema probe): exactly once
/// under concurrency, a killed migrator, no migration backwards, isolated databases, no registry (README, Schema
/// changes in shared mode). The delegate writes a line to a file instead of touching MongoDB.
/// </summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ushadow-schema-tests", Guid.NewGuid().ToString("N"));

    public SchemaMigrationTests()
    {
        Directory.CreateDirectory(StateDirectory);
        // A registry as a build leaves it; the environments do not matter to the run time.
        File.WriteAllText(RegistryFile, """{ "version": 2, "environments": {} }""" + "\n");
    }

    private string StateDirectory => Path.Combine(_folder, "state");

    private string RegistryFile => Path.Combine(StateDirectory, "environments.json");

    private string DelegateLog => Path.Combine(_folder, "delegate.log");

    private string GoFile => Path.Combine(_folder, "go");

    private string[] DelegateRuns => File.Exists(DelegateLog) ? File.ReadAllLines(DelegateLog) : [];

    /// <summary>The record of <paramref name="database"/> as the registry file holds it.</summary>
    private JsonObject? Record(string database) => JsonNode.Parse(File.ReadAllText(RegistryFile))!["schemas"]?[database] as JsonObject;

    /// <summary>Writes a record as an earlier migration would have.</summary>
    private void Recorded(string database, long version, string environment)
    {
        var document = (JsonObject)JsonNode.Parse(File.ReadAllText(RegistryFile))!;
        var schemas = document["schemas"] as JsonObject ?? new JsonObject();
        schemas[database] = new JsonObject
        {
            ["schema_version"] = version,
            ["migrated_by"] = new JsonObject { ["environment"] = environment, ["host"] = "m1" },
            ["migrated_at"] = "2026-12-07T12:00:00Z",
            ["in_progress"] = null,
        };
        document["schemas"] = schemas;
        File.WriteAllText(RegistryFile, document.ToJsonString());
    }

    private RunningProcess Start(string environment, long version, int delegateMilliseconds = 0, string flag = "", string mode = "shared", string? host = null, string? stateDirectory = null)
    {
        var probe = typeof(SchemaMigrationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SchemaProbePath").Value!;
        Assert.True(File.Exists(probe), $"the schema probe was not built at {probe}");
        // The dotnet CLI tells child processes which host it is; fall back to the one on PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        return Processes.Start(dotnet,
            [probe, environment, mode, version.ToString(CultureInfo.InvariantCulture), DelegateLog, GoFile, delegateMilliseconds.ToString(CultureInfo.InvariantCulture), flag],
            environment: new Dictionary<string, string?>
            {
                ["USHADOW_STATE_DIR"] = stateDirectory ?? StateDirectory,
                ["USHADOW_HOST"] = host ?? "m2",
                ["USHADOW_REGISTRY"] = null,
                ["ENV_NAME"] = null,
                ["DATABASE_MODE"] = null,
                ["MONGODB_DATABASE"] = null,
            });
    }

    /// <summary>Starts the apps, releases them together once each is ready, and returns each one's outcome (up, failed, refused and a code), exit code and output.</summary>
    private async Task<(string Last, int ExitCode, string Output)[]> RunTogether(params Func<RunningProcess>[] starts)
    {
        var processes = new List<RunningProcess>();
        try
        {
            foreach (var start in starts)
            {
                processes.Add(start());
            }
            foreach (var process in processes)
            {
                Assert.Equal("ready", await process.ReadLineAsync(Bound));
            }
            File.WriteAllText(GoFile, "");
            var results = new List<(string, int, string)>();
            foreach (var process in processes)
            {
                await process.Exited.WaitAsync(Bound);
                // The console logger writes on its own thread: find the probe's own outcome line among the log lines.
                var outcome = process.StandardOutput.Split('\n', StringSplitOptions.TrimEntries)
                    .LastOrDefault(line => line is "up" or "failed" || line.StartsWith("refused ", StringComparison.Ordinal)) ?? "";
                results.Add((outcome, process.ExitCode, process.Output));
            }
            return [.. results];
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    [Fact]
    public async Task Six_apps_of_gold_at_version_4_started_at_once_run_the_delegate_exactly_once_and_all_come_up()
    {
        Recorded("ushadow", 3, "blue");

        var results = await RunTogether(Enumerable.Range(0, 6).Select(_ => (Func<RunningProcess>)(() => Start("gold", 4, delegateMilliseconds: 300))).ToArray());

        foreach (var (last, exitCode, output) in results)
        {
            Assert.True(exitCode == 0 && last == "up", $"an app did not come up ({exitCode}):\n{output}");
        }
        var run = Assert.Single(DelegateRuns);
        Assert.EndsWith(" 3->4", run, StringComparison.Ordinal);
        var record = Record("ushadow")!;
        Assert.Equal(4, record["schema_version"]!.GetValue<long>());
        Assert.Equal("gold", record["migrated_by"]!["environment"]!.GetValue<string>());
        Assert.Equal("m2", record["migrated_by"]!["host"]!.GetValue<string>());
        Assert.Null(record["in_progress"]);
    }

    [Fact]
    public async Task Blue_at_version_3_migrates_a_database_with_no_record_from_0_once_and_a_second_start_does_nothing()
    {
        var first = await RunTogether(() => Start("blue", 3));
        var second = await RunTogether(() => Start("blue", 3));

        Assert.Equal(("up", 0), (first[0].Last, first[0].ExitCode));
        Assert.Equal(("up", 0), (second[0].Last, second[0].ExitCode));
        Assert.EndsWith(" 0->3", Assert.Single(DelegateRuns), StringComparison.Ordinal);
        Assert.Equal(3, Record("ushadow")!["schema_version"]!.GetValue<long>());
        // The rest of the registry is as the build wrote it.
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(RegistryFile))!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_migrator_killed_inside_its_delegate_leaves_the_old_version_and_the_next_start_migrates()
    {
        Recorded("ushadow", 3, "blue");
        var killedPid = 0;
        using (var migrator = Start("gold", 4, delegateMilliseconds: 600_000))
        {
            Assert.Equal("ready", await migrator.ReadLineAsync(Bound));
            File.WriteAllText(GoFile, "");
            Assert.Equal("migrating", await migrator.ReadLineAsync(Bound));
            killedPid = migrator.Id;
            migrator.Kill(); // SIGKILL: no finally block, no cleanup
        }

        var left = Record("ushadow")!;
        Assert.Equal(3, left["schema_version"]!.GetValue<long>());
        Assert.Equal("blue", left["migrated_by"]!["environment"]!.GetValue<string>());
        Assert.Equal(killedPid, left["in_progress"]!["pid"]!.GetValue<int>());
        Assert.Equal(4, left["in_progress"]!["target_version"]!.GetValue<long>());

        var next = await RunTogether(() => Start("gold", 4));

        Assert.Equal(("up", 0), (next[0].Last, next[0].ExitCode));
        Assert.Equal(2, DelegateRuns.Length);
        Assert.EndsWith(" 3->4", DelegateRuns[1], StringComparison.Ordinal);
        Assert.Equal(4, Record("ushadow")!["schema_version"]!.GetValue<long>());
        Assert.Null(Record("ushadow")!["in_progress"]);
    }

    [Fact]
    public async Task A_delegate_that_fails_records_nothing_and_the_next_start_runs_it_again()
    {
        Recorded("ushadow", 3, "blue");

        var failed = await RunTogether(() => Start("gold", 4, flag: "fail"));
        Assert.Equal(("failed", 4), (failed[0].Last, failed[0].ExitCode));
        Assert.Equal(3, Record("ushadow")!["schema_version"]!.GetValue<long>());
        Assert.Null(Record("ushadow")!["in_progress"]);

        var next = await RunTogether(() => Start("gold", 4));
        Assert.Equal(("up", 0), (next[0].Last, next[0].ExitCode));
        Assert.Equal(2, DelegateRuns.Length);
    }

    [Fact]
    public async Task Older_code_than_the_database_gets_USH1061_and_does_not_run_its_delegate()
    {
        Recorded("ushadow", 3, "blue");

        var refused = await RunTogether(() => Start("gold", 2));

        Assert.Equal(("refused USH1061", 3), (refused[0].Last, refused[0].ExitCode));
        Assert.Contains("declares schema version 2", refused[0].Output, StringComparison.Ordinal);
        Assert.Contains("'ushadow' is recorded at 3, migrated by environment 'blue' on host 'm1'", refused[0].Output, StringComparison.Ordinal);
        Assert.Empty(DelegateRuns);
        Assert.Equal(3, Record("ushadow")!["schema_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Older_code_that_opted_in_starts_with_a_warning_and_still_does_not_run_its_delegate()
    {
        Recorded("ushadow", 3, "blue");

        var warned = await RunTogether(() => Start("gold", 2, flag: "allow-older"));

        Assert.Equal(("up", 0), (warned[0].Last, warned[0].ExitCode));
        Assert.Contains("USH1061", warned[0].Output, StringComparison.Ordinal);
        Assert.Empty(DelegateRuns);
    }

    [Fact]
    public async Task Isolated_databases_each_keep_their_own_record()
    {
        Recorded("ushadow", 7, "blue");

        var results = await RunTogether(() => Start("gold", 2, mode: "isolated"), () => Start("red", 5, mode: "isolated"));

        Assert.All(results, r => Assert.Equal(("up", 0), (r.Last, r.ExitCode)));
        Assert.Equal(2, DelegateRuns.Length);
        Assert.Equal(2, Record("ushadow_gold")!["schema_version"]!.GetValue<long>());
        Assert.Equal(5, Record("ushadow_red")!["schema_version"]!.GetValue<long>());
        Assert.Equal(7, Record("ushadow")!["schema_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Without_a_registry_the_app_skips_the_migration_with_one_log_line()
    {
        var missing = Path.Combine(_folder, "no-state");

        var results = await RunTogether(() => Start("gold", 4, stateDirectory: missing));

        Assert.Equal(("up", 0), (results[0].Last, results[0].ExitCode));
        Assert.Single(results[0].Output.Split('\n'), line => line.Contains("no environment registry at " + Path.Combine(missing, "environments.json"), StringComparison.Ordinal));
        Assert.Empty(DelegateRuns);
        Assert.False(Directory.Exists(missing));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
