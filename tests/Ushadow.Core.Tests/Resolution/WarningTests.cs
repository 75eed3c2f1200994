using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Provisioning;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// Warnings (README, Diagnostics): mode switch warnings (USH2001/USH2002) and shared production environments (USH3001).
/// </summary>
public class WarningTests
{
    private static Dictionary<string, string> Env(string name, string? mode = null)
    {
        var variables = new Dictionary<string, string> { ["ENV_NAME"] = name };
        if (mode is not null)
        {
            variables["DATABASE_MODE"] = mode;
        }
        return variables;
    }

    private static IEnumerable<UshadowDiagnostic> Coded(ProvisionResult result, string code) => result.Diagnostics.Where(d => d.Code == code);

    [Fact]
    public void Switching_isolated_to_shared_warns_once_naming_the_databases_and_the_copy_command()
    {
        using var world = new ProvisionWorld();
        var first = world.Provision(Env("gold", "isolated"));
        var again = world.Provision(Env("gold", "isolated"));

        var switching = world.Provision(Env("gold", "shared"));
        var after = world.Provision(Env("gold", "shared"));

        Assert.DoesNotContain(first.Diagnostics, d => d.Code.StartsWith("USH2", StringComparison.Ordinal));
        Assert.DoesNotContain(again.Diagnostics, d => d.Code.StartsWith("USH2", StringComparison.Ordinal));
        var warning = Assert.Single(switching.Diagnostics, d => d.Code.StartsWith("USH2", StringComparison.Ordinal));
        Assert.Equal("USH2001", warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("'ushadow_gold'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'ushadow'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("mongodump --db=ushadow_gold --archive | mongorestore --archive --nsFrom='ushadow_gold.*' --nsTo='ushadow.*'", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(after.Diagnostics, d => d.Code.StartsWith("USH2", StringComparison.Ordinal));
    }

    [Fact]
    public void Switching_to_shared_does_not_call_another_environments_live_database_unused()
    {
        using var world = new ProvisionWorld("gold");
        world.Provision(Env("gold", "isolated"));
        var gold = world.Root;
        world.Root = Path.Combine(world.Path, "blue");
        Directory.CreateDirectory(world.Root);
        world.Provision(Env("blue", "isolated"));
        world.Root = gold;

        var warning = Assert.Single(Coded(world.Provision(Env("gold", "shared")), "USH2001"));

        Assert.Contains("'ushadow_gold'", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ushadow_blue", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Switching_shared_to_isolated_warns_once_that_the_new_database_starts_empty()
    {
        using var world = new ProvisionWorld();
        world.Provision(Env("gold", "shared"));

        var switching = world.Provision(Env("gold", "isolated"));
        var after = world.Provision(Env("gold", "isolated"));

        var warning = Assert.Single(switching.Diagnostics, d => d.Code.StartsWith("USH2", StringComparison.Ordinal));
        Assert.Equal("USH2002", warning.Code);
        Assert.Contains("'ushadow_gold'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("empty", warning.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable DATABASE_MODE", warning.Message, StringComparison.Ordinal);
        Assert.Contains("mongodump --db=ushadow --archive | mongorestore --archive --nsFrom='ushadow.*' --nsTo='ushadow_gold.*'", warning.Message, StringComparison.Ordinal);
        Assert.Empty(Coded(after, "USH2002"));
    }

    [Fact]
    public void A_design_time_run_does_not_use_up_the_switch_warning()
    {
        using var world = new ProvisionWorld();
        world.Provision(Env("gold", "shared"));

        var designTime = world.Provision(Env("gold", "isolated"), writeFiles: false);
        var real = world.Provision(Env("gold", "isolated"));

        // The plan announces the switch before it happens; only the real build that switches records it.
        Assert.Single(Coded(designTime, "USH2002"));
        Assert.Single(Coded(real, "USH2002"));
    }

    [Fact]
    public void The_mode_recorded_in_an_env_file_that_predates_the_package_counts_as_the_previous_mode()
    {
        using var world = new ProvisionWorld();
        File.WriteAllText(world.EnvFile, "ENV_NAME=gold\nDATABASE_MODE=isolated\nMONGODB_DATABASE=ushadow_gold\n");

        var result = world.Provision(Env("gold", "shared"));

        var warning = Assert.Single(Coded(result, "USH2001"));
        Assert.Contains("mongodump --db=ushadow_gold", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_run_ever_warns_about_no_switch()
    {
        using var world = new ProvisionWorld();

        var result = world.Provision(Env("gold", "isolated"));

        Assert.DoesNotContain(result.Diagnostics, d => d.Code.StartsWith("USH2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("production")]
    [InlineData("live")]
    [InlineData("PROD")]
    public void Shared_mode_for_a_production_like_name_warns_USH3001(string name)
    {
        using var world = new ProvisionWorld();

        var result = world.Provision(Env(name));

        var warning = Assert.Single(Coded(result, "USH3001"));
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains($"'{name.ToLowerInvariant()}'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'ushadow'", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("staging;demo", "demo")]
    [InlineData("staging, demo", "staging")]
    [InlineData("Demo", "demo")]
    public void Names_listed_in_ProductionEnvironments_count_as_production(string list, string name)
    {
        using var world = new ProvisionWorld();

        var result = world.Provision(Env(name), new BuildProperties { ProductionEnvironments = list });

        Assert.Single(Coded(result, "USH3001"));
    }

    [Theory]
    [InlineData("prod", null)]
    [InlineData("demo", "demo")]
    public void Isolated_mode_for_a_production_like_name_does_not_warn(string name, string? list)
    {
        using var world = new ProvisionWorld();

        var result = world.Provision(Env(name, "isolated"), new BuildProperties { ProductionEnvironments = list });

        Assert.Empty(Coded(result, "USH3001"));
    }

    [Theory]
    [InlineData("gold")]
    [InlineData("production2")]
    [InlineData("preprod")]
    public void Other_names_do_not_warn(string name)
    {
        using var world = new ProvisionWorld();

        Assert.Empty(Coded(world.Provision(Env(name)), "USH3001"));
    }
}
