using System.Text.Json.Nodes;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// <c>ushadow doctor</c> as a person runs it: the installed tool, a registry made by real builds in the test's own
/// HOME, and a real <c>redis-server</c> (16 databases, or 4 where the test says so).
/// </summary>
public sealed class DoctorTests : IClassFixture<RedisServer>, IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);
    private readonly UshadowTool _tool = UshadowTool.Instance;
    private readonly RedisServer _redis;

    public DoctorTests(RedisServer redis)
    {
        _redis = redis;
        using var connection = _redis.Connect();
        connection.GetServer(connection.GetEndPoints()[0]).FlushAllDatabases();
    }

    public void Dispose() => _world.Dispose();

    private ProcessResult Doctor(params string[] arguments) => _tool.Run(_world, "", ["doctor", .. arguments]);

    /// <summary>Builds a consumer as environment <paramref name="name"/> (registering it) and returns its folder and Redis number.</summary>
    private (string Directory, int RedisDatabase) Registered(string name)
    {
        var directory = _world.CreateConsumer(name);
        _world.BuildOk(directory, new Dictionary<string, string?> { ["ENV_NAME"] = name });
        return (directory, int.Parse(World.ReadEnv(directory)["REDIS_DATABASE"], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static JsonArray Findings(ProcessResult result) => JsonNode.Parse(result.Output)!["findings"]!.AsArray();

    [Fact]
    public void Doctor_finds_a_server_configured_with_fewer_databases_than_the_count()
    {
        using var small = RedisServer.Start(new() { Databases = 4 });

        var people = Doctor("--redis", small.Url);
        var json = Doctor("--redis", small.Url, "--json");
        var withCountFour = Doctor("--redis", small.Url, "--count", "4", "--json");

        Assert.True(people.ExitCode == 1, people.Output);
        Assert.Contains("USH1041", people.Output, StringComparison.Ordinal);
        Assert.Contains("'databases 4', fewer than the count 16", people.Output, StringComparison.Ordinal);
        Assert.Equal(1, json.ExitCode);
        var finding = Assert.Single(Findings(json));
        Assert.Equal("USH1041", finding!["code"]!.GetValue<string>());
        Assert.True(withCountFour.ExitCode == 0, withCountFour.Output);
        Assert.Empty(Findings(withCountFour));
    }

    [Fact]
    public void Doctor_finds_another_environments_marker_in_a_registered_number()
    {
        var (_, number) = Registered("gold");
        using (var connection = _redis.Connect())
        {
            connection.GetDatabase(number).StringSet("ushadow:env:name", "blue");
        }

        var result = Doctor("--redis", _redis.Url, "--json");

        Assert.True(result.ExitCode == 1, result.Output);
        var finding = Assert.Single(Findings(result));
        Assert.Equal("USH3040", finding!["code"]!.GetValue<string>());
        var message = finding["message"]!.GetValue<string>();
        Assert.Contains($"Redis database {number}", message, StringComparison.Ordinal);
        Assert.Contains("ushadow/gold", message, StringComparison.Ordinal);
        Assert.Contains("'blue'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_finds_a_registered_root_that_is_gone()
    {
        var (directory, _) = Registered("teal");
        Directory.Move(directory, directory + "-moved");

        var result = Doctor("--redis", _redis.Url, "--json");

        Assert.True(result.ExitCode == 1, result.Output);
        var finding = Assert.Single(Findings(result));
        Assert.Equal("USH1042", finding!["code"]!.GetValue<string>());
        Assert.Contains(directory, finding["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_healthy_setup_has_no_findings_and_exits_0()
    {
        var (_, number) = Registered("green");
        using (var connection = _redis.Connect())
        {
            connection.GetDatabase(number).StringSet("ushadow:env:name", "green");
        }

        var json = Doctor("--redis", _redis.Url, "--json");
        var people = Doctor("--redis", _redis.Url);

        Assert.True(json.ExitCode == 0, json.Output);
        Assert.Equal("{\"findings\":[]}", JsonNode.Parse(json.Output)!.ToJsonString());
        Assert.True(people.ExitCode == 0, people.Output);
        Assert.Contains($"ushadow/green: Redis database {number} holds its own marker", people.Output, StringComparison.Ordinal);
        Assert.Contains("No findings.", people.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_does_not_answer_is_a_finding_that_never_shows_the_password()
    {
        var gone = RedisServer.Start(new() { Databases = 4 });
        var url = $"redis://:hunter2-secret@127.0.0.1:{gone.Port}";
        gone.Dispose();

        var result = Doctor("--redis", url, "--json");

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Equal("USH1030", Assert.Single(Findings(result))!["code"]!.GetValue<string>());
        Assert.DoesNotContain("hunter2", result.Output, StringComparison.Ordinal);
    }
}
