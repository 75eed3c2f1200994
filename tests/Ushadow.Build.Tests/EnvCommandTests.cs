using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// <c>ushadow env create|list|remove|prune</c> as a person runs them: the installed tool, inside real git
/// repositories of a consumer project, against a real <c>redis-server</c>.
/// </summary>
public sealed class EnvCommandTests : IClassFixture<RedisServer>, IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);
    private readonly UshadowTool _tool = UshadowTool.Instance;
    private readonly RedisServer _redis;

    public EnvCommandTests(RedisServer redis)
    {
        _redis = redis;
        using var connection = _redis.Connect();
        connection.GetServer(connection.GetEndPoints()[0]).FlushAllDatabases();
    }

    public void Dispose() => _world.Dispose();

    /// <summary>A git repository holding a consumer project, at <c>Root/&lt;folder&gt;</c>; the package's outputs and build folders are ignored, as an app's are.</summary>
    private string Repository(string folder = "app", string properties = "")
    {
        var directory = _world.CreateConsumer(folder, properties);
        File.WriteAllText(Path.Combine(directory, ".gitignore"), "bin/\nobj/\n.env\nconfig/SECRETS/\n");
        GitOk(directory, "init", "-q", "-b", "main");
        GitOk(directory, "add", "-A");
        GitOk(directory, "commit", "-q", "-m", "consumer");
        return directory;
    }

    private string WorktreeOf(string name, string repository = "app") => Path.Combine(_world.Root, "worktrees", repository, name);

    private ProcessResult Ushadow(string directory, params string[] arguments) => UshadowWith(directory, null, arguments);

    private ProcessResult UshadowWith(string directory, IReadOnlyDictionary<string, string>? variables, params string[] arguments)
    {
        var environment = UshadowTool.EnvironmentFor(_world);
        foreach (var (key, value) in variables ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return Scrubbed.Run(_tool.Executable, directory, arguments, environment, TimeSpan.FromMinutes(2), "");
    }

    private ProcessResult CreateOk(string repository, string name, params string[] extra)
    {
        var result = Ushadow(repository, ["env", "create", name, "--redis", _redis.Url, .. extra]);
        Assert.True(result.ExitCode == 0, $"env create {name} failed:\n{result.Output}");
        return result;
    }

    private JsonObject Registry() => JsonNode.Parse(File.ReadAllText(_world.RegistryFile))!.AsObject();

    private JsonObject Entry(string name, string app = "ushadow") => Registry()["environments"]![$"{app}/{name}"]!.AsObject();

    private int RedisNumberOf(string name) => Entry(name)["redis_database"]!.GetValue<int>();

    [Fact]
    public void Create_then_build_changes_no_byte_of_the_env_file_the_secrets_or_the_registry_entry()
    {
        var repository = Repository();

        var created = CreateOk(repository, "gold", "--mode", "isolated");

        var worktree = WorktreeOf("gold");
        var envFile = Path.Combine(worktree, ".env");
        var secrets = Path.Combine(worktree, "config", "SECRETS", "secrets.yaml");
        var before = (File.ReadAllBytes(envFile), File.ReadAllBytes(secrets), File.ReadAllBytes(_world.RegistryFile), Entry("gold").ToJsonString());
        Assert.Equal("gold", World.ReadEnv(worktree)["ENV_NAME"]);
        Assert.Equal("ushadow_gold", World.ReadEnv(worktree)["MONGODB_DATABASE"]);
        Assert.Contains("Each environment has its own MongoDB database. Data is completely isolated.", created.Output, StringComparison.Ordinal);
        Assert.Equal("gold", GitOk(worktree, "rev-parse", "--abbrev-ref", "HEAD"));

        _world.BuildOk(worktree);

        Assert.Equal(before.Item1, File.ReadAllBytes(envFile));
        Assert.Equal(before.Item2, File.ReadAllBytes(secrets));
        Assert.Equal(before.Item3, File.ReadAllBytes(_world.RegistryFile));
        Assert.Equal(before.Item4, Entry("gold").ToJsonString());
        using var connection = _redis.Connect();
        Assert.Equal("gold", (string?)connection.GetDatabase(RedisNumberOf("gold")).StringGet("ushadow:env:name"));
    }

    [Fact]
    public void After_remove_the_number_is_free_and_the_next_create_takes_it()
    {
        // One Redis database in all: the next environment gets it only if remove freed it.
        var repository = Repository(properties: "<UshadowRedisDatabaseCount>1</UshadowRedisDatabaseCount>");
        CreateOk(repository, "gold");
        Assert.Equal(0, RedisNumberOf("gold"));

        var freed = Ushadow(repository, "env", "remove", "gold", "--keep-worktree", "--yes");
        var next = CreateOk(repository, "blue");
        var removed = Ushadow(repository, "env", "remove", "blue", "--yes");

        Assert.True(freed.ExitCode == 0, freed.Output);
        Assert.True(Directory.Exists(WorktreeOf("gold")), "--keep-worktree keeps the folder");
        Assert.Contains("Redis database    0", next.Output, StringComparison.Ordinal);
        Assert.True(removed.ExitCode == 0, removed.Output);
        Assert.False(Directory.Exists(WorktreeOf("blue")));
        Assert.DoesNotContain(WorktreeOf("blue"), GitOk(repository, "worktree", "list"), StringComparison.Ordinal);
        Assert.Empty(Registry()["environments"]!.AsObject());
    }

    [Fact]
    public void Without_a_redis_server_create_goes_on_and_flush_refuses_and_no_password_is_printed()
    {
        var repository = Repository();
        const string Unreachable = "redis://someone:s3cret-pw@127.0.0.1:1/0";

        var created = Ushadow(repository, "env", "create", "gold", "--redis", Unreachable);
        var registry = File.ReadAllBytes(_world.RegistryFile);
        var flush = Ushadow(repository, "env", "remove", "gold", "--flush-redis", "--redis", Unreachable, "--yes");

        Assert.True(created.ExitCode == 0, created.Output);
        Assert.Contains("ushadow:env:name was not set", created.Output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", created.Output, StringComparison.Ordinal);
        Assert.Equal(1, flush.ExitCode);
        Assert.Contains("USH1030", flush.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", created.Output + flush.Output, StringComparison.Ordinal);
        Assert.Equal(registry, File.ReadAllBytes(_world.RegistryFile));
        Assert.True(Directory.Exists(WorktreeOf("gold")));
    }

    [Fact]
    public void Flush_redis_empties_exactly_the_environments_own_database()
    {
        var repository = Repository();
        CreateOk(repository, "gold");
        CreateOk(repository, "blue");
        var gold = RedisNumberOf("gold");
        var blue = RedisNumberOf("blue");
        using var connection = _redis.Connect();
        connection.GetDatabase(gold).StringSet("session:1", "gold data");
        connection.GetDatabase(blue).StringSet("session:1", "blue data");

        var result = Ushadow(repository, "env", "remove", "gold", "--flush-redis", "--redis", _redis.Url, "--yes");

        Assert.True(result.ExitCode == 0, result.Output);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        Assert.Equal(0, server.DatabaseSize(gold));
        Assert.Equal("blue data", (string?)connection.GetDatabase(blue).StringGet("session:1"));
        Assert.Equal("blue", (string?)connection.GetDatabase(blue).StringGet("ushadow:env:name"));
        Assert.Equal(
            Enumerable.Range(0, 16).Where(n => n != blue).Select(_ => 0L),
            Enumerable.Range(0, 16).Where(n => n != blue).Select(n => server.DatabaseSize(n)));
    }

    [Fact]
    public void Flush_redis_refuses_a_database_marked_by_another_environment_and_keeps_its_keys()
    {
        var repository = Repository();
        CreateOk(repository, "gold");
        var gold = RedisNumberOf("gold");
        using var connection = _redis.Connect();
        connection.GetDatabase(gold).StringSet("ushadow:env:name", "intruder");
        connection.GetDatabase(gold).StringSet("session:1", "someone's data");
        var registry = File.ReadAllBytes(_world.RegistryFile);

        var result = Ushadow(repository, "env", "remove", "gold", "--flush-redis", "--redis", _redis.Url, "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("USH1034", result.Output, StringComparison.Ordinal);
        Assert.Contains("intruder", result.Output, StringComparison.Ordinal);
        Assert.Equal("someone's data", (string?)connection.GetDatabase(gold).StringGet("session:1"));
        Assert.Equal(registry, File.ReadAllBytes(_world.RegistryFile));
        Assert.True(Directory.Exists(WorktreeOf("gold")));
    }

    [Fact]
    public void Remove_refuses_uncommitted_work_like_git_and_leaves_the_registry_as_it_was()
    {
        var repository = Repository();
        CreateOk(repository, "gold");
        File.AppendAllText(Path.Combine(WorktreeOf("gold"), "Program.cs"), "// work in progress\n");
        var registry = File.ReadAllBytes(_world.RegistryFile);

        var refused = Ushadow(repository, "env", "remove", "gold", "--yes");
        var unconfirmed = Ushadow(repository, "env", "remove", "gold", "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("USH1033", refused.Output, StringComparison.Ordinal);
        Assert.Equal(1, unconfirmed.ExitCode);
        Assert.Contains("USH1038", unconfirmed.Output, StringComparison.Ordinal);
        Assert.Equal(registry, File.ReadAllBytes(_world.RegistryFile));
        Assert.True(File.Exists(Path.Combine(WorktreeOf("gold"), "Program.cs")));

        var forced = Ushadow(repository, "env", "remove", "gold", "--force", "--yes");

        Assert.True(forced.ExitCode == 0, forced.Output);
        Assert.False(Directory.Exists(WorktreeOf("gold")));
    }

    [Theory]
    [InlineData("bad-name", "USH1002")]
    [InlineData("existing-folder", "USH1031")]
    [InlineData("existing-branch", "USH1032")]
    [InlineData("registered-from-another-root", "USH1009")]
    [InlineData("no-redis-number-left", "USH1008")]
    public void Each_refusal_of_create_leaves_git_and_every_file_as_they_were(string refusal, string code)
    {
        var repository = Repository(properties: refusal == "no-redis-number-left" ? "<UshadowRedisDatabaseCount>1</UshadowRedisDatabaseCount>" : "");
        var name = "gold";
        switch (refusal)
        {
            case "bad-name":
                name = "feature/login";
                break;
            case "existing-folder":
                Directory.CreateDirectory(WorktreeOf("gold"));
                File.WriteAllText(Path.Combine(WorktreeOf("gold"), "notes.txt"), "mine");
                break;
            case "existing-branch":
                GitOk(repository, "branch", "gold");
                break;
            case "no-redis-number-left":
                CreateOk(repository, "blue");
                break;
            default:
                // gold of the same app, created from a clone of the same repository.
                var other = Path.Combine(_world.Root, "other");
                GitOk(_world.Root, "clone", "-q", repository, other);
                CreateOk(other, "gold");
                break;
        }
        var worktrees = GitOk(repository, "worktree", "list", "--porcelain");
        var branches = GitOk(repository, "branch", "--list", "--all");
        var files = Snapshot();

        var result = Ushadow(repository, "env", "create", name, "--mode", "isolated", "--redis", _redis.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(code, result.Output, StringComparison.Ordinal);
        Assert.Equal(worktrees, GitOk(repository, "worktree", "list", "--porcelain"));
        Assert.Equal(branches, GitOk(repository, "branch", "--list", "--all"));
        Assert.Equal(files, Snapshot());
    }

    [Fact]
    public void Prune_dry_run_lists_the_entries_whose_root_is_gone_and_prune_removes_them()
    {
        var repository = Repository();
        CreateOk(repository, "gold");
        CreateOk(repository, "blue");
        Directory.Delete(WorktreeOf("gold"), recursive: true);
        var registry = File.ReadAllBytes(_world.RegistryFile);

        var dryRun = Ushadow(repository, "env", "prune", "--dry-run");

        Assert.True(dryRun.ExitCode == 0, dryRun.Output);
        Assert.Contains("would drop ushadow/gold", dryRun.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ushadow/blue", dryRun.Output, StringComparison.Ordinal);
        Assert.Equal(registry, File.ReadAllBytes(_world.RegistryFile));
        Assert.Contains(WorktreeOf("gold"), GitOk(repository, "worktree", "list"), StringComparison.Ordinal);

        var pruned = Ushadow(repository, "env", "prune");

        Assert.True(pruned.ExitCode == 0, pruned.Output);
        Assert.Equal(["ushadow/blue"], Registry()["environments"]!.AsObject().Select(p => p.Key));
        Assert.DoesNotContain(WorktreeOf("gold"), GitOk(repository, "worktree", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public void List_json_matches_the_registry_file_and_marks_the_current_environment()
    {
        var repository = Repository();
        CreateOk(repository, "gold", "--mode", "isolated");
        CreateOk(repository, "blue");
        Directory.CreateDirectory(Path.Combine(WorktreeOf("blue"), "src"));
        var registryBefore = File.ReadAllBytes(_world.RegistryFile);

        var result = UshadowWith(Path.Combine(WorktreeOf("blue"), "src"), new Dictionary<string, string> { ["USHADOW_HOST"] = "build-box" }, "env", "list", "--json");

        Assert.True(result.ExitCode == 0, result.Output);
        var listed = JsonNode.Parse(result.Output)!.AsArray().Select(n => n!.AsObject()).ToList();
        var registered = Registry()["environments"]!.AsObject().Select(p => p.Value!.AsObject()).ToList();
        Assert.Equal(registered.Count, listed.Count);
        foreach (var (entry, shown) in registered.Zip(listed))
        {
            Assert.Equal(entry["name"]!.GetValue<string>(), shown["name"]!.GetValue<string>());
            Assert.Equal(entry["app"]!.GetValue<string>(), shown["app"]!.GetValue<string>());
            Assert.Equal(entry["root"]!.GetValue<string>(), shown["root"]!.GetValue<string>());
            Assert.Equal(entry["database_mode"]!.GetValue<string>(), shown["mode"]!.GetValue<string>());
            Assert.Equal(entry["mongodb_database"]!.GetValue<string>(), shown["mongoDatabase"]!.GetValue<string>());
            Assert.Equal(entry["redis_database"]!.GetValue<int>(), shown["redisDatabase"]!.GetValue<int>());
            Assert.Equal(entry["updated_at"]!.GetValue<string>(), shown["updatedAt"]!.GetValue<string>());
            Assert.True(shown["rootExists"]!.GetValue<bool>());
            Assert.Equal("build-box", shown["host"]!.GetValue<string>());
            Assert.True(shown.ContainsKey("portOffset"));
            Assert.Equal(shown["name"]!.GetValue<string>() == "blue", shown["current"]!.GetValue<bool>());
        }
        Assert.Equal(registryBefore, File.ReadAllBytes(_world.RegistryFile));
    }

    [Fact]
    public async Task Ten_creates_at_the_same_moment_give_ten_worktrees_ten_redis_numbers_and_a_valid_registry()
    {
        var repository = Repository();
        var names = Enumerable.Range(1, 10).Select(i => $"env{i}").ToList();
        var environment = UshadowTool.EnvironmentFor(_world);

        var processes = names.Select((name, i) => (name, process: Processes.Start(
            _tool.Executable,
            ["env", "create", name, "--redis", _redis.Url, "--mode", i % 2 == 0 ? "isolated" : "shared"],
            repository,
            environment))).ToList();
        try
        {
            foreach (var (name, process) in processes)
            {
                Assert.True(await process.WaitForExitAsync(TimeSpan.FromMinutes(4)), $"env create {name} did not end");
                Assert.True(process.ExitCode == 0, $"env create {name} failed:\n{process.StandardOutput}\n{process.StandardError}");
            }
        }
        finally
        {
            foreach (var (_, process) in processes)
            {
                process.Dispose(); // kills what still runs
            }
        }

        var worktrees = GitOk(repository, "worktree", "list", "--porcelain");
        Assert.All(names, name => Assert.Contains("worktree " + WorktreeOf(name) + "\n", worktrees + "\n", StringComparison.Ordinal));
        var numbers = names.Select(RedisNumberOf).ToList();
        Assert.Equal(10, numbers.Distinct().Count());
        Assert.Equal(names.Select(n => $"ushadow/{n}").Order(StringComparer.Ordinal), Registry()["environments"]!.AsObject().Select(p => p.Key));
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(_world.LauncherDirectory, "settings.json")))!["environments"]!.AsObject();
        Assert.Equal(names.Order(StringComparer.Ordinal), settings.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(names, name => Assert.Equal(RedisNumberOf(name).ToString(System.Globalization.CultureInfo.InvariantCulture), World.ReadEnv(WorktreeOf(name))["REDIS_DATABASE"]));
    }

    [Fact]
    public void Two_plain_clones_built_one_after_the_other_get_two_environments_and_two_redis_numbers()
    {
        var repository = Repository("origin");
        var first = Path.Combine(_world.Root, "first");
        var second = Path.Combine(_world.Root, "second");
        GitOk(_world.Root, "clone", "-q", repository, first);
        GitOk(_world.Root, "clone", "-q", repository, second);

        _world.BuildOk(first);
        var build = _world.BuildOk(second);

        var environments = Registry()["environments"]!.AsObject();
        Assert.Equal(["ushadow/second", "ushadow/ushadow"], environments.Select(p => p.Key));
        Assert.NotEqual(environments["ushadow/second"]!["redis_database"]!.GetValue<int>(), environments["ushadow/ushadow"]!["redis_database"]!.GetValue<int>());
        Assert.Equal("ushadow", World.ReadEnv(first)["ENV_NAME"]);
        Assert.Equal("second", World.ReadEnv(second)["ENV_NAME"]);
        Assert.Contains("second clone", build.Output, StringComparison.Ordinal);
    }

    /// <summary>Every file under the world (but the dotnet CLI's home) with a hash of its content and its write time.</summary>
    private SortedDictionary<string, string> Snapshot()
    {
        var cliHome = Path.Combine(_world.Root, "dotnet-home") + Path.DirectorySeparatorChar;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_world.Root, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(cliHome, StringComparison.Ordinal)))
        {
            files[file] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))) + " " + File.GetLastWriteTimeUtc(file).Ticks;
        }
        foreach (var directory in Directory.EnumerateDirectories(_world.Root, "*", SearchOption.AllDirectories).Where(d => !(d + "/").StartsWith(cliHome, StringComparison.Ordinal)))
        {
            files[directory + "/"] = "folder";
        }
        return files;
    }

    private string GitOk(string directory, params string[] arguments) => _world.GitOk(directory, arguments);
}
