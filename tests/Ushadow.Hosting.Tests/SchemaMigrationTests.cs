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
    private readonly SchemaProbeWorld _w = new();

    [Fact]
    public async Task Six_apps_of_gold_at_version_4_started_at_once_run_the_delegate_exactly_once_and_all_come_up()
    {
        _w.Recorded("ushadow", 3, "blue");

        var results = await _w.RunTogether(Enumerable.Range(0, 6).Select(_ => (Func<RunningProcess>)(() => _w.Start("gold", 4, delegateMilliseconds: 300))).ToArray());

        foreach (var (last, exitCode, output) in results)
        {
            Assert.True(exitCode == 0 && last == "up", $"an app did not come up ({exitCode}):\n{output}");
        }
        var run = Assert.Single(_w.DelegateRuns);
        Assert.EndsWith(" 3->4", run, StringComparison.Ordinal);
        var record = _w.Record("ushadow")!;
        Assert.Equal(4, record["schema_version"]!.GetValue<long>());
        Assert.Equal("gold", record["migrated_by"]!["environment"]!.GetValue<string>());
        Assert.Equal("m2", record["migrated_by"]!["host"]!.GetValue<string>());
        Assert.Null(record["in_progress"]);
    }

    [Fact]
    public async Task Blue_at_version_3_migrates_a_database_with_no_record_from_0_once_and_a_second_start_does_nothing()
    {
        var first = await _w.RunTogether(() => _w.Start("blue", 3));
        var second = await _w.RunTogether(() => _w.Start("blue", 3));

        Assert.Equal(("up", 0), (first[0].Last, first[0].ExitCode));
        Assert.Equal(("up", 0), (second[0].Last, second[0].ExitCode));
        Assert.EndsWith(" 0->3", Assert.Single(_w.DelegateRuns), StringComparison.Ordinal);
        Assert.Equal(3, _w.Record("ushadow")!["schema_version"]!.GetValue<long>());
        // The rest of the registry is as the build wrote it.
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(_w.RegistryFile))!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_migrator_killed_inside_its_delegate_leaves_the_old_version_and_the_next_start_migrates()
    {
        _w.Recorded("ushadow", 3, "blue");
        var killedPid = 0;
        using (var migrator = _w.Start("gold", 4, delegateMilliseconds: 600_000))
        {
            Assert.Equal("ready", await migrator.ReadLineAsync(SchemaProbeWorld.Bound));
            File.WriteAllText(_w.GoFile, "");
            Assert.Equal("migrating", await migrator.ReadLineAsync(SchemaProbeWorld.Bound));
            killedPid = migrator.Id;
            migrator.Kill(); // SIGKILL: no finally block, no cleanup
        }

        var left = _w.Record("ushadow")!;
        Assert.Equal(3, left["schema_version"]!.GetValue<long>());
        Assert.Equal("blue", left["migrated_by"]!["environment"]!.GetValue<string>());
        Assert.Equal(killedPid, left["in_progress"]!["pid"]!.GetValue<int>());
        Assert.Equal(4, left["in_progress"]!["target_version"]!.GetValue<long>());

        var next = await _w.RunTogether(() => _w.Start("gold", 4));

        Assert.Equal(("up", 0), (next[0].Last, next[0].ExitCode));
        Assert.Equal(2, _w.DelegateRuns.Length);
        Assert.EndsWith(" 3->4", _w.DelegateRuns[1], StringComparison.Ordinal);
        Assert.Equal(4, _w.Record("ushadow")!["schema_version"]!.GetValue<long>());
        Assert.Null(_w.Record("ushadow")!["in_progress"]);
    }

    [Fact]
    public async Task A_caller_that_finds_a_migration_running_waits_a_bounded_time_then_gets_USH1062_naming_the_migrator()
    {
        _w.Recorded("ushadow", 3, "blue");
        using var migrator = _w.Start("gold", 4, delegateMilliseconds: 600_000, host: "m1");
        Assert.Equal("ready", await migrator.ReadLineAsync(SchemaProbeWorld.Bound));
        File.WriteAllText(_w.GoFile, "");
        Assert.Equal("migrating", await migrator.ReadLineAsync(SchemaProbeWorld.Bound));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waiter = await _w.RunTogether(() => _w.Start("red", 4, host: "m2", waitMilliseconds: 1500));

        Assert.Equal(("refused USH1062", 3), (waiter[0].Last, waiter[0].ExitCode));
        Assert.Contains("by environment 'gold' on host 'm1'", waiter[0].Output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the wait took {clock.Elapsed}");
        Assert.Single(_w.DelegateRuns);
        migrator.Kill();
    }

    [Fact]
    public async Task A_delegate_that_fails_records_nothing_and_the_next_start_runs_it_again()
    {
        _w.Recorded("ushadow", 3, "blue");

        var failed = await _w.RunTogether(() => _w.Start("gold", 4, flag: "fail"));
        Assert.Equal(("failed", 4), (failed[0].Last, failed[0].ExitCode));
        Assert.Equal(3, _w.Record("ushadow")!["schema_version"]!.GetValue<long>());
        Assert.Null(_w.Record("ushadow")!["in_progress"]);

        var next = await _w.RunTogether(() => _w.Start("gold", 4));
        Assert.Equal(("up", 0), (next[0].Last, next[0].ExitCode));
        Assert.Equal(2, _w.DelegateRuns.Length);
    }

    [Fact]
    public async Task Older_code_than_the_database_gets_USH1061_and_does_not_run_its_delegate()
    {
        _w.Recorded("ushadow", 3, "blue");

        var refused = await _w.RunTogether(() => _w.Start("gold", 2));

        Assert.Equal(("refused USH1061", 3), (refused[0].Last, refused[0].ExitCode));
        Assert.Contains("declares schema version 2", refused[0].Output, StringComparison.Ordinal);
        Assert.Contains("'ushadow' is recorded at 3, migrated by environment 'blue' on host 'm1'", refused[0].Output, StringComparison.Ordinal);
        Assert.Empty(_w.DelegateRuns);
        Assert.Equal(3, _w.Record("ushadow")!["schema_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Older_code_that_opted_in_starts_with_a_warning_and_still_does_not_run_its_delegate()
    {
        _w.Recorded("ushadow", 3, "blue");

        var warned = await _w.RunTogether(() => _w.Start("gold", 2, flag: "allow-older"));

        Assert.Equal(("up", 0), (warned[0].Last, warned[0].ExitCode));
        Assert.Contains("USH1061", warned[0].Output, StringComparison.Ordinal);
        Assert.Empty(_w.DelegateRuns);
    }

    [Fact]
    public async Task Isolated_databases_each_keep_their_own_record()
    {
        _w.Recorded("ushadow", 7, "blue");

        var results = await _w.RunTogether(() => _w.Start("gold", 2, mode: "isolated"), () => _w.Start("red", 5, mode: "isolated"));

        Assert.All(results, r => Assert.Equal(("up", 0), (r.Last, r.ExitCode)));
        Assert.Equal(2, _w.DelegateRuns.Length);
        Assert.Equal(2, _w.Record("ushadow_gold")!["schema_version"]!.GetValue<long>());
        Assert.Equal(5, _w.Record("ushadow_red")!["schema_version"]!.GetValue<long>());
        Assert.Equal(7, _w.Record("ushadow")!["schema_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Without_a_registry_the_app_skips_the_migration_with_one_log_line()
    {
        var missing = Path.Combine(_w.Folder, "no-state");

        var results = await _w.RunTogether(() => _w.Start("gold", 4, stateDirectory: missing));

        Assert.Equal(("up", 0), (results[0].Last, results[0].ExitCode));
        Assert.Single(results[0].Output.Split('\n'), line => line.Contains("no environment registry at " + Path.Combine(missing, "environments.json"), StringComparison.Ordinal));
        Assert.Empty(_w.DelegateRuns);
        Assert.False(Directory.Exists(missing));
    }

    public void Dispose() => _w.Dispose();
}
