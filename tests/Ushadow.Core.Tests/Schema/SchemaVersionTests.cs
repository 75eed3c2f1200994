using System.Text.Json.Nodes;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using Ushadow.Core.Shared.Runtime;
using Ushadow.Core.Tests.Resolution;

namespace Ushadow.Core.Tests.Schema;

/// <summary>
/// The declared and recorded schema versions at build time (README, Schema changes in shared mode): the property's
/// rule, the version each entry keeps, the records of <c>environments.json</c>, and the warning and message a build gives.
/// </summary>
public class SchemaVersionTests
{
    private static readonly DateTimeOffset MigratedAt = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static BuildProperties Declaring(string? version) => new() { SchemaVersion = version };

    private static Dictionary<string, string> Env(string name, string? mode = null)
    {
        var variables = new Dictionary<string, string> { ["ENV_NAME"] = name };
        if (mode is not null)
        {
            variables["DATABASE_MODE"] = mode;
        }
        return variables;
    }

    /// <summary>Provisions environment <paramref name="name"/> from its own root folder in <paramref name="world"/>.</summary>
    private static ProvisionResult Build(ProvisionWorld world, string name, string? version, string? mode = null, bool writeFiles = true)
    {
        world.Root = Path.Combine(world.Path, name);
        Directory.CreateDirectory(world.Root);
        return world.Provision(Env(name, mode), Declaring(version), writeFiles);
    }

    /// <summary>Records <paramref name="record"/> in the world's registry file, as the run time does.</summary>
    private static void Record(ProvisionWorld world, SchemaRecord record)
    {
        var document = (JsonObject)JsonNode.Parse(File.ReadAllText(world.RegistryFile))!;
        SchemaRecordJson.Write(document, record);
        File.WriteAllText(world.RegistryFile, SchemaRecordJson.FormatDocument(document));
    }

    private static IEnumerable<UshadowDiagnostic> Coded(ProvisionResult result, string code) => result.Diagnostics.Where(d => d.Code == code);

    [Theory]
    [InlineData("-1")]
    [InlineData("3.5")]
    [InlineData("three")]
    [InlineData("9223372036854775808")]
    public void A_schema_version_that_is_not_a_64_bit_whole_number_is_refused_before_any_file_is_touched(string version)
    {
        using var world = new ProvisionWorld();
        var before = world.Snapshot();

        var refused = world.Refused(ProvisionWorld.Gold(), Declaring(version));

        Assert.Equal(DiagnosticCodes.InvalidSchemaVersion, refused.Code);
        Assert.Contains($"UshadowSchemaVersion '{version}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("whole number from 0 to 9223372036854775807", refused.Message, StringComparison.Ordinal);
        HandEditTests.AssertUnchanged(before, world.Snapshot());
        Assert.False(Directory.Exists(world.StateDirectory));
    }

    [Fact]
    public void The_registry_entry_keeps_the_declared_version_and_an_entry_without_one_has_no_field()
    {
        using var world = new ProvisionWorld();
        Build(world, "gold", "202612071200");
        Build(world, "blue", null);

        var entries = (JsonObject)JsonNode.Parse(File.ReadAllText(world.RegistryFile))!["environments"]!;
        Assert.Equal(202612071200L, entries["ushadow/gold"]!["declared_schema_version"]!.GetValue<long>());
        Assert.False(((JsonObject)entries["ushadow/blue"]!).ContainsKey("declared_schema_version"));
        Assert.Equal(202612071200L, EnvironmentRegistry.ReadSnapshot(world.StateDirectory).Single(e => e.Name == "gold").DeclaredSchemaVersion);

        // A new declaration is a real change of the entry; the same one is not.
        Build(world, "gold", "202612071300");
        Assert.Equal(202612071300L, EnvironmentRegistry.ReadSnapshot(world.StateDirectory).Single(e => e.Name == "gold").DeclaredSchemaVersion);
    }

    [Fact]
    public void The_quick_reader_and_the_tree_agree_on_declared_versions_and_both_keep_the_schema_records()
    {
        using var world = new ProvisionWorld();
        Build(world, "gold", "3");
        Record(world, new SchemaRecord("ushadow", 3, "gold", "m1", MigratedAt, null));
        var text = File.ReadAllText(world.RegistryFile);

        Assert.True(RegistryJson.TryReadEnvironments(text, out var quick));
        var tree = RegistryJson.ReadTree(world.RegistryFile, text);
        Assert.Equal(3L, quick.Single().DeclaredSchemaVersion);
        Assert.Equal(3L, tree.Environments.Single().DeclaredSchemaVersion);

        // A build that rewrites the registry (here: another environment) keeps the records it does not own.
        Build(world, "blue", null);
        var record = Assert.Single(Ushadow.Core.Schema.SchemaRegistry.ReadFile(world.RegistryFile)).Value;
        Assert.Equal(new SchemaRecord("ushadow", 3, "gold", "m1", MigratedAt, null), record);
    }

    [Fact]
    public void A_registry_written_without_schema_fields_reads_as_before()
    {
        using var world = new ProvisionWorld();
        Build(world, "gold", null);
        var text = File.ReadAllText(world.RegistryFile);
        Assert.DoesNotContain("schema", text, StringComparison.Ordinal);

        Assert.Empty(Ushadow.Core.Schema.SchemaRegistry.ReadFile(world.RegistryFile));
        Assert.Null(EnvironmentRegistry.ReadSnapshot(world.StateDirectory).Single().DeclaredSchemaVersion);
    }

    [Fact]
    public void Code_behind_the_shared_database_is_warned_naming_the_database_the_version_who_and_when()
    {
        using var world = new ProvisionWorld();
        Build(world, "blue", "3");
        Record(world, new SchemaRecord("ushadow", 3, "blue", "m1", MigratedAt, null));

        var gold = Build(world, "gold", "2");

        var warning = Assert.Single(Coded(gold, DiagnosticCodes.SchemaBehindDatabase));
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("UshadowSchemaVersion 2", warning.Message, StringComparison.Ordinal);
        Assert.Contains("MongoDB database 'ushadow'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("recorded at schema version 3", warning.Message, StringComparison.Ordinal);
        Assert.Contains("environment 'blue' on host 'm1' at 2026-12-07T12:00:00Z", warning.Message, StringComparison.Ordinal);
        Assert.Contains("DATABASE_MODE=isolated", warning.Message, StringComparison.Ordinal);
        Assert.Empty(Coded(gold, DiagnosticCodes.SchemaAheadOfSharedDatabase));
    }

    [Fact]
    public void Code_ahead_of_the_shared_database_is_told_which_environments_use_it_and_the_isolated_first_pattern()
    {
        using var world = new ProvisionWorld();
        Build(world, "blue", "3");
        Record(world, new SchemaRecord("ushadow", 3, "blue", "m1", MigratedAt, null));

        var gold = Build(world, "gold", "4");

        var message = Assert.Single(Coded(gold, DiagnosticCodes.SchemaAheadOfSharedDatabase));
        Assert.Equal(DiagnosticSeverity.Message, message.Severity);
        Assert.Contains("UshadowSchemaVersion 4 is ahead of the shared MongoDB database 'ushadow' (recorded at 3", message.Message, StringComparison.Ordinal);
        Assert.Contains("'blue' (declares 3) use it too", message.Message, StringComparison.Ordinal);
        Assert.Contains("ushadow env create <name> --mode isolated", message.Message, StringComparison.Ordinal);
        Assert.Empty(Coded(gold, DiagnosticCodes.SchemaBehindDatabase));
    }

    [Fact]
    public void The_first_environment_of_a_database_ahead_of_it_hears_nothing_as_it_migrates_only_its_own()
    {
        using var world = new ProvisionWorld();

        var blue = Build(world, "blue", "3");

        Assert.DoesNotContain(blue.Diagnostics, d => d.Code.StartsWith("USH201", StringComparison.Ordinal));
    }

    [Fact]
    public void Code_at_the_recorded_version_and_projects_without_a_version_hear_nothing()
    {
        using var world = new ProvisionWorld();
        Build(world, "blue", "3");
        Record(world, new SchemaRecord("ushadow", 3, "blue", "m1", MigratedAt, null));

        var same = Build(world, "gold", "3");
        var none = Build(world, "red", null);

        Assert.DoesNotContain(same.Diagnostics.Concat(none.Diagnostics), d => d.Code.StartsWith("USH201", StringComparison.Ordinal));
    }

    [Fact]
    public void Isolated_databases_keep_their_own_record_and_moving_ahead_of_one_is_no_news_to_others()
    {
        using var world = new ProvisionWorld();
        Build(world, "blue", "3");
        Record(world, new SchemaRecord("ushadow", 5, "blue", "m1", MigratedAt, null));
        Record(world, new SchemaRecord("ushadow_gold", 1, "gold", "m1", MigratedAt, null));

        // gold in isolated mode is measured against ushadow_gold (1), not the shared ushadow (5).
        var isolated = Build(world, "gold", "2", mode: "isolated");
        Assert.DoesNotContain(isolated.Diagnostics, d => d.Code.StartsWith("USH201", StringComparison.Ordinal));

        var behind = Build(world, "gold", "0", mode: "isolated");
        Assert.Contains("'ushadow_gold'", Assert.Single(Coded(behind, DiagnosticCodes.SchemaBehindDatabase)).Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DATABASE_MODE=isolated", Assert.Single(Coded(behind, DiagnosticCodes.SchemaBehindDatabase)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_design_time_run_gives_the_same_warning_and_writes_nothing()
    {
        using var world = new ProvisionWorld();
        Build(world, "blue", "3");
        Record(world, new SchemaRecord("ushadow", 3, "blue", "m1", MigratedAt, null));
        Build(world, "gold", "3");
        var before = world.Snapshot();

        var gold = Build(world, "gold", "2", writeFiles: false);

        Assert.Single(Coded(gold, DiagnosticCodes.SchemaBehindDatabase));
        HandEditTests.AssertUnchanged(before, world.Snapshot());
    }
}
