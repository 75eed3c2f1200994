using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>The installed <c>ushadow</c> tool, used as a person uses it, against real builds of a world's consumers.</summary>
public sealed partial class UshadowToolTests : IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);
    private readonly UshadowTool _tool = UshadowTool.Instance;

    public void Dispose() => _world.Dispose();

    private string SettingsFile => Path.Combine(_world.LauncherDirectory, "settings.json");

    private ProcessResult Ushadow(params string[] arguments) => _tool.Run(_world, "", arguments);

    [Fact]
    public void Help_and_version_work_from_the_installed_tool()
    {
        var help = Ushadow("--help");
        var version = Ushadow("--version");
        var setHelp = Ushadow("settings", "set", "--help");

        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("settings", help.Output, StringComparison.Ordinal);
        Assert.Equal((0, _tool.Version), (version.ExitCode, version.Output.Trim()));
        Assert.True(setHelp.ExitCode == 0, setHelp.Output);
        Assert.Contains("--yes", setHelp.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_and_their_order_survive_settings_set()
    {
        Directory.CreateDirectory(_world.LauncherDirectory);
        File.WriteAllText(SettingsFile, """{"launcher_theme": "dark", "database_mode": "shared", "window": {"width": 1200}, "environments": {"gold": {"port_offset": 40}}, "zz_last": [1, 2]}""");

        var result = Ushadow("settings", "set", "shared_database_name", "team");

        Assert.True(result.ExitCode == 0, result.Output);
        var settings = JsonNode.Parse(File.ReadAllText(SettingsFile))!.AsObject();
        Assert.Equal(["launcher_theme", "database_mode", "window", "environments", "zz_last", "shared_database_name"], settings.Select(p => p.Key));
        Assert.Equal(1200, settings["window"]!["width"]!.GetValue<int>());
        Assert.Equal(40, settings["environments"]!["gold"]!["port_offset"]!.GetValue<int>());
        Assert.Equal("team", settings["shared_database_name"]!.GetValue<string>());
    }

    [Fact]
    public void A_settings_file_the_tool_creates_is_readable_by_its_owner_only()
    {
        var result = Ushadow("settings", "set", "database_mode", "isolated");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SettingsFile));
        Assert.Contains("Each environment has its own MongoDB database. Data is completely isolated.", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("USH1001", "database_mode", "sharded")]
    [InlineData("USH1003", "shared_database_name", "my.db")]
    [InlineData("USH1002", "database_mode", "isolated", "--env", "feature/login")]
    public void A_bad_value_or_name_is_refused_with_the_build_code_and_the_file_stays_as_it_was(string code, params string[] arguments)
    {
        Directory.CreateDirectory(_world.LauncherDirectory);
        File.WriteAllText(SettingsFile, "{ \"database_mode\": \"shared\", \"mine\": true }");
        var written = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(SettingsFile, written);

        var result = Ushadow(["settings", "set", .. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(code, result.Output, StringComparison.Ordinal);
        Assert.Equal("{ \"database_mode\": \"shared\", \"mine\": true }", File.ReadAllText(SettingsFile));
        Assert.Equal(written, File.GetLastWriteTimeUtc(SettingsFile));
    }

    [Fact]
    public void The_launcher_settings_option_wins_over_the_variable_and_the_default()
    {
        var fromOption = Path.Combine(_world.Root, "option", "settings.json");
        var fromVariable = Path.Combine(_world.Root, "variable", "settings.json");
        _world.Environment["USHADOW_LAUNCHER_SETTINGS"] = fromVariable;

        var viaOption = Ushadow("settings", "set", "database_mode", "isolated", "--launcher-settings", fromOption, "--state-dir", Path.Combine(_world.Root, "state"));
        var viaVariable = Ushadow("settings", "set", "shared_database_name", "team");

        Assert.True(viaOption.ExitCode == 0 && viaVariable.ExitCode == 0, viaOption.Output + viaVariable.Output);
        Assert.Equal("isolated", JsonNode.Parse(File.ReadAllText(fromOption))!["database_mode"]!.GetValue<string>());
        Assert.Equal("team", JsonNode.Parse(File.ReadAllText(fromVariable))!["shared_database_name"]!.GetValue<string>());
        Assert.False(File.Exists(SettingsFile));
        Assert.False(Directory.Exists(Path.Combine(_world.Root, "state")));
    }

    [Fact]
    public void An_unknown_key_is_a_usage_error_listing_the_valid_keys()
    {
        var result = Ushadow("settings", "set", "colour", "blue");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("default_admin_email", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(SettingsFile));
    }

    [Fact]
    public void A_password_on_the_command_line_is_refused_and_never_echoed()
    {
        var result = Ushadow("settings", "set", "default_admin_password", "hunter2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("USH3004", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(SettingsFile));
    }

    [Fact]
    public void The_password_arrives_on_standard_input_and_show_prints_stars()
    {
        const string Password = "pw-from-stdin-7Q";

        var set = _tool.Run(_world, Password + "\n", "settings", "set", "default_admin_password");
        var show = Ushadow("settings", "show");
        var json = Ushadow("settings", "show", "--json");

        Assert.True(set.ExitCode == 0, set.Output);
        Assert.Equal(Password, JsonNode.Parse(File.ReadAllText(SettingsFile))!["default_admin_password"]!.GetValue<string>());
        Assert.Contains("***", show.Output, StringComparison.Ordinal);
        Assert.Equal("***", JsonNode.Parse(json.Output)!["default_admin_password"]!.GetValue<string>());
        Assert.DoesNotContain(Password, set.Output + show.Output + json.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mode_switch_without_yes_and_without_a_terminal_changes_nothing_and_names_each_environment()
    {
        BuildGoldAndBlue();
        var registry = File.ReadAllText(_world.RegistryFile);

        var result = Ushadow("settings", "set", "database_mode", "isolated");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("USH2004", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"gold \(app ushadow, [^)]*\): ushadow \(shared\) -> ushadow_gold \(isolated\)", result.Output);
        Assert.Matches(@"blue \(app ushadow, [^)]*\): ushadow \(shared\) -> ushadow_blue \(isolated\)", result.Output);
        Assert.Contains("mongodump --db=ushadow --archive | mongorestore --archive --nsFrom='ushadow.*' --nsTo='ushadow_gold.*'", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(SettingsFile));
        Assert.Equal(registry, File.ReadAllText(_world.RegistryFile));
    }

    [Fact]
    public void A_redis_isolation_switch_names_each_environment_first_and_the_next_build_writes_prefix_mode()
    {
        var (gold, _) = BuildGoldAndBlue();
        var registry = File.ReadAllText(_world.RegistryFile);

        var refused = Ushadow("settings", "set", "redis_isolation", "prefix");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("USH2004", refused.Output, StringComparison.Ordinal);
        Assert.Matches(@"gold \(app ushadow, [^)]*\): database -> prefix", refused.Output);
        Assert.Matches(@"blue \(app ushadow, [^)]*\): database -> prefix", refused.Output);
        Assert.Contains("its keys stay in Redis database", refused.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(SettingsFile));
        Assert.Equal(registry, File.ReadAllText(_world.RegistryFile));

        var applied = Ushadow("settings", "set", "redis_isolation", "prefix", "--env", "gold", "--yes");
        _world.BuildOk(gold);

        Assert.True(applied.ExitCode == 0, applied.Output);
        Assert.DoesNotContain("blue (app", applied.Output, StringComparison.Ordinal);
        Assert.Equal("prefix", World.ReadEnv(gold)["REDIS_ISOLATION"]);
        Assert.Equal("ushadow:gold:", World.ReadEnv(gold)["REDIS_KEY_PREFIX"]);
        Assert.Equal("0", World.ReadEnv(gold)["REDIS_DATABASE"]);
    }

    [Fact]
    public void After_the_switch_the_next_build_of_each_environment_writes_the_announced_database()
    {
        var (gold, blue) = BuildGoldAndBlue();

        var result = Ushadow("settings", "set", "database_mode", "isolated", "--yes");
        _world.BuildOk(gold);
        _world.BuildOk(blue);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(Announced(result.Output, "gold"), World.ReadEnv(gold)["MONGODB_DATABASE"]);
        Assert.Equal(Announced(result.Output, "blue"), World.ReadEnv(blue)["MONGODB_DATABASE"]);
        Assert.Equal("isolated", World.ReadEnv(gold)["DATABASE_MODE"]);
    }

    [Fact]
    public void In_a_terminal_the_switch_is_asked_for_and_applied_only_on_yes()
    {
        BuildGold();
        using var tmux = new Tmux(_world, _tool.Executable);

        var declined = tmux.Run("settings set database_mode isolated", answer: "n");
        Assert.Contains("Apply? [y/N]", declined, StringComparison.Ordinal);
        Assert.Contains("ushadow-exit=1", declined, StringComparison.Ordinal);
        Assert.False(File.Exists(SettingsFile));

        var accepted = tmux.Run("settings set database_mode isolated", answer: "y");
        Assert.Contains("Apply? [y/N]", accepted, StringComparison.Ordinal);
        Assert.Contains("ushadow-exit=0", accepted, StringComparison.Ordinal);
        Assert.Equal("isolated", JsonNode.Parse(File.ReadAllText(SettingsFile))!["database_mode"]!.GetValue<string>());
    }

    [Fact]
    public void An_admin_password_change_updates_package_written_secrets_and_keeps_hand_edits()
    {
        const string Old = "pw-Alpha-1", New = "pw-Bravo-2", HandEdit = "pw-Charlie-3";
        _world.WriteLauncherSettings(new JsonObject { ["default_admin_email"] = "admin@example.com", ["default_admin_password"] = Old });
        var (gold, blue) = BuildGoldAndBlue();
        var blueSecrets = Path.Combine(blue, "config", "SECRETS", "secrets.yaml");
        File.WriteAllText(blueSecrets, File.ReadAllText(blueSecrets).Replace(Old, HandEdit, StringComparison.Ordinal));

        var result = _tool.Run(_world, New + "\n", "settings", "set", "default_admin_password", "--yes");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(New, AdminPassword(gold));
        Assert.Equal(HandEdit, AdminPassword(blue));
        Assert.Matches(@"blue \(app ushadow, [^)]*\): admin\.password was changed by hand \(a hand edit\)", result.Output);
        Assert.Matches(@"gold \(app ushadow, [^)]*\): admin\.password holds the previous setting's value", result.Output);
        foreach (var password in new[] { Old, New, HandEdit })
        {
            Assert.DoesNotContain(password, result.Output, StringComparison.Ordinal);
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(gold, "config", "SECRETS", "secrets.yaml")));
    }

    private string BuildGold()
    {
        var gold = _world.CreateConsumer("gold", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(gold);
        return gold;
    }

    private (string Gold, string Blue) BuildGoldAndBlue()
    {
        var gold = BuildGold();
        var blue = _world.CreateConsumer("blue", properties: "<UshadowEnvName>blue</UshadowEnvName>");
        _world.BuildOk(blue);
        return (gold, blue);
    }

    private static string Announced(string output, string environment)
    {
        var match = Regex.Match(output, $@"{environment} \(app ushadow, [^)]*\): \S+ \(\w+\) -> (\S+) \(\w+\)");
        Assert.True(match.Success, output);
        return match.Groups[1].Value;
    }

    private static string AdminPassword(string root)
    {
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object?>>(File.ReadAllText(Path.Combine(root, "config", "SECRETS", "secrets.yaml")));
        return (string)((Dictionary<object, object>)yaml["admin"]!)["password"];
    }

    /// <summary>A private tmux server (own socket, fixed size) that runs the tool in a real terminal.</summary>
    private sealed class Tmux : IDisposable
    {
        private readonly string _socket = "ushadow-test-" + Guid.NewGuid().ToString("N")[..10];
        private readonly World _world;
        private readonly string _executable;
        private int _sessions;

        public Tmux(World world, string executable)
        {
            _world = world;
            _executable = executable;
        }

        /// <summary>Runs <c>ushadow &lt;arguments&gt;</c> in a new window, waits for the question, answers, and returns the screen once it exits.</summary>
        public string Run(string arguments, string answer)
        {
            var session = $"s{++_sessions}";
            var script = Path.Combine(_world.Root, $"{session}.sh");
            var exports = string.Join("\n", UshadowTool.EnvironmentFor(_world)
                .Where(p => p.Value is not null && Regex.IsMatch(p.Key, "^[A-Za-z_][A-Za-z0-9_]*$"))
                .Select(p => $"export {p.Key}='{p.Value!.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
            File.WriteAllText(script, $"{exports}\ncd '{_world.Root}'\n'{_executable}' {arguments}\necho \"ushadow-exit=$?\"\nsleep 600\n");
            Tmux_("new-session", "-d", "-s", session, "-x", "200", "-y", "50", "sh " + script);
            WaitFor(session, "Apply? [y/N]");
            Tmux_("send-keys", "-t", session, answer, "Enter");
            return WaitFor(session, "ushadow-exit=");
        }

        private string WaitFor(string session, string text)
        {
            var screen = "";
            try
            {
                return Ready.Wait(
                    () => (screen = Tmux_("capture-pane", "-p", "-J", "-t", session, "-S", "-100").Output).Contains(text, StringComparison.Ordinal) ? screen : null,
                    TimeSpan.FromSeconds(60),
                    $"'{text}' in tmux");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"'{text}' did not appear in tmux within 60 s; the screen:\n{screen}", e);
            }
        }

        private ProcessResult Tmux_(params string[] arguments)
        {
            var result = Scrubbed.Run("tmux", _world.Root, ["-L", _socket, "-f", "/dev/null", .. arguments], Scrubbed.Environment(), TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, $"tmux {string.Join(' ', arguments)} failed:\n{result.Output}");
            return result;
        }

        public void Dispose() =>
            Scrubbed.Run("tmux", _world.Root, ["-L", _socket, "kill-server"], Scrubbed.Environment(), TimeSpan.FromSeconds(30));
    }
}
