using System.Globalization;
using StackExchange.Redis;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>Builds against the team registry on a real <c>redis-server</c> (README, Teams on one server).</summary>
public sealed class TeamRegistryTests : IDisposable
{
    private const string Secret = "Tr0ub4dor-never-logged";

    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    [Fact]
    public void With_the_server_stopped_a_known_environment_builds_with_a_warning_a_new_one_fails_and_no_log_holds_the_password()
    {
        using var server = RedisServer.Start(new() { Password = Secret });
        var variables = new Dictionary<string, string?> { ["USHADOW_REGISTRY"] = server.Url, ["USHADOW_HOST"] = "machine-a" };
        var gold = _world.CreateConsumer("gold", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        var first = _world.BuildOk(gold, variables);
        Assert.DoesNotContain(Secret, first.Output, StringComparison.Ordinal);
        var number = World.ReadEnv(gold)["REDIS_DATABASE"];
        Assert.NotEqual("15", number); // the reserved database

        server.Stop();
        File.AppendAllText(Path.Combine(gold, ".env"), "MY_OWN=1\n"); // an input changes: the task must run
        var binlog = Path.Combine(_world.Root, "offline.binlog");
        var offline = _world.Build(gold, variables, "-v:diag", $"-bl:{binlog}");

        Assert.True(offline.ExitCode == 0, "the offline build failed:\n" + offline.Output);
        Assert.Contains("USH2050", offline.Output, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{server.Port}", offline.Output, StringComparison.Ordinal);
        Assert.Equal(number, World.ReadEnv(gold)["REDIS_DATABASE"]);
        Assert.DoesNotContain(Secret, offline.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(binlog)), StringComparison.Ordinal);
        // The binary log is compressed: replay it to text as well.
        var replay = _world.Dotnet(_world.Root, null, "build", binlog, "-v:diag", "-nodeReuse:false");
        Assert.Contains("USH2050", replay.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, replay.Output, StringComparison.Ordinal);

        var blue = _world.CreateConsumer("blue", properties: "<UshadowEnvName>blue</UshadowEnvName>");
        var refused = _world.Build(blue, variables, "-v:diag");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("error USH1051", refused.Output, StringComparison.Ordinal);
        Assert.Contains("USHADOW_REGISTRY=file", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refused.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(blue, ".env")));
    }

    [Fact]
    public void No_op_builds_open_no_connection_and_a_changed_registry_variable_reruns_the_resolution()
    {
        using var server = new RedisServer();
        using var client = server.Connect();
        var variables = new Dictionary<string, string?> { ["USHADOW_REGISTRY"] = server.Url, ["USHADOW_HOST"] = "machine-a" };
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(app, variables);
        var number = int.Parse(World.ReadEnv(app)["REDIS_DATABASE"], CultureInfo.InvariantCulture);
        Assert.Equal("gold", (string?)client.GetDatabase(number).StringGet("ushadow:env:name"));
        var before = Connections(client, server.Port);

        for (var i = 0; i < 5; i++)
        {
            var output = _world.BuildOk(app, variables).Output;
            Assert.Contains("Skipping target \"_UshadowRun\" because all output files are up-to-date", output, StringComparison.Ordinal);
        }

        Assert.Equal(before, Connections(client, server.Port));

        // The same server and database, spelled differently: the fingerprint changes, the task runs and connects.
        variables["USHADOW_REGISTRY"] = server.Url + "/15";
        var rerun = _world.BuildOk(app, variables).Output;
        Assert.DoesNotContain("Skipping target \"_UshadowRun\"", rerun, StringComparison.Ordinal);
        Assert.True(Connections(client, server.Port) > before);
        Assert.Equal(number.ToString(CultureInfo.InvariantCulture), World.ReadEnv(app)["REDIS_DATABASE"]);
    }

    [Fact]
    public void The_tool_lists_every_machines_entries_with_its_host_and_prune_host_frees_a_departed_machines()
    {
        using var server = new RedisServer();
        Dictionary<string, string?> Machine(string host) => new()
        {
            ["USHADOW_REGISTRY"] = server.Url,
            ["USHADOW_HOST"] = host,
            ["USHADOW_STATE_DIR"] = Path.Combine(_world.Root, "state-" + host),
        };
        _world.BuildOk(_world.CreateConsumer("gold", properties: "<UshadowEnvName>gold</UshadowEnvName>"), Machine("machine-a"));
        _world.BuildOk(_world.CreateConsumer("blue", properties: "<UshadowEnvName>blue</UshadowEnvName>"), Machine("machine-b"));
        var tool = UshadowTool.Instance;

        var list = tool.Run(_world, "", ["env", "list", "--json"], Machine("machine-b"));
        Assert.True(list.ExitCode == 0, list.Output);
        var entries = System.Text.Json.Nodes.JsonNode.Parse(list.Output)!.AsArray();
        Assert.Equal(["blue machine-b", "gold machine-a"], entries.Select(e => $"{e!["name"]} {e["host"]}").Order());

        var prune = tool.Run(_world, "", ["env", "prune", "--host", "machine-a"], Machine("machine-b"));
        Assert.True(prune.ExitCode == 0, prune.Output);
        Assert.Contains("gold of host 'machine-a'", prune.Output, StringComparison.Ordinal);

        var after = tool.Run(_world, "", ["env", "list", "--json"], Machine("machine-b"));
        Assert.Equal(["blue"], System.Text.Json.Nodes.JsonNode.Parse(after.Output)!.AsArray().Select(e => (string)e!["name"]!));
    }

    private static long Connections(ConnectionMultiplexer client, int port)
    {
        var stats = client.GetServer("127.0.0.1", port).Info("stats").SelectMany(g => g);
        return long.Parse(stats.Single(p => p.Key == "total_connections_received").Value, CultureInfo.InvariantCulture);
    }
}
