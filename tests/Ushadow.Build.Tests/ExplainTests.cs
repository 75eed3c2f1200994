using System.Text.Json.Nodes;

namespace Ushadow.Build.Tests;

/// <summary>
/// <c>ushadow explain</c> agrees with the build: for every precedence layer, what explain names as the winner
/// and its value is what <c>dotnet build</c> then writes to <c>.env</c>; and explain itself writes nothing.
/// </summary>
public sealed class ExplainTests : IDisposable
{
    private static readonly string[] EnvKeys = ["ENV_NAME", "COMPOSE_PROJECT_NAME", "DATABASE_MODE", "MONGODB_DATABASE", "REDIS_DATABASE"];

    private readonly World _world = new(PackageFeed.Instance);
    private readonly UshadowTool _tool = UshadowTool.Instance;

    public void Dispose() => _world.Dispose();

    /// <summary>One layer (or a contest of two) and the key it must decide.</summary>
    public sealed record Case(string Name, string Key, string Layer, string? Value);

    [Fact]
    public void Explain_names_the_winner_and_value_the_build_writes_for_every_layer()
    {
        // A port block is skipped when something listens on it, so the default ports (8000/3000 + offset) could be taken by
        // another test's server between explain and the build (the AppHost test serves gold on 8220): this project's one
        // port sits above the machine's ephemeral range, where no other test listens.
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName Condition=\"'$(Flavor)' == ''\">gold</UshadowEnvName><UshadowPorts>EXPLAIN_PORT=61000</UshadowPorts>");
        var mismatches = new List<string>();
        var checkedValues = 0;

        void Check(Case @case, IReadOnlyDictionary<string, string?>? variables = null, string[]? properties = null, string? project = null)
        {
            project ??= app;
            var arguments = new List<string> { "explain", "--json", "--project", project };
            arguments.AddRange(properties ?? []);
            var explain = _tool.Run(_world, "", [.. arguments], variables);
            Assert.True(explain.ExitCode == 0, $"{@case.Name}: explain failed\n{explain.Output}");
            var values = JsonNode.Parse(explain.Output)!["values"]!.AsArray().ToDictionary(v => v!["key"]!.GetValue<string>(), v => v!);

            var built = _world.BuildOk(project, variables, properties ?? []);
            var env = World.ReadEnv(project);
            foreach (var key in EnvKeys)
            {
                checkedValues++;
                var said = values[key]!["value"]!.GetValue<string>();
                if (said != env[key])
                {
                    mismatches.Add($"{@case.Name}: {key} explain '{said}', build wrote '{env[key]}'");
                }
            }
            var winner = values[@case.Key]!;
            var value = @case.Value ?? env[@case.Key];
            if (winner["layer"]!.GetValue<string>() != @case.Layer || winner["value"]!.GetValue<string>() != value)
            {
                mismatches.Add($"{@case.Name}: {@case.Key} explain {winner["layer"]}={winner["value"]}, expected {@case.Layer}={value}");
            }
            if (!built.Output.Contains($"Ushadow: {@case.Key} = {value} (", StringComparison.Ordinal))
            {
                mismatches.Add($"{@case.Name}: the build did not report {@case.Key} = {@case.Value}");
            }
        }

        // default, then each layer over the ones below it
        Check(new("default", "DATABASE_MODE", "default", "shared"));
        _world.WriteLauncherSettings(new JsonObject { ["database_mode"] = "isolated", ["shared_database_name"] = "from_launcher" });
        Check(new("launcher global", "DATABASE_MODE", "launcherGlobal", "isolated"));
        _world.WriteLauncherSettings(new JsonObject
        {
            ["database_mode"] = "isolated",
            ["shared_database_name"] = "from_launcher",
            ["environments"] = new JsonObject { ["gold"] = new JsonObject { ["database_mode"] = "shared" } },
        });
        Check(new("launcher per environment", "DATABASE_MODE", "launcherEnvironment", "shared"));
        Check(new("shared name from the launcher", "MONGODB_DATABASE", "inferred", "from_launcher"));
        File.WriteAllText(Path.Combine(_world.Root, "Directory.Build.props"),
            "<Project><PropertyGroup><UshadowSharedDatabaseName>from_props</UshadowSharedDatabaseName></PropertyGroup></Project>");
        Check(new("Directory.Build.props", "SHARED_DATABASE_NAME", "msBuildProperty", "from_props"));
        Check(new("-p: beats Directory.Build.props", "SHARED_DATABASE_NAME", "msBuildProperty", "from_cli"), properties: ["-p:UshadowSharedDatabaseName=from_cli"]);
        Check(new("-p: switches a condition in the project", "ENV_NAME", "inferred", "ushadow"), properties: ["-p:Flavor=plain"]);
        Check(new("project property", "ENV_NAME", "msBuildProperty", "gold"));

        var envFile = Path.Combine(app, ".env");
        File.WriteAllText(envFile, File.ReadAllText(envFile).Replace("DATABASE_MODE=shared", "DATABASE_MODE=isolated", StringComparison.Ordinal));
        Check(new(".env hand edit beats a variable", "DATABASE_MODE", "envFileEdit", "isolated"), new Dictionary<string, string?> { ["DATABASE_MODE"] = "shared" });
        File.WriteAllLines(envFile, File.ReadAllLines(envFile).Where(l => !l.StartsWith("DATABASE_MODE=", StringComparison.Ordinal)));
        Check(new("a deleted hand edit hands the key back", "DATABASE_MODE", "launcherEnvironment", "shared"));

        Check(new("variable beats property", "ENV_NAME", "environmentVariable", "blue"), new Dictionary<string, string?> { ["ENV_NAME"] = "blue" });
        Check(new("variable beats launcher", "DATABASE_MODE", "environmentVariable", "shared"), new Dictionary<string, string?> { ["ENV_NAME"] = "blue", ["DATABASE_MODE"] = "shared" });
        Check(new("PORT_OFFSET steers a new Redis number", "REDIS_DATABASE", "inferred", null), new Dictionary<string, string?> { ["ENV_NAME"] = "red", ["PORT_OFFSET"] = "70" });
        Check(new("a registered number is kept", "REDIS_DATABASE", "registry", null), new Dictionary<string, string?> { ["ENV_NAME"] = "red", ["PORT_OFFSET"] = "70" });

        // A linked worktree is named after its folder.
        Git(app, "init", "-q");
        Git(app, "add", "Consumer.csproj", "Program.cs");
        Git(app, "commit", "-q", "-m", "app");
        var worktree = Path.Combine(_world.Root, "worktrees", "teal");
        Git(app, "worktree", "add", "-q", worktree);
        File.WriteAllText(Path.Combine(worktree, "Consumer.csproj"), File.ReadAllText(Path.Combine(app, "Consumer.csproj")).Replace("gold", "", StringComparison.Ordinal));
        Check(new("linked worktree", "ENV_NAME", "inferred", "teal"), project: worktree);

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches of {checkedValues} values:\n" + string.Join("\n", mismatches));
        Assert.Equal(15 * EnvKeys.Length, checkedValues); // fifteen cases, every .env key of each
    }

    [Fact]
    public void Explain_changes_no_file_and_creates_none_anywhere()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        var stateDir = Path.Combine(_world.Root, "fresh-state");
        Thread.Sleep(20);
        var before = Snapshot(_world.Root);

        var people = _tool.Run(_world, "", "explain", "--project", app, "--state-dir", stateDir);
        var json = _tool.Run(_world, "", "explain", "--json", "--project", app);

        Assert.True(people.ExitCode == 0, people.Output);
        Assert.True(json.ExitCode == 0, json.Output);
        Assert.Contains("ENV_NAME = gold", people.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(stateDir));
        Assert.False(Directory.Exists(_world.LauncherDirectory));
        var after = Snapshot(_world.Root);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, pair => Assert.Equal(pair.Value, after[pair.Key]));
    }

    [Fact]
    public void Explain_of_a_project_MSBuild_cannot_evaluate_is_refused_with_a_code()
    {
        var app = _world.CreateConsumer("app");
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), "<Project><PropertyGroup>");

        var result = _tool.Run(_world, "", "explain", "--project", app);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("USH1017", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Every file and folder under <paramref name="root"/> (but the dotnet CLI's own home) with its bytes' length and write time.</summary>
    private static Dictionary<string, (long, DateTime)> Snapshot(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}dotnet-home", StringComparison.Ordinal))
            .ToDictionary(p => p, p => (File.Exists(p) ? new FileInfo(p).Length : -1, File.GetLastWriteTimeUtc(p)));

    private static void Git(string directory, params string[] arguments)
    {
        var environment = Scrubbed.Environment();
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        var result = Scrubbed.Run("git", directory,
            ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", .. arguments],
            environment, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)}: {result.Output}");
    }
}
