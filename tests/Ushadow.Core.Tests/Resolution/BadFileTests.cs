using Ushadow.Core.IO;
using static Ushadow.Core.Tests.Resolution.ProvisionWorld;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// Files that are not what they must be (issue 9's bad-input catalogue): the minimal cases of the defects it found,
/// and the symbolic link policy for <c>.env</c> and <c>secrets.yaml</c> (write through, keep the link; refuse a dangling one).
/// </summary>
public class BadFileTests
{
    [Fact]
    public void A_symlinked_env_file_is_written_through_and_stays_a_link()
    {
        using var world = new ProvisionWorld();
        var shared = System.IO.Path.Combine(world.Path, "shared.env");
        File.WriteAllText(shared, "MINE=1\n");
        File.CreateSymbolicLink(world.EnvFile, shared);

        world.Provision(Gold());

        Assert.Equal(shared, new FileInfo(world.EnvFile).LinkTarget);
        Assert.StartsWith("MINE=1\n", File.ReadAllText(shared), StringComparison.Ordinal);
        Assert.Contains("ENV_NAME=gold", File.ReadAllText(shared), StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlinked_secrets_file_is_written_through_and_stays_a_link()
    {
        using var world = new ProvisionWorld();
        var shared = System.IO.Path.Combine(world.Path, "shared-secrets.yaml");
        File.WriteAllText(shared, "api_keys:\n  mine: x\n");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(world.SecretsFile)!);
        File.CreateSymbolicLink(world.SecretsFile, shared);

        world.Provision(Gold());

        Assert.Equal(shared, new FileInfo(world.SecretsFile).LinkTarget);
        Assert.Contains("session_secret", File.ReadAllText(shared), StringComparison.Ordinal);
    }

    [Fact]
    public void A_dangling_env_link_is_refused_and_no_file_is_created_where_it_points()
    {
        using var world = new ProvisionWorld();
        var missing = System.IO.Path.Combine(world.Path, "missing.env");
        File.CreateSymbolicLink(world.EnvFile, missing);

        var refused = world.Refused(Gold());

        Assert.Equal("USH1007", refused.Code);
        Assert.Contains(missing, refused.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        Assert.NotNull(new FileInfo(world.EnvFile).LinkTarget);
        Assert.False(File.Exists(world.RegistryFile));
    }

    [Fact]
    public void A_binary_env_file_is_refused_with_USH1022()
    {
        using var world = new ProvisionWorld();
        File.WriteAllBytes(world.EnvFile, [0x41, 0x3D, 0x00, 0xFF, 0xFE]);

        var refused = world.Refused(Gold());

        Assert.Equal("USH1022", refused.Code);
        Assert.Contains(world.EnvFile, refused.Message, StringComparison.Ordinal);
        Assert.Contains("UTF-8 text", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_launcher_settings_folder_is_USH1004_not_an_unexpected_failure()
    {
        using var world = new ProvisionWorld();
        Directory.CreateDirectory(world.LauncherFile);

        var refused = world.Refused(Gold());

        Assert.Equal("USH1004", refused.Code);
        Assert.Contains(world.LauncherFile, refused.Message, StringComparison.Ordinal);
        Assert.Contains("must be a file", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_directory_that_is_a_file_is_refused_naming_the_variable()
    {
        using var world = new ProvisionWorld();
        File.WriteAllText(world.StateDirectory, "not a folder");
        var variables = world.BaseVariables();
        variables["ENV_NAME"] = "gold";

        var refused = world.Refused(variables);

        Assert.Equal("USH1007", refused.Code);
        Assert.Contains("USHADOW_STATE_DIR", refused.Message, StringComparison.Ordinal);
        Assert.Contains("must be a folder", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_build_creates_no_state_folder_and_no_lock_file()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{"database_mode": "sharded"}""");

        var refused = world.Refused(Gold());

        Assert.Equal("USH1001", refused.Code);
        Assert.False(Directory.Exists(world.StateDirectory));
    }

    [Fact]
    public void A_registry_over_the_read_limit_is_USH1005()
    {
        using var world = new ProvisionWorld();
        Directory.CreateDirectory(world.StateDirectory);
        File.WriteAllText(world.RegistryFile, new string(' ', (int)AtomicFile.MaxReadBytes + 1));

        var refused = world.Refused(Gold());

        Assert.Equal("USH1005", refused.Code);
        Assert.Contains("MB", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("My.Project")]
    [InlineData("-gold")]
    [InlineData("_gold")]
    [InlineData("ushadow gold")]
    [InlineData("Ushadow-Gold")]
    public void A_hand_edited_COMPOSE_PROJECT_NAME_that_docker_compose_refuses_is_USH1021(string name)
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        world.EditEnv("COMPOSE_PROJECT_NAME", name);
        var before = world.Snapshot();

        var refused = world.Refused(Gold());

        Assert.Equal("USH1021", refused.Code);
        Assert.Contains($"'{name}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(world.EnvFile, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before.Keys.Order(), world.Snapshot().Keys.Order());
    }

    [Theory]
    [InlineData("ushadow-gold_2")]
    [InlineData("9lives")]
    public void A_hand_edited_COMPOSE_PROJECT_NAME_that_docker_compose_accepts_stays(string name)
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        world.EditEnv("COMPOSE_PROJECT_NAME", name);

        var result = world.Provision(Gold());

        Assert.Equal(name, result.Environment.ComposeProjectName.Value);
    }
}
