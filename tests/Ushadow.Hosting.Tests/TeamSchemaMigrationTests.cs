using System.Diagnostics;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Ushadow.TestSupport;

namespace Ushadow.HostingTests;

/// <summary>
/// <c>UshadowSchema.MigrateAsync</c> against a team registry on a real redis-server: the lease (<c>SET NX PX</c> with a
/// fencing token from <c>INCR</c>), its renewal and its expiry, from real app processes of two machines
/// (<c>USHADOW_HOST</c>). Each test uses its own registry database on the shared server.
/// </summary>
public sealed class TeamSchemaMigrationTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private static int NextDatabase = 1;

    private readonly SchemaProbeWorld _w = new();
    private readonly int _registryDatabase = Interlocked.Increment(ref NextDatabase);

    private string Registry => $"{redis.Url}/{_registryDatabase}";

    private IDatabase Server()
    {
        var connection = redis.Connect();
        return connection.GetDatabase(_registryDatabase);
    }

    private void Recorded(string database, long version, string environment) =>
        Server().HashSet("ushadow:registry:schemas", database,
            $$"""{"schema_version":{{version}},"migrated_by":{"environment":"{{environment}}","host":"m1"},"migrated_at":"2026-12-07T12:00:00Z","in_progress":null}""");

    private JsonObject Record(string database) => (JsonObject)JsonNode.Parse(Server().HashGet("ushadow:registry:schemas", database).ToString())!;

    private RunningProcess Start(string host, long version = 4, int delegateMilliseconds = 0, int? leaseMilliseconds = null) =>
        _w.Start("gold", version, delegateMilliseconds, host: host, registry: Registry, leaseMilliseconds: leaseMilliseconds);

    [Fact]
    public async Task Two_machines_with_three_apps_each_run_the_delegate_exactly_once_and_all_come_up()
    {
        Recorded("ushadow", 3, "blue");

        var results = await _w.RunTogether(
            [.. Enumerable.Range(0, 6).Select(i => (Func<RunningProcess>)(() => Start(i % 2 == 0 ? "laptop-a" : "laptop-b", delegateMilliseconds: 300)))]);

        foreach (var (outcome, exitCode, output) in results)
        {
            Assert.True(exitCode == 0 && outcome == "up", $"an app did not come up ({exitCode}):\n{output}");
        }
        Assert.EndsWith(" 3->4", Assert.Single(_w.DelegateRuns), StringComparison.Ordinal);
        var record = Record("ushadow");
        Assert.Equal(4, record["schema_version"]!.GetValue<long>());
        Assert.Contains(record["migrated_by"]!["host"]!.GetValue<string>(), new[] { "laptop-a", "laptop-b" });
        Assert.Null(record["in_progress"]);
        Assert.False(Server().KeyExists("ushadow:registry:schema-lease:ushadow"));
    }

    [Fact]
    public async Task A_killed_migrator_leaves_the_old_version_and_the_next_start_migrates_once_its_lease_expires()
    {
        const int Lease = 2000;
        Recorded("ushadow", 3, "blue");
        using (var migrator = Start("laptop-a", delegateMilliseconds: 600_000, leaseMilliseconds: Lease))
        {
            Assert.Equal("ready", await migrator.ReadLineAsync(SchemaProbeWorld.Bound));
            File.WriteAllText(_w.GoFile, "");
            Assert.Equal("migrating", await migrator.ReadLineAsync(SchemaProbeWorld.Bound));
            migrator.Kill(); // SIGKILL: the lease is not released, only no longer renewed
        }
        var killed = Stopwatch.StartNew();
        var left = Record("ushadow");
        Assert.Equal(3, left["schema_version"]!.GetValue<long>());
        Assert.Equal("laptop-a", left["in_progress"]!["host"]!.GetValue<string>());
        Assert.True(Server().KeyExists("ushadow:registry:schema-lease:ushadow"), "the dead migrator's lease is still there");

        using var next = Start("laptop-b", leaseMilliseconds: Lease);
        Assert.Equal("ready", await next.ReadLineAsync(SchemaProbeWorld.Bound));
        Assert.Equal("migrating", await next.ReadLineAsync(SchemaProbeWorld.Bound));
        var rerunAfter = killed.Elapsed;
        await next.Exited.WaitAsync(SchemaProbeWorld.Bound);

        // The bound: the lease time, plus one retry pause (at most 250 ms), plus the probe's start-up (about 1 s here).
        Assert.True(rerunAfter < TimeSpan.FromMilliseconds(Lease + 2500), $"the migration ran again {rerunAfter.TotalMilliseconds:0} ms after the kill");
        Assert.Equal(0, next.ExitCode);
        Assert.Equal(2, _w.DelegateRuns.Length);
        Assert.Equal(4, Record("ushadow")["schema_version"]!.GetValue<long>());
        Assert.Equal("laptop-b", Record("ushadow")["migrated_by"]!["host"]!.GetValue<string>());
        Assert.Null(Record("ushadow")["in_progress"]);
    }

    [Fact]
    public async Task A_delegate_that_runs_longer_than_the_lease_keeps_it()
    {
        // Renewed every 667 ms: a renewal would have to be late by more than 1.3 s for the lease to lapse.
        const int Lease = 2000;
        Recorded("ushadow", 3, "blue");
        using var first = Start("laptop-a", delegateMilliseconds: 4 * Lease, leaseMilliseconds: Lease);
        Assert.Equal("ready", await first.ReadLineAsync(SchemaProbeWorld.Bound));
        File.WriteAllText(_w.GoFile, "");
        Assert.Equal("migrating", await first.ReadLineAsync(SchemaProbeWorld.Bound));
        using var second = Start("laptop-b", leaseMilliseconds: Lease);

        await first.Exited.WaitAsync(SchemaProbeWorld.Bound);
        await second.Exited.WaitAsync(SchemaProbeWorld.Bound);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("up", second.StandardOutput.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Single(_w.DelegateRuns);
        Assert.Equal("laptop-a", Record("ushadow")["migrated_by"]!["host"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_migrator_whose_lease_was_taken_stops_and_cannot_record_its_version()
    {
        const int Lease = 2000;
        Recorded("ushadow", 3, "blue");
        using var migrator = Start("laptop-a", delegateMilliseconds: 10 * Lease, leaseMilliseconds: Lease);
        Assert.Equal("ready", await migrator.ReadLineAsync(SchemaProbeWorld.Bound));
        File.WriteAllText(_w.GoFile, "");
        Assert.Equal("migrating", await migrator.ReadLineAsync(SchemaProbeWorld.Bound));

        // As if its lease had expired while it stalled, and another process had taken it with a newer token.
        Server().StringSet("ushadow:registry:schema-lease:ushadow", "999999", TimeSpan.FromSeconds(30));
        await migrator.Exited.WaitAsync(SchemaProbeWorld.Bound);

        Assert.Contains("cancelled", migrator.StandardOutput.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Equal(3, Record("ushadow")["schema_version"]!.GetValue<long>());
        Assert.Equal("999999", Server().StringGet("ushadow:registry:schema-lease:ushadow").ToString());
    }

    public void Dispose() => _w.Dispose();
}
