namespace Ushadow.Build.Tests;

public sealed class ModeSwitchTests : IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Switching_isolated_to_shared_warns_once_naming_the_databases_left_behind()
    {
        var gold = _world.CreateConsumer("gold", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        var isolated = new Dictionary<string, string?> { ["DATABASE_MODE"] = "isolated" };
        _world.BuildOk(gold, isolated);

        var switched = _world.BuildOk(gold).Output;
        var again = _world.BuildOk(gold, new Dictionary<string, string?> { ["PORT_OFFSET"] = "40" }).Output;

        Assert.Contains("warning USH2001", switched, StringComparison.Ordinal);
        Assert.Contains("'ushadow_gold'", switched, StringComparison.Ordinal);
        Assert.Contains("mongodump --db=ushadow_gold --archive | mongorestore --archive --nsFrom='ushadow_gold.*' --nsTo='ushadow.*'", switched, StringComparison.Ordinal);
        Assert.DoesNotContain("USH2001", again, StringComparison.Ordinal);
    }

    [Fact]
    public void Switching_shared_to_isolated_warns_that_the_new_database_starts_empty()
    {
        var gold = _world.CreateConsumer("gold", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(gold);

        var switched = _world.BuildOk(gold, new Dictionary<string, string?> { ["DATABASE_MODE"] = "isolated" }).Output;

        Assert.Contains("warning USH2002", switched, StringComparison.Ordinal);
        Assert.Contains("'ushadow_gold', which starts empty", switched, StringComparison.Ordinal);
        Assert.Contains("mongodump --db=ushadow --archive | mongorestore --archive --nsFrom='ushadow.*' --nsTo='ushadow_gold.*'", switched, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_environment_named_prod_is_warned_about()
    {
        var prod = _world.CreateConsumer("prod", properties: "<UshadowEnvName>prod</UshadowEnvName>");
        var staging = _world.CreateConsumer("staging", properties: "<UshadowEnvName>staging</UshadowEnvName><UshadowProductionEnvironments>staging;live</UshadowProductionEnvironments>");

        Assert.Contains("warning USH3001", _world.BuildOk(prod).Output, StringComparison.Ordinal);
        Assert.Contains("warning USH3001", _world.BuildOk(staging).Output, StringComparison.Ordinal);
        Assert.DoesNotContain("USH3001", _world.BuildOk(prod, new Dictionary<string, string?> { ["DATABASE_MODE"] = "isolated" }).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tracked_env_file_is_warned_about()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        ModeTests.Git(app, "init", "-q");
        File.WriteAllText(Path.Combine(app, ".env"), "MY_KEY=1\n");
        ModeTests.Git(app, "add", ".env");

        var output = _world.BuildOk(app).Output;

        Assert.Contains("warning USH3002", output, StringComparison.Ordinal);
        Assert.Contains(".env' is tracked by git", output, StringComparison.Ordinal);
    }
}
