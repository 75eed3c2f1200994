using System.Text.Json.Nodes;
using Ushadow.Core.Inputs;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared.Runtime;
using Ushadow.Core.Tests.Registry;
using Ushadow.Core.Tests.Resolution;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Schema;

/// <summary>
/// <see cref="DatabaseStatus"/>, what <c>ushadow db status</c> prints, over both stores: a migration is running while
/// its lock (file) or lease (team server) is held, and interrupted when it is not.
/// </summary>
public class DatabaseStatusTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static SchemaMigration Migration(string environment) => new(environment, "m2", 4242, 4, At.AddHours(1));

    [Fact]
    public void The_file_registry_gives_each_database_its_record_its_environments_and_whether_its_migration_still_runs()
    {
        using var world = new ProvisionWorld();
        foreach (var (name, mode, version) in new[] { ("blue", "shared", "3"), ("gold", "shared", "4"), ("red", "isolated", "2") })
        {
            world.Root = Path.Combine(world.Path, name);
            Directory.CreateDirectory(world.Root);
            world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = name, ["DATABASE_MODE"] = mode }, new BuildProperties { SchemaVersion = version });
        }
        var document = (JsonObject)JsonNode.Parse(File.ReadAllText(world.RegistryFile))!;
        SchemaRecordJson.Write(document, new SchemaRecord("ushadow", 3, "blue", "m1", At, Migration("gold")));
        SchemaRecordJson.Write(document, new SchemaRecord("ushadow_red", 1, "red", "m1", At, Migration("red")));
        File.WriteAllText(world.RegistryFile, SchemaRecordJson.FormatDocument(document));
        var before = world.Snapshot();

        var lockPath = SchemaRecordJson.MigrationLockPath(world.StateDirectory, "ushadow_red");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        IReadOnlyList<DatabaseStatus> rows;
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var store = new FileRegistryStore(world.StateDirectory);
            rows = DatabaseStatus.Of(store, store.ReadSnapshot().Environments);
        }

        Assert.Equal(["ushadow", "ushadow_red"], rows.Select(r => r.Database));
        var shared = rows[0];
        Assert.Equal(DatabaseMode.Shared, shared.Mode);
        Assert.Equal((3L, "blue", "m1"), (shared.Record.Version, shared.Record.Environment, shared.Record.Host));
        Assert.False(shared.Migration!.Running); // nobody holds its lock: the migrator is gone
        Assert.Equal([("blue", 3L), ("gold", 4L)], shared.Environments.Select(e => (e.Name, e.DeclaredSchemaVersion!.Value)));
        var isolated = rows[1];
        Assert.Equal(DatabaseMode.Isolated, isolated.Mode);
        Assert.True(isolated.Migration!.Running);
        Assert.Equal(["red"], isolated.Environments.Select(e => e.Name));
        // Reading changed nothing (the lock file is the test's own).
        HandEditTests.AssertUnchanged(before, world.Snapshot());
    }

    [Fact]
    public void The_team_registry_gives_its_records_and_calls_a_migration_running_only_while_its_lease_exists()
    {
        using var server = RedisServer.Start(new() { Databases = 16 });
        using var folder = new TempStateFolder();
        var store = (RedisRegistryStore)RegistryStores.For(server.Url, "test", folder.StateDirectory, 16, "m1");
        using (var connection = server.Connect())
        {
            var database = connection.GetDatabase(store.Database);
            database.HashSet(SchemaRecordJson.TeamSchemasKey, "ushadow", SchemaRecordJson.RecordText(new SchemaRecord("ushadow", 3, "blue", "m1", At, Migration("gold")), null));
            database.HashSet(SchemaRecordJson.TeamSchemasKey, "ushadow_red", SchemaRecordJson.RecordText(new SchemaRecord("ushadow_red", 1, "red", "m1", At, Migration("red")), null));
            database.StringSet(SchemaRecordJson.TeamLeaseKey("ushadow_red"), "7", TimeSpan.FromMinutes(1));
        }

        var rows = DatabaseStatus.Of(store, []);

        Assert.Equal(["ushadow", "ushadow_red"], rows.Select(r => r.Database));
        Assert.Equal(3, rows[0].Record.Version);
        Assert.False(rows[0].Migration!.Running);
        Assert.True(rows[1].Migration!.Running);
        Assert.Equal("gold", rows[0].Migration!.Migration.Environment);
    }
}
