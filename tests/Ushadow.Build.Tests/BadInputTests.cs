using System.Text.Json.Nodes;

namespace Ushadow.Build.Tests;

/// <summary>Bad input fails the build with a USH1xxx error naming the culprit, before any file is touched.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    private (string App, Dictionary<string, DateTime> Before, Dictionary<string, string> Contents) BuiltConsumer()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(app);
        var files = new[] { Path.Combine(app, ".env"), Path.Combine(app, "config", "SECRETS", "secrets.yaml"), _world.RegistryFile };
        return (app, files.ToDictionary(f => f, File.GetLastWriteTimeUtc), files.ToDictionary(f => f, File.ReadAllText));
    }

    private void AssertRefused(ProcessResult result, string code, string culprit, (string App, Dictionary<string, DateTime> Before, Dictionary<string, string> Contents) state)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error {code}", result.Output, StringComparison.Ordinal);
        Assert.Contains(culprit, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4018", result.Output, StringComparison.Ordinal);
        foreach (var (file, time) in state.Before)
        {
            Assert.Equal(state.Contents[file], File.ReadAllText(file));
            Assert.Equal(time, File.GetLastWriteTimeUtc(file));
        }
    }

    [Fact]
    public void An_unknown_DATABASE_MODE_is_refused()
    {
        var state = BuiltConsumer();
        AssertRefused(_world.Build(state.App, new Dictionary<string, string?> { ["DATABASE_MODE"] = "sharded" }), "USH1001", "DATABASE_MODE", state);
    }

    [Fact]
    public void A_branch_like_environment_name_is_refused()
    {
        var state = BuiltConsumer();
        AssertRefused(_world.Build(state.App, new Dictionary<string, string?> { ["ENV_NAME"] = "feature/login" }), "USH1002", "'feature/login'", state);
    }

    [Fact]
    public void A_shared_database_name_with_a_dot_is_refused()
    {
        var state = BuiltConsumer();
        AssertRefused(_world.Build(state.App, new Dictionary<string, string?> { ["SHARED_DATABASE_NAME"] = "my.db" }), "USH1003", "SHARED_DATABASE_NAME", state);
    }

    [Fact]
    public void A_64_byte_database_name_is_refused()
    {
        var state = BuiltConsumer();
        var name = new string('d', 64);
        AssertRefused(_world.Build(state.App, null, $"-p:UshadowSharedDatabaseName={name}"), "USH1003", "UshadowSharedDatabaseName", state);
    }

    [Fact]
    public void Malformed_launcher_settings_are_refused_naming_the_file()
    {
        var state = BuiltConsumer();
        Directory.CreateDirectory(_world.LauncherDirectory);
        var settings = Path.Combine(_world.LauncherDirectory, "settings.json");
        File.WriteAllText(settings, "{ \"default_admin_password\": \"hunter2\", ");
        var result = _world.Build(state.App);
        AssertRefused(result, "USH1004", settings, state);
        Assert.DoesNotContain("hunter2", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_registry_is_refused_and_left_as_it_is()
    {
        var state = BuiltConsumer();
        File.WriteAllText(_world.RegistryFile, "{ not json");
        state.Before[_world.RegistryFile] = File.GetLastWriteTimeUtc(_world.RegistryFile);
        state.Contents[_world.RegistryFile] = "{ not json";
        AssertRefused(_world.Build(state.App, new Dictionary<string, string?> { ["DATABASE_MODE"] = "isolated" }), "USH1005", _world.RegistryFile, state);
    }

    [Fact]
    public void A_malformed_secrets_file_is_refused()
    {
        var state = BuiltConsumer();
        var secrets = Path.Combine(state.App, "config", "SECRETS", "secrets.yaml");
        File.WriteAllText(secrets, "admin:\n  password: \"unterminated\n  : [\n");
        state.Before[secrets] = File.GetLastWriteTimeUtc(secrets);
        state.Contents[secrets] = File.ReadAllText(secrets);
        AssertRefused(_world.Build(state.App, new Dictionary<string, string?> { ["DATABASE_MODE"] = "isolated" }), "USH1006", secrets, state);
    }

    [Fact]
    public void An_unwritable_env_folder_is_refused()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName><UshadowEnvFile>$(MSBuildProjectDirectory)/locked/.env</UshadowEnvFile>");
        var locked = Path.Combine(app, "locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (Environment.UserName == "root")
        {
            // root ignores permission bits; an immutable-like folder is a file standing where the folder must be.
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(locked);
            File.WriteAllText(locked, "a file where the .env folder should be");
        }

        var result = _world.Build(app);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error USH1007", result.Output, StringComparison.Ordinal);
        Assert.Contains("locked", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app, "config", "SECRETS", "secrets.yaml")));
        Assert.False(File.Exists(_world.RegistryFile) && File.ReadAllText(_world.RegistryFile).Contains("gold", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hand_edited_REDIS_DATABASE_that_belongs_to_another_environment_is_refused()
    {
        var state = BuiltConsumer();
        var blue = _world.CreateConsumer("blue", properties: "<UshadowEnvName>blue</UshadowEnvName>");
        _world.BuildOk(blue);
        var blueNumber = World.ReadEnv(blue)["REDIS_DATABASE"];
        var envPath = Path.Combine(state.App, ".env");
        var edited = string.Join("\n", File.ReadAllLines(envPath).Select(l => l.StartsWith("REDIS_DATABASE=", StringComparison.Ordinal) ? "REDIS_DATABASE=" + blueNumber : l)) + "\n";
        File.WriteAllText(envPath, edited);
        state.Before[envPath] = File.GetLastWriteTimeUtc(envPath);
        state.Contents[envPath] = edited;
        state.Before[_world.RegistryFile] = File.GetLastWriteTimeUtc(_world.RegistryFile);
        state.Contents[_world.RegistryFile] = File.ReadAllText(_world.RegistryFile);

        AssertRefused(_world.Build(state.App), "USH1010", "'blue'", state);
    }
}
