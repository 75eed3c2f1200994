using Ushadow.Core.Launcher;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Tests.Settings;

/// <summary><c>ushadow settings set redis_isolation</c> names the environments it switches before anything changes.</summary>
public class RedisIsolationChangePlanTests
{
    private static LauncherSettings Settings(string json) => LauncherSettings.Parse(json, "/home/u/.config/ushadow-launcher/settings.json");

    private static RegisteredEnvironment Entry(string name, RedisIsolation isolation = RedisIsolation.Database, Dictionary<string, SettingLayer>? sources = null) =>
        new(name, "/work/" + name, name.Length, DatabaseMode.Shared, "ushadow", DateTimeOffset.UnixEpoch, new Dictionary<string, string>())
        {
            AppName = "shop",
            RedisIsolation = isolation,
            Sources = sources ?? [],
        };

    [Fact]
    public void Setting_prefix_globally_switches_every_environment_in_database_mode_and_says_its_keys_stay()
    {
        var plan = RedisIsolationChangePlan.For([Entry("gold"), Entry("blue"), Entry("red", RedisIsolation.Prefix)],
            Settings("{}"), Settings("""{"redis_isolation": "prefix"}"""));

        Assert.Equal([("blue", RedisIsolation.Database, RedisIsolation.Prefix), ("gold", RedisIsolation.Database, RedisIsolation.Prefix)],
            plan.Changes.Select(c => (c.Environment.Name, c.From, c.To)).ToList());
        Assert.Contains("its keys stay in Redis database 4", plan.Changes[1].Consequence, StringComparison.Ordinal);
        Assert.Contains("shop:gold:", plan.Changes[1].Consequence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_per_environment_override_switches_only_that_environment()
    {
        var plan = RedisIsolationChangePlan.For([Entry("gold"), Entry("blue")],
            Settings("{}"), Settings("""{"environments": {"blue": {"redis_isolation": "prefix"}}}"""));

        Assert.Equal("blue", Assert.Single(plan.Changes).Environment.Name);
    }

    [Fact]
    public void An_environment_whose_isolation_comes_from_above_the_launcher_is_named_as_not_affected()
    {
        var plan = RedisIsolationChangePlan.For(
            [Entry("gold", sources: new() { [ResolvedValueCatalogue.RedisIsolation] = SettingLayer.EnvironmentVariable })],
            Settings("{}"), Settings("""{"redis_isolation": "prefix"}"""));

        Assert.False(plan.AffectsAny);
        Assert.Equal(SettingLayer.EnvironmentVariable, Assert.Single(plan.Unaffected).Layer);
    }

    [Fact]
    public void The_tool_validates_redis_isolation_with_the_build_rule()
    {
        var origin = new Provenance(SettingLayer.LauncherGlobal, "settings.json redis_isolation");

        Assert.Equal("prefix", LauncherSettingKeys.Validate(LauncherSettingKeys.RedisIsolation, " PREFIX ", origin));
        var error = Assert.Throws<Diagnostics.UshadowException>(() => LauncherSettingKeys.Validate(LauncherSettingKeys.RedisIsolation, "keys", origin)).Diagnostic;
        Assert.Equal("USH1070", error.Code);
        Assert.Contains("settings.json redis_isolation", error.Message, StringComparison.Ordinal);
    }
}
