using System.Text.Json.Nodes;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// The setting <c>redis_isolation</c> (README, Redis at team scale) resolves through every layer like the database mode:
/// hand edit &gt; <c>REDIS_ISOLATION</c> &gt; <c>UshadowRedisIsolation</c> &gt; launcher entry &gt; launcher top level &gt; default.
/// </summary>
public class RedisIsolationSettingTests
{
    public enum Layer { Variable, Property, LauncherEnvironment, LauncherGlobal }

    private static readonly Dictionary<string, string> Gold = new() { [VariableNames.EnvName] = "gold" };

    /// <summary>Sets <paramref name="value"/> at <paramref name="layer"/> and <paramref name="below"/> at every lower layer, then builds.</summary>
    private static Resolved<RedisIsolation> Build(ProvisionWorld world, Layer layer, string value, string below)
    {
        var variables = new Dictionary<string, string>(Gold);
        var properties = new BuildProperties();
        var launcher = new JsonObject();
        foreach (var each in Enum.GetValues<Layer>().Where(l => l >= layer))
        {
            var text = each == layer ? value : below;
            switch (each)
            {
                case Layer.Variable: variables[VariableNames.RedisIsolation] = text; break;
                case Layer.Property: properties = properties with { RedisIsolation = text }; break;
                case Layer.LauncherEnvironment: launcher["environments"] = new JsonObject { ["gold"] = new JsonObject { ["redis_isolation"] = text } }; break;
                case Layer.LauncherGlobal: launcher["redis_isolation"] = text; break;
            }
        }
        world.WriteLauncher(launcher.ToJsonString());
        return world.Provision(variables, properties).Environment.RedisIsolation;
    }

    private static string Origin(ProvisionWorld world, Layer layer) => layer switch
    {
        Layer.Variable => "REDIS_ISOLATION",
        Layer.Property => "UshadowRedisIsolation",
        Layer.LauncherEnvironment => $"{world.LauncherFile} (environments.gold.redis_isolation)",
        _ => $"{world.LauncherFile} (redis_isolation)",
    };

    [Theory]
    [InlineData(Layer.Variable, "prefix", "database")]
    [InlineData(Layer.Variable, "database", "prefix")]
    [InlineData(Layer.Property, "prefix", "database")]
    [InlineData(Layer.Property, "database", "prefix")]
    [InlineData(Layer.LauncherEnvironment, "prefix", "database")]
    [InlineData(Layer.LauncherEnvironment, "database", "prefix")]
    [InlineData(Layer.LauncherGlobal, "prefix", "database")]
    public void Each_layer_of_REDIS_ISOLATION_beats_every_layer_below_and_is_named_in_the_provenance(Layer winner, string value, string below)
    {
        using var world = new ProvisionWorld();

        var isolation = Build(world, winner, value, below);

        Assert.Equal(value, isolation.Value.ToText());
        Assert.Equal(Origin(world, winner), isolation.From.Origin);
        Assert.Equal(Enum.GetValues<Layer>().Count(l => l >= winner), isolation.Candidates.Count - 1); // every layer offered, plus the default
    }

    [Fact]
    public void REDIS_ISOLATION_defaults_to_database_and_an_environment_in_that_mode_gets_no_new_env_line()
    {
        using var world = new ProvisionWorld();

        var isolation = world.Provision(Gold).Environment.RedisIsolation;

        Assert.Equal(RedisIsolation.Database, isolation.Value);
        Assert.Equal(SettingLayer.Default, isolation.From.Layer);
        Assert.Null(world.EnvValue("REDIS_ISOLATION"));
        Assert.DoesNotContain("REDIS_ISOLATION", File.ReadAllText(world.EnvFile), StringComparison.Ordinal);
        Assert.DoesNotContain("redis_isolation", File.ReadAllText(world.RegistryFile), StringComparison.Ordinal);
    }

    [Fact]
    public void Prefix_mode_is_written_to_env_and_recorded_in_the_registry_entry()
    {
        using var world = new ProvisionWorld();

        world.Provision(new Dictionary<string, string>(Gold) { [VariableNames.RedisIsolation] = " Prefix " });

        Assert.Equal("prefix", world.EnvValue("REDIS_ISOLATION"));
        var entry = JsonNode.Parse(File.ReadAllText(world.RegistryFile))!["environments"]!.AsObject().Single().Value!;
        Assert.Equal("prefix", (string?)entry["redis_isolation"]);
    }

    [Fact]
    public void A_hand_edit_of_REDIS_ISOLATION_wins_over_the_variable_and_deleting_it_hands_the_key_back()
    {
        using var world = new ProvisionWorld();
        var prefix = new Dictionary<string, string>(Gold) { [VariableNames.RedisIsolation] = "prefix" };
        world.Provision(prefix);
        world.EditEnv("REDIS_ISOLATION", "database");

        var edited = world.Provision(prefix).Environment.RedisIsolation;

        Assert.Equal(RedisIsolation.Database, edited.Value);
        Assert.Equal(SettingLayer.EnvFileEdit, edited.From.Layer);
        Assert.Equal("database", world.EnvValue("REDIS_ISOLATION"));

        world.EditEnv("REDIS_ISOLATION", null);
        var handedBack = world.Provision(prefix).Environment.RedisIsolation;

        Assert.Equal(RedisIsolation.Prefix, handedBack.Value);
        Assert.Equal(SettingLayer.EnvironmentVariable, handedBack.From.Layer);
        Assert.Equal("prefix", world.EnvValue("REDIS_ISOLATION"));
    }

    [Fact]
    public void Switching_back_to_database_mode_rewrites_the_line_the_package_wrote()
    {
        using var world = new ProvisionWorld();
        world.Provision(new Dictionary<string, string>(Gold) { [VariableNames.RedisIsolation] = "prefix" });

        world.Provision(Gold);

        Assert.Equal("database", world.EnvValue("REDIS_ISOLATION"));
    }

    [Theory]
    [InlineData(Layer.Variable)]
    [InlineData(Layer.Property)]
    [InlineData(Layer.LauncherEnvironment)]
    [InlineData(Layer.LauncherGlobal)]
    public void An_invalid_REDIS_ISOLATION_is_USH1070_naming_its_source_and_the_valid_values_before_any_file_is_written(Layer layer)
    {
        using var world = new ProvisionWorld();

        var error = Assert.Throws<UshadowException>(() => Build(world, layer, "cluster", "database")).Diagnostic;

        Assert.Equal("USH1070", error.Code);
        Assert.Contains("'cluster'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Origin(world, layer), error.Message, StringComparison.Ordinal);
        Assert.Contains("'database' or 'prefix'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(world.EnvFile));
        Assert.False(File.Exists(world.RegistryFile));
    }

    [Fact]
    public void An_invalid_hand_edit_of_REDIS_ISOLATION_is_USH1070_naming_the_env_file_and_leaves_it_as_it_was()
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold);
        File.AppendAllText(world.EnvFile, "REDIS_ISOLATION=keys\n");
        var before = world.Snapshot();

        var error = world.Refused(Gold);

        Assert.Equal("USH1070", error.Code);
        Assert.Contains(world.EnvFile, error.Message, StringComparison.Ordinal);
        Assert.Equal(world.EnvFile, error.File);
        Assert.Equal(before.Keys.Order(), world.Snapshot().Keys.Order());
        Assert.All(before, pair => Assert.Equal(pair.Value.Bytes, File.ReadAllBytes(pair.Key)));
    }
}
