using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// The environment name (README, MSBuild properties and environment variables): ENV_NAME &gt; UshadowEnvName &gt;
/// inference (linked worktree folder, else the app name).
/// </summary>
public class EnvironmentNameTests
{
    [Fact]
    public void ENV_NAME_beats_UshadowEnvName()
    {
        using var world = new ProvisionWorld();

        var env = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "blue" }, new BuildProperties { EnvName = "red" }).Environment.EnvironmentName;

        Assert.Equal("blue", env.Value);
        Assert.Equal(SettingLayer.EnvironmentVariable, env.From.Layer);
        Assert.Equal("environment variable ENV_NAME", env.From.ToString());
    }

    [Fact]
    public void UshadowEnvName_beats_inference()
    {
        using var world = new ProvisionWorld();

        var env = world.Provision(properties: new BuildProperties { EnvName = "red" }).Environment.EnvironmentName;

        Assert.Equal("red", env.Value);
        Assert.Equal("MSBuild property UshadowEnvName", env.From.ToString());
    }

    [Fact]
    public void A_linked_git_worktree_is_named_after_its_folder_in_lower_case()
    {
        using var world = new ProvisionWorld("repo");
        ProvisionWorld.Git(world.Root, "init", "-q");
        File.WriteAllText(Path.Combine(world.Root, "README"), "x");
        ProvisionWorld.Git(world.Root, "add", "README");
        ProvisionWorld.Git(world.Root, "commit", "-q", "-m", "first");
        var worktree = Path.Combine(world.Path, "Gold");
        ProvisionWorld.Git(world.Root, "worktree", "add", "-q", worktree);
        var project = Path.Combine(worktree, "src", "Backend");
        Directory.CreateDirectory(project);
        world.Root = worktree;

        var result = world.Provision(projectDirectory: project);

        Assert.Equal(worktree, result.Paths.Root);
        Assert.Equal("gold", result.Environment.EnvironmentName.Value);
        Assert.Equal(SettingLayer.Inferred, result.Environment.EnvironmentName.From.Layer);
        Assert.Contains("worktree", result.Environment.EnvironmentName.From.ToString(), StringComparison.Ordinal);
        Assert.Equal("ushadow-gold", result.Environment.ComposeProjectName.Value);
        Assert.Equal("gold", world.EnvValue("ENV_NAME"));
        Assert.True(File.Exists(Path.Combine(worktree, ".env")));
    }

    [Fact]
    public void The_main_checkout_of_a_plain_repository_is_the_app_named_environment()
    {
        using var world = new ProvisionWorld("gold");
        ProvisionWorld.Git(world.Root, "init", "-q");
        var project = Path.Combine(world.Root, "src");
        Directory.CreateDirectory(project);

        var result = world.Provision(projectDirectory: project, properties: new BuildProperties { AppName = "Shop" });

        Assert.Equal(world.Root, result.Paths.Root);
        Assert.Equal("shop", result.Environment.EnvironmentName.Value);
        Assert.Equal(SettingLayer.Inferred, result.Environment.EnvironmentName.From.Layer);
        Assert.Equal("shop", result.Environment.ComposeProjectName.Value);
    }

    [Fact]
    public void A_folder_outside_any_repository_is_the_app_named_environment()
    {
        using var world = new ProvisionWorld("gold");

        var result = world.Provision();

        Assert.Equal("ushadow", result.Environment.EnvironmentName.Value);
        Assert.Equal("ushadow", world.EnvValue("COMPOSE_PROJECT_NAME"));
    }

    [Fact]
    public void A_submodule_git_file_pointing_into_git_modules_is_not_a_worktree()
    {
        using var world = new ProvisionWorld("gold");
        File.WriteAllText(Path.Combine(world.Root, ".git"), "gitdir: ../super/.git/modules/gold\n");

        var result = world.Provision();

        Assert.Equal(world.Root, result.Paths.Root);
        Assert.Equal("ushadow", result.Environment.EnvironmentName.Value);
    }

    [Fact]
    public void A_submodule_of_a_repository_kept_under_a_folder_named_worktrees_is_not_a_worktree()
    {
        using var world = new ProvisionWorld("gold");
        File.WriteAllText(Path.Combine(world.Root, ".git"), "gitdir: /home/me/worktrees/super/.git/modules/gold\n");

        Assert.False(EnvironmentRoot.IsLinkedWorktree(world.Root));
        Assert.Equal("ushadow", world.Provision().Environment.EnvironmentName.Value);
    }

    [Fact]
    public void A_worktree_git_file_is_recognised_with_a_relative_or_Windows_path()
    {
        using var world = new ProvisionWorld("gold");
        File.WriteAllText(Path.Combine(world.Root, ".git"), "gitdir: C:\\src\\repo\\.git\\worktrees\\gold\r\n");

        Assert.True(EnvironmentRoot.IsLinkedWorktree(world.Root));
    }

    [Theory]
    [InlineData("Gold", "gold")]
    [InlineData("BLUE-2", "blue-2")]
    [InlineData(" red_1 ", "red_1")]
    public void Names_are_folded_to_lower_case(string raw, string folded)
    {
        using var world = new ProvisionWorld();

        var result = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = raw });

        Assert.Equal(folded, result.Environment.EnvironmentName.Value);
        Assert.Equal(folded, world.EnvValue("ENV_NAME"));
        Assert.Equal($"ushadow-{folded}", world.EnvValue("COMPOSE_PROJECT_NAME"));
    }

    public static TheoryData<string> BadNames => new()
    {
        "feature/login",
        new string('a', 49),
        "-gold",
        "_gold",
        "gold.1",
        "gold name",
        "göld",
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void A_name_breaking_the_rule_is_USH1002_quoting_the_name_and_the_rule(string name)
    {
        using var world = new ProvisionWorld();

        var error = world.Refused(new Dictionary<string, string> { ["ENV_NAME"] = name });

        Assert.Equal("USH1002", error.Code);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Naming.NameRule, error.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable ENV_NAME", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(world.EnvFile));
    }

    [Fact]
    public void A_bad_UshadowEnvName_names_the_property()
    {
        using var world = new ProvisionWorld();

        var error = world.Refused(properties: new BuildProperties { EnvName = "feature/login" });

        Assert.Equal("USH1002", error.Code);
        Assert.Contains("MSBuild property UshadowEnvName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_48_character_name_is_accepted()
    {
        using var world = new ProvisionWorld();
        var name = new string('a', 48);

        Assert.Equal(name, world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = name }).Environment.EnvironmentName.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_name_is_USH1002_quoting_the_name_and_the_rule(string name)
    {
        var error = Assert.Throws<UshadowException>(() => Naming.EnvironmentName(name, new Provenance(SettingLayer.EnvironmentVariable, "ENV_NAME"))).Diagnostic;

        Assert.Equal("USH1002", error.Code);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Naming.NameRule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worktree_folder_whose_name_breaks_the_rule_is_USH1002_naming_the_folder()
    {
        using var world = new ProvisionWorld("gold.old");
        File.WriteAllText(Path.Combine(world.Root, ".git"), $"gitdir: {world.Path}/repo/.git/worktrees/gold.old\n");

        var error = world.Refused();

        Assert.Equal("USH1002", error.Code);
        Assert.Contains("'gold.old'", error.Message, StringComparison.Ordinal);
        Assert.Contains("worktree", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_app_name_is_USH1015()
    {
        using var world = new ProvisionWorld();

        var error = world.Refused(properties: new BuildProperties { AppName = "my app" });

        Assert.Equal("USH1015", error.Code);
        Assert.Contains("UshadowAppName", error.Message, StringComparison.Ordinal);
    }
}
