using System.Text.Json.Nodes;

namespace Ushadow.Build.Tests;

/// <summary>
/// <c>ushadow db status [--json]</c> (README, Schema changes in shared mode) over a registry file holding two databases:
/// the shared <c>ushadow</c> with an interrupted migration (the leftovers of a SIGKILLed migrator: an <c>in_progress</c>
/// whose lock nobody holds) and the isolated <c>ushadow_red</c> with a migration running (its lock held).
/// </summary>
public sealed class DbStatusToolTests : IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);
    private readonly UshadowTool _tool = UshadowTool.Instance;

    public void Dispose() => _world.Dispose();

    private static string Entry(string name, string mode, string database, int redis, long? declared) => $$"""
        "ushadow/{{name}}": { "app": "ushadow", "name": "{{name}}", "root": "/srv/{{name}}", "redis_database": {{redis}}, "database_mode": "{{mode}}",
          "mongodb_database": "{{database}}", "port_offset": {{redis * 10}}, {{(declared is { } d ? $"\"declared_schema_version\": {d}," : "")}}
          "updated_at": "2026-12-07T10:00:00Z", "env_file": {}, "sources": {} }
        """;

    private void WriteRegistry()
    {
        Directory.CreateDirectory(_world.LauncherDirectory);
        File.WriteAllText(_world.RegistryFile, $$"""
            { "version": 2, "environments": {
              {{Entry("blue", "shared", "ushadow", 1, 3)}},
              {{Entry("gold", "shared", "ushadow", 2, 4)}},
              {{Entry("plain", "shared", "ushadow", 3, null)}},
              {{Entry("red", "isolated", "ushadow_red", 4, 2)}} },
              "schemas": {
                "ushadow": { "schema_version": 3, "migrated_by": { "environment": "blue", "host": "m1" }, "migrated_at": "2026-12-07T12:00:00Z",
                  "in_progress": { "environment": "gold", "host": "m2", "pid": 4242, "target_version": 4, "started_at": "2026-12-07T13:00:00Z" } },
                "ushadow_red": { "schema_version": 1, "migrated_by": { "environment": "red", "host": "m1" }, "migrated_at": "2026-12-07T11:00:00Z",
                  "in_progress": { "environment": "red", "host": "m1", "pid": 77, "target_version": 2, "started_at": "2026-12-07T13:30:00Z" } } } }
            """);
    }

    /// <summary>Holds the migration lock of <paramref name="database"/> as a running migrator does.</summary>
    private FileStream HoldMigrationLock(string database)
    {
        var path = Path.Combine(_world.LauncherDirectory, "schemas", database + ".lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
    }

    [Fact]
    public void The_json_form_is_an_array_of_databases_with_versions_migrations_and_declared_versions()
    {
        WriteRegistry();
        var before = File.ReadAllBytes(_world.RegistryFile);
        using var running = HoldMigrationLock("ushadow_red");

        var result = _tool.Run(_world, "", "db", "status", "--json");

        Assert.True(result.ExitCode == 0, result.Output);
        var expected = JsonNode.Parse("""
            [
              { "database": "ushadow", "mode": "shared", "schemaVersion": 3, "migratedBy": { "environment": "blue", "host": "m1" },
                "migratedAt": "2026-12-07T12:00:00Z",
                "inProgress": { "environment": "gold", "host": "m2", "pid": 4242, "targetVersion": 4, "startedAt": "2026-12-07T13:00:00Z", "state": "interrupted" },
                "environments": [ { "name": "blue", "declaredVersion": 3 }, { "name": "gold", "declaredVersion": 4 }, { "name": "plain", "declaredVersion": null } ] },
              { "database": "ushadow_red", "mode": "isolated", "schemaVersion": 1, "migratedBy": { "environment": "red", "host": "m1" },
                "migratedAt": "2026-12-07T11:00:00Z",
                "inProgress": { "environment": "red", "host": "m1", "pid": 77, "targetVersion": 2, "startedAt": "2026-12-07T13:30:00Z", "state": "running" },
                "environments": [ { "name": "red", "declaredVersion": 2 } ] }
            ]
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.StandardOutput)), result.StandardOutput);
        Assert.Equal(before, File.ReadAllBytes(_world.RegistryFile));
    }

    [Fact]
    public void The_table_shows_each_database_its_version_who_migrated_it_a_migration_in_progress_and_its_environments()
    {
        WriteRegistry();
        using var running = HoldMigrationLock("ushadow_red");

        var result = _tool.Run(_world, "", "db", "status");

        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.StandardOutput.Split('\n');
        Assert.Matches(@"^DATABASE\s+MODE\s+VERSION\s+MIGRATED BY\s+MIGRATED AT\s+IN PROGRESS\s+ENVIRONMENTS \(DECLARED\)\s*$", lines[0]);
        var shared = Assert.Single(lines, l => l.StartsWith("ushadow ", StringComparison.Ordinal));
        Assert.Matches(@"^ushadow\s+shared\s+3\s+blue on m1\s+2026-12-07 12:00\s+gold on m2 to 4 since 13:00:00 \(interrupted: its process is gone\)\s+blue \(3\), gold \(4\), plain \(-\)\s*$", shared);
        var isolated = Assert.Single(lines, l => l.StartsWith("ushadow_red ", StringComparison.Ordinal));
        Assert.Matches(@"^ushadow_red\s+isolated\s+1\s+red on m1\s+2026-12-07 11:00\s+red on m1 to 2 since 13:30:00 \(running\)\s+red \(2\)\s*$", isolated);
    }

    [Fact]
    public void A_registry_without_schema_records_shows_its_databases_with_nothing_recorded()
    {
        Directory.CreateDirectory(_world.LauncherDirectory);
        File.WriteAllText(_world.RegistryFile, $$"""{ "version": 2, "environments": { {{Entry("blue", "shared", "ushadow", 1, null)}} } }""");

        var result = _tool.Run(_world, "", "db", "status", "--json");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[ { "database": "ushadow", "mode": "shared", "schemaVersion": null, "migratedBy": null, "migratedAt": null, "inProgress": null, "environments": [ { "name": "blue", "declaredVersion": null } ] } ]"""),
            JsonNode.Parse(result.StandardOutput)), result.StandardOutput);
    }
}
