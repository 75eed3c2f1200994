using System.Text.Json.Nodes;

namespace Ushadow.Build.Tests;

public sealed class PrecedenceTests : IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Each_layer_beats_the_one_below_it()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");

        // default
        _world.BuildOk(app);
        Assert.Equal("shared", World.ReadEnv(app)["DATABASE_MODE"]);

        // launcher global > default
        _world.WriteLauncherSettings(new JsonObject { ["database_mode"] = "isolated", ["shared_database_name"] = "from_launcher" });
        _world.BuildOk(app);
        Assert.Equal("isolated", World.ReadEnv(app)["DATABASE_MODE"]);

        // launcher per-environment > launcher global
        _world.WriteLauncherSettings(new JsonObject
        {
            ["database_mode"] = "isolated",
            ["environments"] = new JsonObject { ["gold"] = new JsonObject { ["database_mode"] = "shared", ["shared_database_name"] = "gold_team" } },
        });
        _world.BuildOk(app);
        Assert.Equal("shared", World.ReadEnv(app)["DATABASE_MODE"]);
        Assert.Equal("gold_team", World.ReadEnv(app)["MONGODB_DATABASE"]);

        // MSBuild property > launcher
        _world.BuildOk(app, null, "-p:UshadowDatabaseMode=isolated");
        Assert.Equal("isolated", World.ReadEnv(app)["DATABASE_MODE"]);
        Assert.Equal("ushadow_gold", World.ReadEnv(app)["MONGODB_DATABASE"]);

        // environment variable > MSBuild property
        var output = _world.BuildOk(app, new Dictionary<string, string?> { ["DATABASE_MODE"] = "shared" }, "-p:UshadowDatabaseMode=isolated").Output;
        Assert.Equal("shared", World.ReadEnv(app)["DATABASE_MODE"]);
        Assert.Contains("Ushadow: DATABASE_MODE = shared (environment variable DATABASE_MODE)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hand_edit_survives_rebuilds_and_returns_control_when_its_line_is_deleted()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(app);
        var envPath = Path.Combine(app, ".env");
        var text = File.ReadAllText(envPath);
        File.WriteAllText(envPath, text.Replace("MONGODB_DATABASE=ushadow", "MONGODB_DATABASE=my_own_db", StringComparison.Ordinal) + "OTHER_TOOL=1\n");

        var first = _world.BuildOk(app).Output;
        _world.BuildOk(app, new Dictionary<string, string?> { ["DATABASE_MODE"] = "shared" });

        Assert.Equal("my_own_db", World.ReadEnv(app)["MONGODB_DATABASE"]);
        Assert.Contains("MONGODB_DATABASE = my_own_db (hand edit in", first, StringComparison.Ordinal);
        Assert.Contains("MONGODB_DATABASE keeps the value typed into", first, StringComparison.Ordinal);

        File.WriteAllLines(envPath, File.ReadAllLines(envPath).Where(l => !l.StartsWith("MONGODB_DATABASE=", StringComparison.Ordinal)));
        _world.BuildOk(app);

        Assert.Equal("ushadow", World.ReadEnv(app)["MONGODB_DATABASE"]);
        Assert.Equal("1", World.ReadEnv(app)["OTHER_TOOL"]);
    }

    [Fact]
    public void Normal_verbosity_shows_every_value_with_its_source()
    {
        var app = _world.CreateConsumer("app");

        var output = _world.BuildOk(app, new Dictionary<string, string?> { ["ENV_NAME"] = "blue", ["PORT_OFFSET"] = "30" }).Output;

        Assert.Contains("Ushadow: ENV_NAME = blue (environment variable ENV_NAME)", output, StringComparison.Ordinal);
        Assert.Contains("Ushadow: DATABASE_MODE = shared (default)", output, StringComparison.Ordinal);
        Assert.Contains("Ushadow: REDIS_DATABASE = 3 (inferred: allocated in", output, StringComparison.Ordinal);
        Assert.Contains("Ushadow: MONGODB_DATABASE = ushadow (inferred: shared mode", output, StringComparison.Ordinal);
        Assert.Equal("3", World.ReadEnv(app)["REDIS_DATABASE"]);

        // A no-op build skips the task but still shows the values.
        var again = _world.BuildOk(app, new Dictionary<string, string?> { ["ENV_NAME"] = "blue", ["PORT_OFFSET"] = "30" }).Output;
        Assert.Contains("Ushadow: ENV_NAME = blue (environment variable ENV_NAME)", again, StringComparison.Ordinal);
        Assert.Contains("Ushadow: REDIS_DATABASE = 3 (registry ", again, StringComparison.Ordinal);
        Assert.Contains("environments.json (kept))", again, StringComparison.Ordinal);
    }
}
