using System.Text.Json.Nodes;

namespace Ushadow.Build.Tests;

public sealed class ModeTests : IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Two_environments_share_the_database_by_default_but_never_a_Redis_number()
    {
        var gold = _world.CreateConsumer("gold");
        var blue = _world.CreateConsumer("blue");

        _world.BuildOk(gold, new Dictionary<string, string?> { ["ENV_NAME"] = "gold" });
        _world.BuildOk(blue, new Dictionary<string, string?> { ["ENV_NAME"] = "blue" });

        var goldEnv = World.ReadEnv(gold);
        var blueEnv = World.ReadEnv(blue);
        Assert.Equal("ushadow", goldEnv["MONGODB_DATABASE"]);
        Assert.Equal("ushadow", blueEnv["MONGODB_DATABASE"]);
        Assert.Equal("shared", goldEnv["DATABASE_MODE"]);
        Assert.Equal("ushadow-gold", goldEnv["COMPOSE_PROJECT_NAME"]);
        Assert.NotEqual(goldEnv["REDIS_DATABASE"], blueEnv["REDIS_DATABASE"]);
        var registry = JsonNode.Parse(File.ReadAllText(_world.RegistryFile))!;
        Assert.NotNull(registry["environments"]!["ushadow/gold"]);
        Assert.NotNull(registry["environments"]!["ushadow/blue"]);
    }

    [Fact]
    public void Two_apps_can_each_have_a_gold_and_each_app_shares_its_own_database()
    {
        var ushadow = _world.CreateConsumer("ushadow-gold", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        var shop = _world.CreateConsumer("shop-gold", properties: "<UshadowEnvName>gold</UshadowEnvName><UshadowAppName>shop</UshadowAppName>");

        _world.BuildOk(ushadow);
        _world.BuildOk(shop);

        Assert.Equal("ushadow", World.ReadEnv(ushadow)["MONGODB_DATABASE"]);
        Assert.Equal("shop", World.ReadEnv(shop)["MONGODB_DATABASE"]);
        Assert.Equal("shop-gold", World.ReadEnv(shop)["COMPOSE_PROJECT_NAME"]);
        Assert.NotEqual(World.ReadEnv(ushadow)["REDIS_DATABASE"], World.ReadEnv(shop)["REDIS_DATABASE"]);
    }

    [Fact]
    public void Isolated_mode_gives_each_environment_its_own_database_and_the_app_named_one_the_app_name()
    {
        var gold = _world.CreateConsumer("gold");
        var main = _world.CreateConsumer("main");

        _world.BuildOk(gold, new Dictionary<string, string?> { ["ENV_NAME"] = "gold", ["DATABASE_MODE"] = "isolated" });
        _world.BuildOk(main, new Dictionary<string, string?> { ["DATABASE_MODE"] = "ISOLATED" });

        Assert.Equal("ushadow_gold", World.ReadEnv(gold)["MONGODB_DATABASE"]);
        var mainEnv = World.ReadEnv(main);
        Assert.Equal("ushadow", mainEnv["ENV_NAME"]);
        Assert.Equal("ushadow", mainEnv["MONGODB_DATABASE"]);
        Assert.Equal("ushadow", mainEnv["COMPOSE_PROJECT_NAME"]);
        Assert.Equal("isolated", mainEnv["DATABASE_MODE"]);
    }

    [Fact]
    public void SHARED_DATABASE_NAME_is_honoured_and_Gold_folds_to_gold()
    {
        var gold = _world.CreateConsumer("gold");

        _world.BuildOk(gold, new Dictionary<string, string?> { ["ENV_NAME"] = "Gold", ["SHARED_DATABASE_NAME"] = "team_data" });

        var env = World.ReadEnv(gold);
        Assert.Equal("gold", env["ENV_NAME"]);
        Assert.Equal("team_data", env["MONGODB_DATABASE"]);
        Assert.Equal("ushadow-gold", env["COMPOSE_PROJECT_NAME"]);
    }

    [Fact]
    public void A_linked_git_worktree_is_an_environment_named_after_its_folder()
    {
        var repo = Path.Combine(_world.Root, "repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, ".gitignore"), ".env\nconfig/SECRETS/\nbin/\nobj/\n");
        Git(repo, "add", ".gitignore");
        Git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "init");
        var red = Path.Combine(_world.Root, "worktrees", "Red");
        Git(repo, "worktree", "add", "-q", red, "-b", "red/work");
        var project = Path.Combine(red, "src", "api");
        Directory.CreateDirectory(project);
        var consumer = _world.CreateConsumer(Path.GetRelativePath(_world.Root, project));

        _world.BuildOk(consumer);

        var env = World.ReadEnv(red); // .env lands in the worktree root, not the project folder
        Assert.Equal("red", env["ENV_NAME"]);
        Assert.True(File.Exists(Path.Combine(red, "config", "SECRETS", "secrets.yaml")));
    }

    internal static void Git(string directory, params string[] arguments)
    {
        var result = Scrubbed.Run("git", directory, arguments, Scrubbed.Environment(), TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Output);
    }
}
