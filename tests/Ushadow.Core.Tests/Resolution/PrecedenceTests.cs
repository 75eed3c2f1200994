using System.Text.Json.Nodes;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// The precedence (README, Settings): environment variable &gt; MSBuild property &gt; launcher environment entry &gt;
/// launcher top level &gt; default.
/// </summary>
public class PrecedenceTests
{
    public enum Layer { Variable, Property, LauncherEnvironment, LauncherGlobal }

    /// <summary>The values of one setting at each layer, turned into a request.</summary>
    private sealed class Layers(ProvisionWorld world, string variable, string launcherKey, Func<BuildProperties, string, BuildProperties> property)
    {
        private readonly Dictionary<string, string> _variables = new() { [VariableNames.EnvName] = "gold" };
        private BuildProperties _properties = new();
        private readonly JsonObject _launcher = new();

        public Layers Set(Layer layer, string value)
        {
            switch (layer)
            {
                case Layer.Variable:
                    _variables[variable] = value;
                    break;
                case Layer.Property:
                    _properties = property(_properties, value);
                    break;
                case Layer.LauncherEnvironment:
                    _launcher["environments"] = new JsonObject { ["gold"] = new JsonObject { [launcherKey] = value } };
                    break;
                case Layer.LauncherGlobal:
                    _launcher[launcherKey] = value;
                    break;
            }
            return this;
        }

        public ProvisionResult Provision()
        {
            world.WriteLauncher(_launcher.ToJsonString());
            return world.Provision(_variables, _properties);
        }
    }

    private static Layers ModeLayers(ProvisionWorld world) =>
        new(world, VariableNames.DatabaseMode, "database_mode", (p, v) => p with { DatabaseMode = v });

    private static Layers SharedNameLayers(ProvisionWorld world) =>
        new(world, VariableNames.SharedDatabaseName, "shared_database_name", (p, v) => p with { SharedDatabaseName = v });

    private static string ExpectedOrigin(ProvisionWorld world, Layer layer, string variable, string property, string launcherKey) => layer switch
    {
        Layer.Variable => variable,
        Layer.Property => property,
        Layer.LauncherEnvironment => $"{world.LauncherFile} (environments.gold.{launcherKey})",
        _ => $"{world.LauncherFile} ({launcherKey})",
    };

    private static string ExpectedText(ProvisionWorld world, Layer layer, string variable, string property, string launcherKey) => layer switch
    {
        Layer.Variable => $"environment variable {variable}",
        Layer.Property => $"MSBuild property {property}",
        _ => $"launcher settings {ExpectedOrigin(world, layer, variable, property, launcherKey)}",
    };

    private static SettingLayer Expected(Layer layer) => layer switch
    {
        Layer.Variable => SettingLayer.EnvironmentVariable,
        Layer.Property => SettingLayer.MSBuildProperty,
        Layer.LauncherEnvironment => SettingLayer.LauncherEnvironment,
        _ => SettingLayer.LauncherGlobal,
    };

    [Theory]
    [InlineData(Layer.Variable, "isolated", "shared")]
    [InlineData(Layer.Variable, "shared", "isolated")]
    [InlineData(Layer.Property, "isolated", "shared")]
    [InlineData(Layer.Property, "shared", "isolated")]
    [InlineData(Layer.LauncherEnvironment, "isolated", "shared")]
    [InlineData(Layer.LauncherEnvironment, "shared", "isolated")]
    [InlineData(Layer.LauncherGlobal, "isolated", "shared")]
    public void Each_layer_of_DATABASE_MODE_beats_every_layer_below_and_is_named_in_the_provenance(Layer winner, string value, string below)
    {
        using var world = new ProvisionWorld();
        var layers = ModeLayers(world);
        foreach (var lower in Enum.GetValues<Layer>().Where(l => l > winner))
        {
            layers.Set(lower, below);
        }
        layers.Set(winner, value);

        var mode = layers.Provision().Environment.DatabaseMode;

        Assert.Equal(value, mode.Value.ToText());
        Assert.Equal(Expected(winner), mode.From.Layer);
        Assert.Equal(ExpectedOrigin(world, winner, "DATABASE_MODE", "UshadowDatabaseMode", "database_mode"), mode.From.Origin);
        Assert.Equal(ExpectedText(world, winner, "DATABASE_MODE", "UshadowDatabaseMode", "database_mode"), mode.From.ToString());
        Assert.Equal(value, world.EnvValue("DATABASE_MODE"));
    }

    [Fact]
    public void DATABASE_MODE_defaults_to_shared_with_default_provenance()
    {
        using var world = new ProvisionWorld();

        var mode = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "gold" }).Environment.DatabaseMode;

        Assert.Equal(DatabaseMode.Shared, mode.Value);
        Assert.Equal(SettingLayer.Default, mode.From.Layer);
        Assert.Equal("default", mode.From.ToString());
        Assert.EndsWith("(default)", mode.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DATABASE_MODE_is_read_case_insensitively()
    {
        using var world = new ProvisionWorld();

        var result = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "gold", ["DATABASE_MODE"] = " Isolated " });

        Assert.Equal(DatabaseMode.Isolated, result.Environment.DatabaseMode.Value);
        Assert.Equal("isolated", world.EnvValue("DATABASE_MODE"));
    }

    [Theory]
    [InlineData(Layer.Variable)]
    [InlineData(Layer.Property)]
    [InlineData(Layer.LauncherEnvironment)]
    [InlineData(Layer.LauncherGlobal)]
    public void An_invalid_DATABASE_MODE_is_USH1001_naming_its_source(Layer layer)
    {
        using var world = new ProvisionWorld();

        var error = Assert.Throws<UshadowException>(() => ModeLayers(world).Set(layer, "both").Provision()).Diagnostic;

        Assert.Equal("USH1001", error.Code);
        Assert.Contains("'both'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ExpectedText(world, layer, "DATABASE_MODE", "UshadowDatabaseMode", "database_mode"), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(world.EnvFile));
    }

    [Theory]
    [InlineData(Layer.Variable)]
    [InlineData(Layer.Property)]
    [InlineData(Layer.LauncherEnvironment)]
    [InlineData(Layer.LauncherGlobal)]
    public void Each_layer_of_SHARED_DATABASE_NAME_beats_every_layer_below_and_is_named_in_the_provenance(Layer winner)
    {
        using var world = new ProvisionWorld();
        var layers = SharedNameLayers(world);
        foreach (var lower in Enum.GetValues<Layer>().Where(l => l > winner))
        {
            layers.Set(lower, $"db_{lower}".ToLowerInvariant());
        }
        layers.Set(winner, "winner_db");

        var environment = layers.Provision().Environment;

        Assert.Equal("winner_db", environment.SharedDatabaseName.Value);
        Assert.Equal(Expected(winner), environment.SharedDatabaseName.From.Layer);
        Assert.Equal(ExpectedOrigin(world, winner, "SHARED_DATABASE_NAME", "UshadowSharedDatabaseName", "shared_database_name"), environment.SharedDatabaseName.From.Origin);
        Assert.Equal(ExpectedText(world, winner, "SHARED_DATABASE_NAME", "UshadowSharedDatabaseName", "shared_database_name"), environment.SharedDatabaseName.From.ToString());
        // Shared mode uses it, and says where it came from.
        Assert.Equal("winner_db", environment.MongoDatabase.Value);
        Assert.Contains(environment.SharedDatabaseName.From.ToString(), environment.MongoDatabase.From.ToString(), StringComparison.Ordinal);
        Assert.Equal("winner_db", world.EnvValue("MONGODB_DATABASE"));
    }

    [Fact]
    public void SHARED_DATABASE_NAME_defaults_to_ushadow()
    {
        using var world = new ProvisionWorld();

        var shared = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "gold" }).Environment.SharedDatabaseName;

        Assert.Equal("ushadow", shared.Value);
        Assert.Equal(SettingLayer.Default, shared.From.Layer);
    }

    [Fact]
    public void Empty_variables_and_properties_count_as_unset()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "database_mode": "isolated", "shared_database_name": "from_launcher" }""");

        var environment = world.Provision(
            new Dictionary<string, string> { ["ENV_NAME"] = "gold", ["DATABASE_MODE"] = "", ["SHARED_DATABASE_NAME"] = "" },
            new BuildProperties { DatabaseMode = "  ", SharedDatabaseName = "" }).Environment;

        Assert.Equal(SettingLayer.LauncherGlobal, environment.DatabaseMode.From.Layer);
        Assert.Equal("from_launcher", environment.SharedDatabaseName.Value);
    }

    [Fact]
    public void A_launcher_entry_of_another_environment_does_not_apply()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "environments": { "blue": { "database_mode": "isolated" } } }""");

        var mode = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "gold" }).Environment.DatabaseMode;

        Assert.Equal(DatabaseMode.Shared, mode.Value);
        Assert.Equal(SettingLayer.Default, mode.From.Layer);
    }

    [Fact]
    public void A_launcher_entry_written_with_capitals_applies_to_the_folded_name()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "environments": { "Gold": { "database_mode": "isolated" } } }""");

        var mode = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "GOLD" }).Environment.DatabaseMode;

        Assert.Equal(DatabaseMode.Isolated, mode.Value);
        Assert.Equal(SettingLayer.LauncherEnvironment, mode.From.Layer);
    }
}
