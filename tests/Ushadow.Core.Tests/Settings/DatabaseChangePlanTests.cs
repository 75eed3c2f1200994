using System.Text.Json.Nodes;
using Ushadow.Core.Launcher;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Tests.Settings;

public class DatabaseChangePlanTests
{
    private static LauncherSettings Settings(string json) => LauncherSettings.Parse(json, "/home/u/.config/ushadow-launcher/settings.json");

    private static RegisteredEnvironment Entry(string name, DatabaseMode mode, string database, string app = "ushadow", Dictionary<string, SettingLayer>? sources = null) =>
        new(name, "/work/" + name, name.Length, mode, database, DateTimeOffset.UnixEpoch, new Dictionary<string, string>())
        {
            AppName = app,
            Sources = sources ?? [],
        };

    [Fact]
    public void Shared_to_isolated_moves_every_environment_to_its_own_empty_database()
    {
        var plan = DatabaseChangePlan.For(
            [Entry("gold", DatabaseMode.Shared, "ushadow"), Entry("blue", DatabaseMode.Shared, "ushadow")],
            Settings("{}"), Settings("""{"database_mode": "isolated"}"""));

        Assert.Equal(
            [("blue", "ushadow", "ushadow_blue"), ("gold", "ushadow", "ushadow_gold")],
            plan.Changes.Select(c => (c.Environment.Name, c.FromDatabase, c.ToDatabase)).ToList());
        Assert.Contains("'ushadow_gold' starts empty", plan.Changes[1].Consequence, StringComparison.Ordinal);
        Assert.Equal("mongodump --db=ushadow --archive | mongorestore --archive --nsFrom='ushadow.*' --nsTo='ushadow_gold.*'", plan.Changes[1].CopyCommand);
    }

    [Fact]
    public void Isolated_to_shared_leaves_the_own_database_behind_unused()
    {
        var plan = DatabaseChangePlan.For(
            [Entry("gold", DatabaseMode.Isolated, "ushadow_gold")],
            Settings("""{"database_mode": "isolated"}"""), Settings("""{"database_mode": "shared", "shared_database_name": "team"}"""));

        var change = Assert.Single(plan.Changes);
        Assert.Equal(("ushadow_gold", "team"), (change.FromDatabase, change.ToDatabase));
        Assert.Contains("'ushadow_gold' stays behind, unused", change.Consequence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_per_environment_override_wins_over_the_global_value()
    {
        var plan = DatabaseChangePlan.For(
            [Entry("gold", DatabaseMode.Shared, "ushadow"), Entry("blue", DatabaseMode.Isolated, "ushadow_blue")],
            Settings("""{"environments": {"Blue": {"database_mode": "isolated"}}}"""),
            Settings("""{"database_mode": "isolated", "environments": {"Blue": {"database_mode": "isolated"}}}"""));

        Assert.Equal(["gold"], plan.Changes.Select(c => c.Environment.Name));
    }

    [Fact]
    public void The_app_name_and_the_app_named_environment_follow_the_naming_rule()
    {
        var plan = DatabaseChangePlan.For(
            [Entry("shop", DatabaseMode.Shared, "ushadow", app: "shop"), Entry("red", DatabaseMode.Shared, "ushadow", app: "shop")],
            Settings("{}"), Settings("""{"database_mode": "isolated"}"""));

        Assert.Equal([("red", "shop_red"), ("shop", "shop")], plan.Changes.Select(c => (c.Environment.Name, c.ToDatabase)).ToList());
    }

    [Fact]
    public void A_shared_name_change_moves_only_shared_environments()
    {
        var plan = DatabaseChangePlan.For(
            [Entry("gold", DatabaseMode.Shared, "ushadow"), Entry("blue", DatabaseMode.Isolated, "ushadow_blue")],
            Settings("""{"environments": {"blue": {"database_mode": "isolated"}}}"""),
            Settings("""{"shared_database_name": "team", "environments": {"blue": {"database_mode": "isolated"}}}"""));

        var change = Assert.Single(plan.Changes);
        Assert.Equal(("gold", "team"), (change.Environment.Name, change.ToDatabase));
    }

    [Theory]
    [InlineData(nameof(SettingLayer.EnvironmentVariable))]
    [InlineData(nameof(SettingLayer.MSBuildProperty))]
    [InlineData(nameof(SettingLayer.EnvFileEdit))]
    public void A_mode_settled_above_the_launcher_is_not_affected(string name)
    {
        var layer = Enum.Parse<SettingLayer>(name);
        var plan = DatabaseChangePlan.For(
            [Entry("gold", DatabaseMode.Shared, "ushadow", sources: new() { [ResolvedValueCatalogue.DatabaseMode] = layer })],
            Settings("{}"), Settings("""{"database_mode": "isolated"}"""));

        Assert.Empty(plan.Changes);
        var settled = Assert.Single(plan.Unaffected);
        Assert.Equal((ResolvedValueCatalogue.DatabaseMode, layer), (settled.Key, settled.Layer));
    }

    [Fact]
    public void A_launcher_decided_source_is_affected_like_an_empty_one()
    {
        var plan = DatabaseChangePlan.For(
            [Entry("gold", DatabaseMode.Shared, "ushadow", sources: new() { [ResolvedValueCatalogue.DatabaseMode] = SettingLayer.LauncherGlobal })],
            Settings("{}"), Settings("""{"database_mode": "isolated"}"""));

        Assert.Single(plan.Changes);
    }

    [Fact]
    public void An_environment_already_on_the_new_database_does_not_move()
    {
        var plan = DatabaseChangePlan.For(
            [Entry("gold", DatabaseMode.Isolated, "ushadow_gold")],
            Settings("{}"), Settings("""{"database_mode": "isolated"}"""));

        Assert.Empty(plan.Changes);
        Assert.Empty(plan.Unaffected);
    }

    [Fact]
    public void A_change_that_does_not_concern_an_environment_lists_nothing()
    {
        var plan = DatabaseChangePlan.For(
            [Entry("gold", DatabaseMode.Shared, "ushadow")],
            Settings("{}"), Settings(new JsonObject { ["environments"] = new JsonObject { ["blue"] = new JsonObject { ["database_mode"] = "isolated" } } }.ToJsonString()));

        Assert.False(plan.AffectsAny);
        Assert.Empty(plan.Unaffected);
    }
}
