using static Ushadow.Core.Tests.Resolution.ProvisionWorld;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>Files the package creates where git would not ignore them are made ignored, without changing a tracked file.</summary>
public class GitExclusionTests
{
    [Fact]
    public void In_a_repository_without_ignore_rules_a_commit_right_after_the_first_build_holds_neither_file()
    {
        using var world = new ProvisionWorld();
        ProvisionWorld.Git(world.Root, "init", "-q");
        File.WriteAllText(Path.Combine(world.Root, "Program.cs"), "// app\n");

        var result = world.Provision(Gold());

        var exclude = Path.Combine(world.Root, ".git", "info", "exclude");
        var lines = File.ReadAllLines(exclude);
        Assert.Contains("/.env", lines);
        Assert.Contains("/config/SECRETS/secrets.yaml", lines);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Message.Contains("which git would not have ignored", StringComparison.Ordinal)));
        ProvisionWorld.Git(world.Root, "add", "-A");
        ProvisionWorld.Git(world.Root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        Assert.Equal(["Program.cs"], ProvisionWorld.Git(world.Root, "ls-files").Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Later builds create nothing, so they leave the exclude file alone and start no git process.
        var before = File.ReadAllText(exclude);
        Assert.DoesNotContain(world.Provision(Gold(("DATABASE_MODE", "isolated"))).Diagnostics, d => d.Message.Contains("git would not", StringComparison.Ordinal));
        Assert.Equal(before, File.ReadAllText(exclude));
    }

    [Fact]
    public void A_file_the_repository_already_ignores_is_left_to_its_rules()
    {
        using var world = new ProvisionWorld();
        ProvisionWorld.Git(world.Root, "init", "-q");
        File.WriteAllText(Path.Combine(world.Root, ".gitignore"), ".env\nconfig/SECRETS/\n");

        var result = world.Provision(Gold());

        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("git would not", StringComparison.Ordinal));
        Assert.DoesNotContain("/.env", File.Exists(Path.Combine(world.Root, ".git", "info", "exclude")) ? File.ReadAllText(Path.Combine(world.Root, ".git", "info", "exclude")) : "", StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_a_repository_nothing_happens()
    {
        using var world = new ProvisionWorld();

        var result = world.Provision(Gold());

        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("git would not", StringComparison.Ordinal));
        Assert.True(File.Exists(world.EnvFile));
    }
}
