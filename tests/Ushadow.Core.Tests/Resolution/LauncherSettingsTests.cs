using Ushadow.Core.Inputs;
using Ushadow.Core.Launcher;
using Ushadow.Core.Model;

namespace Ushadow.Core.Tests.Resolution;

public class LauncherSettingsTests
{
    private const string Password = "s3cr3t-Pa55word";

    private static Dictionary<string, string> Gold() => new() { ["ENV_NAME"] = "gold" };

    [Theory]
    [InlineData("{ \"default_admin_password\": \"" + Password + "\", ")]
    [InlineData("{ \"default_admin_password\": \"" + Password + "\" \"x\": 1 }")]
    [InlineData("{ \"default_admin_password\": " + Password + " }")]
    public void Malformed_JSON_is_USH1004_naming_the_file_and_not_the_password(string json)
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher(json);
        var before = world.Snapshot();

        var error = world.Refused(Gold());

        Assert.Equal("USH1004", error.Code);
        Assert.Contains(world.LauncherFile, error.Message, StringComparison.Ordinal);
        Assert.Equal(world.LauncherFile, error.File);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        HandEditTests.AssertUnchanged(before, world.Snapshot());
    }

    [Theory]
    [InlineData("""{ "environments": [] }""", "environments")]
    [InlineData("""{ "environments": "gold" }""", "environments")]
    [InlineData("""{ "environments": { "gold": "isolated" } }""", "environments.gold")]
    [InlineData("""{ "database_mode": 1 }""", "database_mode")]
    [InlineData("""{ "environments": { "gold": { "database_mode": true } } }""", "environments.gold.database_mode")]
    [InlineData("""{ "shared_database_name": { "x": 1 } }""", "shared_database_name")]
    [InlineData("""[ 1, 2 ]""", "top level")]
    public void A_setting_of_the_wrong_shape_is_USH1004_naming_the_file_and_the_key(string json, string key)
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher(json);

        var error = world.Refused(Gold());

        Assert.Equal("USH1004", error.Code);
        Assert.Contains(world.LauncherFile, error.Message, StringComparison.Ordinal);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(world.EnvFile));
    }

    [Fact]
    public void Unknown_keys_comments_trailing_commas_and_nulls_are_ignored()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""
            {
              // the launcher's own keys
              "window": { "width": 800 },
              "recent": [1, 2],
              "shared_database_name": null,
              "environments": { "gold": { "database_mode": "isolated", "port": 8010 }, "blue": 7, },
            }
            """);

        var environment = world.Provision(Gold()).Environment;

        Assert.Equal(DatabaseMode.Isolated, environment.DatabaseMode.Value);
        Assert.Equal("ushadow", environment.SharedDatabaseName.Value);
        Assert.Equal(SettingLayer.Default, environment.SharedDatabaseName.From.Layer);
    }

    [Fact]
    public void A_missing_settings_file_is_no_settings()
    {
        using var world = new ProvisionWorld();

        var result = world.Provision(Gold());

        Assert.Equal(world.LauncherFile, result.Paths.LauncherSettingsFile);
        Assert.Equal(SettingLayer.Default, result.Environment.DatabaseMode.From.Layer);
        Assert.False(File.Exists(world.LauncherFile));
    }

    [Fact]
    public void Admin_credentials_reach_the_secrets_when_email_and_password_are_both_set()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher($$"""{ "default_admin_email": "admin@example.com", "default_admin_password": "{{Password}}", "default_admin_name": "Root" }""");

        var result = world.Provision(Gold());

        var admin = LauncherSettings.Load(world.LauncherFile).Admin;
        Assert.NotNull(admin);
        Assert.Equal(("Root", "admin@example.com", Password), (admin.Name, admin.Email, admin.Password));
        Assert.DoesNotContain(Password, admin.ToString(), StringComparison.Ordinal);
        var secrets = File.ReadAllText(world.SecretsFile);
        Assert.Contains("admin@example.com", secrets, StringComparison.Ordinal);
        Assert.Contains(Password, secrets, StringComparison.Ordinal);
        Assert.All(result.Diagnostics, d => Assert.DoesNotContain(Password, d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Admin_name_defaults_to_Administrator()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher($$"""{ "default_admin_email": "admin@example.com", "default_admin_password": "{{Password}}" }""");

        Assert.Equal("Administrator", LauncherSettings.Load(world.LauncherFile).Admin?.Name);
    }

    [Theory]
    [InlineData("""{ "default_admin_email": "admin@example.com" }""")]
    [InlineData("""{ "default_admin_password": "s3cr3t-Pa55word" }""")]
    [InlineData("""{ "default_admin_email": "", "default_admin_password": "s3cr3t-Pa55word" }""")]
    [InlineData("""{ "default_admin_email": "admin@example.com", "default_admin_password": null }""")]
    public void No_admin_credentials_unless_both_email_and_password_are_set(string json)
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher(json);

        world.Provision(Gold());

        Assert.Null(LauncherSettings.Load(world.LauncherFile).Admin);
        var secrets = File.ReadAllText(world.SecretsFile);
        Assert.DoesNotContain("admin@example.com", secrets, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, secrets, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_path_follows_XDG_CONFIG_HOME_then_HOME()
    {
        var xdg = LauncherSettings.DefaultPath(n => n == "XDG_CONFIG_HOME" ? "/x/config" : "/home/u");
        var home = LauncherSettings.DefaultPath(n => n == "HOME" ? "/home/u" : null);

        Assert.Equal(Path.Combine("/x/config", "ushadow-launcher", "settings.json"), xdg);
        Assert.Equal(Path.Combine("/home/u", ".config", "ushadow-launcher", "settings.json"), home);
    }

    [Fact]
    public void The_state_directory_defaults_to_the_launcher_settings_folder()
    {
        using var world = new ProvisionWorld();
        var request = world.Request() with
        {
            Variables = new Dictionary<string, string> { ["USHADOW_LAUNCHER_SETTINGS"] = world.LauncherFile },
        };

        Assert.Equal(Path.GetDirectoryName(world.LauncherFile), EnvironmentPaths.For(request).StateDirectory);
    }
}
