using System.Text.Json.Nodes;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Planning;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using static Ushadow.Core.Tests.Resolution.ProvisionWorld;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>The plan resolves and validates without a lock or a write; apply re-checks under the lock and writes.</summary>
public class PlanApplyTests
{
    [Fact]
    public void A_plan_creates_no_file_folder_or_lock_file_anywhere()
    {
        using var world = new ProvisionWorld();
        var before = world.Snapshot();

        var plan = EnvironmentPlanner.Plan(world.Request(Gold(("DATABASE_MODE", "isolated"))));

        Assert.Equal("ushadow_gold", plan.Environment.MongoDatabase.Value);
        Assert.Contains("ENV_NAME=gold", plan.IntendedEnvFileText, StringComparison.Ordinal);
        Assert.False(Directory.Exists(world.StateDirectory));
        Assert.False(File.Exists(world.EnvFile));
        HandEditTests.AssertUnchanged(before, world.Snapshot());
        Assert.Equal(before.Keys.Order(), Directory.EnumerateFiles(world.Path, "*", SearchOption.AllDirectories).Order());
        Assert.Equal([world.Root], Directory.EnumerateDirectories(world.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_design_time_provision_of_a_built_environment_creates_nothing_either()
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        File.Delete(world.RegistryFile + ".lock");
        var before = world.Snapshot();

        world.Provision(Gold(("DATABASE_MODE", "isolated")), writeFiles: false);

        Assert.False(File.Exists(world.RegistryFile + ".lock"));
        HandEditTests.AssertUnchanged(before, world.Snapshot());
    }

    [Fact]
    public void Every_layer_that_offers_a_value_is_a_candidate_and_the_highest_wins()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "database_mode": "shared", "environments": { "gold": { "database_mode": "isolated" } } }""");

        var plan = EnvironmentPlanner.Plan(world.Request(Gold(("DATABASE_MODE", "isolated")), new BuildProperties { DatabaseMode = "shared" }));

        var mode = plan.Environment.Get("DATABASE_MODE");
        Assert.Equal("isolated", mode.Value);
        Assert.Equal(SettingLayer.EnvironmentVariable, mode.From.Layer);
        Assert.Equal(
            [SettingLayer.EnvironmentVariable, SettingLayer.MSBuildProperty, SettingLayer.LauncherEnvironment, SettingLayer.LauncherGlobal, SettingLayer.Default],
            mode.Candidates.Select(c => c.From.Layer));
        Assert.Equal(["isolated", "shared", "isolated", "shared", "shared"], mode.Candidates.Select(c => c.Value));
        Assert.Contains(world.LauncherFile + " (environments.gold.database_mode)", mode.Candidates[2].From.Origin, StringComparison.Ordinal);
        Assert.Equal(ResolvedValueCatalogue.All.Select(d => d.Key).Concat(["BACKEND_PORT", "WEBUI_PORT"]), plan.Environment.Values.Select(v => v.Key));
    }

    [Fact]
    public void Apply_rechecks_against_the_registry_as_it_is_now()
    {
        using var world = new ProvisionWorld();
        var plan = EnvironmentPlanner.Plan(world.Request(Gold(("PORT_OFFSET", "30"))));
        Assert.Equal(3, plan.Environment.RedisDatabase.Value);

        // Between the plan and its application another environment claims number 3.
        var blueRoot = System.IO.Path.Combine(world.Path, "blue");
        Directory.CreateDirectory(blueRoot);
        world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "blue", ["PORT_OFFSET"] = "30" }, projectDirectory: blueRoot);

        var applied = EnvironmentProvisioner.Apply(plan.Request);

        Assert.NotEqual(3, applied.Environment.RedisDatabase.Value);
        Assert.Equal(applied.Environment.RedisDatabase.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), world.EnvValue("REDIS_DATABASE"));
    }

    [Fact]
    public void Two_apps_on_one_machine_can_each_have_a_gold_with_their_own_databases()
    {
        using var world = new ProvisionWorld();
        var shopRoot = System.IO.Path.Combine(world.Path, "shop");
        Directory.CreateDirectory(shopRoot);

        var ushadow = world.Provision(Gold());
        var shop = world.Provision(Gold(), new BuildProperties { AppName = "shop" }, projectDirectory: shopRoot);

        Assert.Equal("ushadow", ushadow.Environment.MongoDatabase.Value);
        Assert.Equal("shop", shop.Environment.MongoDatabase.Value);
        Assert.Equal(SettingLayer.Default, shop.Environment.SharedDatabaseName.From.Layer);
        Assert.NotEqual(ushadow.Environment.RedisDatabase.Value, shop.Environment.RedisDatabase.Value);
        Assert.Equal(2, EnvironmentRegistry.ReadSnapshot(world.StateDirectory).Count);
    }

    [Fact]
    public void A_shared_database_name_that_passes_the_rules_is_written_to_env()
    {
        using var world = new ProvisionWorld();

        world.Provision(Gold(("SHARED_DATABASE_NAME", "team+data")));
        world.Provision(Gold(("SHARED_DATABASE_NAME", "team's#data")));

        Assert.Equal("team's#data", world.EnvValue("MONGODB_DATABASE"));
        Assert.Contains("MONGODB_DATABASE=\"team's#data\"", File.ReadAllText(world.EnvFile), StringComparison.Ordinal);
    }

    [Fact]
    public void A_registry_field_from_a_newer_version_survives_a_build()
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        var json = JsonNode.Parse(File.ReadAllText(world.RegistryFile))!;
        json["environments"]!["ushadow/gold"]!["host"] = "laptop";
        File.WriteAllText(world.RegistryFile, json.ToJsonString());

        world.Provision(Gold(("DATABASE_MODE", "isolated")));

        var after = JsonNode.Parse(File.ReadAllText(world.RegistryFile))!;
        Assert.Equal("laptop", after["environments"]!["ushadow/gold"]!["host"]!.GetValue<string>());
        Assert.Equal("isolated", after["environments"]!["ushadow/gold"]!["database_mode"]!.GetValue<string>());
    }

    [Fact]
    public void A_second_plain_clone_is_named_after_its_folder_and_says_how_to_pin_a_name()
    {
        using var world = new ProvisionWorld("first");
        var second = System.IO.Path.Combine(world.Path, "Second-Clone");
        Directory.CreateDirectory(second);

        var one = world.Provision();
        var two = world.Provision(projectDirectory: second);

        Assert.Equal("ushadow", one.Environment.EnvironmentName.Value);
        Assert.Equal("second-clone", two.Environment.EnvironmentName.Value);
        Assert.NotEqual(one.Environment.RedisDatabase.Value, two.Environment.RedisDatabase.Value);
        Assert.Contains(two.Diagnostics, d => d.Message.Contains("ENV_NAME", StringComparison.Ordinal) && d.Message.Contains("UshadowEnvName", StringComparison.Ordinal));
        // A name set explicitly is still refused from a second root.
        Assert.Equal("USH1009", world.Refused(new Dictionary<string, string> { ["ENV_NAME"] = "ushadow" }, projectDirectory: second).Code);
    }

    [Fact]
    public void Admin_credentials_that_differ_from_the_launcher_are_warned_without_printing_either()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "default_admin_email": "a@example.com", "default_admin_password": "first-secret" }""");
        world.Provision(Gold());
        world.WriteLauncher("""{ "default_admin_email": "a@example.com", "default_admin_password": "second-secret" }""");

        var result = world.Provision(Gold());

        var warning = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.AdminCredentialsDiffer);
        Assert.Contains("admin.password", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", warning.Message.Replace("secrets.yaml", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("first-secret", File.ReadAllText(world.SecretsFile), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("4")]
    public void The_git_index_tells_tracked_files_without_running_git(string? indexVersion)
    {
        using var world = new ProvisionWorld();
        ProvisionWorld.Git(world.Root, "init", "-q");
        world.Provision(Gold());
        Assert.DoesNotContain(world.Provision(Gold()).Diagnostics, d => d.Code == DiagnosticCodes.SecretFileTrackedByGit);

        ProvisionWorld.Git(world.Root, "add", "-f", ".env");
        if (indexVersion is not null)
        {
            ProvisionWorld.Git(world.Root, "update-index", "--index-version", indexVersion);
        }
        var tracked = world.Provision(Gold()).Diagnostics.Where(d => d.Code == DiagnosticCodes.SecretFileTrackedByGit).ToList();

        Assert.Equal(world.EnvFile, Assert.Single(tracked).File);
    }
}
