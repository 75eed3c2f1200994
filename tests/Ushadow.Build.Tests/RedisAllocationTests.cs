using System.Text.Json.Nodes;

namespace Ushadow.Build.Tests;

public sealed class RedisAllocationTests : IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Ten_environments_building_at_the_same_moment_get_ten_distinct_numbers()
    {
        var names = Enumerable.Range(0, 10).Select(i => $"env{i}").ToArray();
        var projects = names.Select(n => _world.CreateConsumer(n, properties: $"<UshadowEnvName>{n}</UshadowEnvName>")).ToArray();
        // Restore first so the ten builds meet in the task, not in NuGet.
        Parallel.ForEach(projects, new ParallelOptions { MaxDegreeOfParallelism = 2 }, p => Assert.Equal(0, _world.Dotnet(p, null, "restore", "-nodeReuse:false").ExitCode));

        using var start = new Barrier(projects.Length);
        var builds = await Task.WhenAll(projects.Select(p => Task.Factory.StartNew(
            () => { start.SignalAndWait(); return _world.Build(p, null, "--no-restore"); }, TaskCreationOptions.LongRunning)));

        foreach (var build in builds)
        {
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.DoesNotContain("IOException", build.Output, StringComparison.Ordinal);
        }
        var numbers = projects.Select(p => World.ReadEnv(p)["REDIS_DATABASE"]).ToList();
        Assert.Equal(10, numbers.Distinct().Count());
        var registry = JsonNode.Parse(File.ReadAllText(_world.RegistryFile))!["environments"]!.AsObject();
        Assert.Equal(names.Select(n => "ushadow/" + n).Order(), registry.Select(e => e.Key).Order());
        Assert.Equal(numbers.Order(), registry.Select(e => e.Value!["redis_database"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture)).Order());

        // Ten distinct port blocks too (README, Ports); PortOffsetTests in Ushadow.Core.Tests rebuild them and find
        // them unchanged.
        var blocks = projects.Select(p => World.ReadEnv(p)["PORT_OFFSET"]).ToList();
        Assert.Equal(10, blocks.Distinct().Count());
        Assert.Equal(blocks.Order(), registry.Select(e => e.Value!["port_offset"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public void With_every_number_taken_by_a_live_environment_the_next_fails_and_a_deleted_root_is_reclaimed()
    {
        // Four databases keep the test short; the rule is the same for sixteen.
        const string Count = "<UshadowRedisDatabaseCount>4</UshadowRedisDatabaseCount>";
        var holders = Enumerable.Range(0, 4).Select(i => _world.CreateConsumer($"h{i}", properties: $"<UshadowEnvName>h{i}</UshadowEnvName>{Count}")).ToArray();
        foreach (var holder in holders)
        {
            _world.BuildOk(holder);
        }
        var fifth = _world.CreateConsumer("fifth", properties: $"<UshadowEnvName>fifth</UshadowEnvName>{Count}");

        var refused = _world.Build(fifth);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("error USH1008", refused.Output, StringComparison.Ordinal);
        foreach (var holder in holders)
        {
            Assert.Contains($"h{Array.IndexOf(holders, holder)} ({holder})", refused.Output, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(Path.Combine(fifth, ".env")));

        var goneNumber = World.ReadEnv(holders[2])["REDIS_DATABASE"];
        Directory.Delete(holders[2], recursive: true);
        var reclaimed = _world.BuildOk(fifth);

        Assert.Contains("warning USH2003", reclaimed.Output, StringComparison.Ordinal);
        Assert.Contains("'ushadow/h2'", reclaimed.Output, StringComparison.Ordinal);
        Assert.Equal(goneNumber, World.ReadEnv(fifth)["REDIS_DATABASE"]);
    }

    [Fact]
    public void Sixteen_live_environments_leave_no_number_for_a_seventeenth()
    {
        Directory.CreateDirectory(_world.LauncherDirectory);
        var environments = new JsonObject();
        for (var i = 0; i < 16; i++)
        {
            var root = Path.Combine(_world.Root, $"live{i}");
            Directory.CreateDirectory(root);
            environments[$"live{i}"] = new JsonObject
            {
                ["root"] = root,
                ["redis_database"] = i,
                ["database_mode"] = "shared",
                ["mongodb_database"] = "ushadow",
                ["updated_at"] = "2026-11-26T00:00:00+00:00",
                ["env_file"] = new JsonObject(),
            };
        }
        File.WriteAllText(_world.RegistryFile, new JsonObject { ["version"] = 1, ["environments"] = environments }.ToJsonString());
        var app = _world.CreateConsumer("seventeenth", properties: "<UshadowEnvName>seventeenth</UshadowEnvName>");

        var result = _world.Build(app);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error USH1008", result.Output, StringComparison.Ordinal);
        Assert.Contains("15=ushadow/live15", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_name_from_a_second_live_root_is_refused()
    {
        var first = _world.CreateConsumer("first", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        var second = _world.CreateConsumer("second", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(first);

        var result = _world.Build(second);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error USH1009", result.Output, StringComparison.Ordinal);
        Assert.Contains(first, result.Output, StringComparison.Ordinal);
    }
}
