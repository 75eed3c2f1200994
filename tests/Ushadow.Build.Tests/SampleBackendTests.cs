using System.Globalization;
using System.Xml.Linq;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// The sample backend that build/run-sample.sh shows (samples/SampleBackend/Program.cs, with the package versions
/// of samples/Directory.Packages.props), built as two environments of one world and run against a real redis-server.
/// </summary>
public sealed class SampleBackendTests : IClassFixture<RedisServer>, IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);
    private readonly RedisServer _redis;

    public SampleBackendTests(RedisServer redis) => _redis = redis;

    public void Dispose() => _world.Dispose();

    /// <summary>A consumer holding the sample's Program.cs and package references, built as environment <paramref name="name"/>.</summary>
    private (string Directory, int RedisDatabase) BuildSample(string name)
    {
        var samples = Path.Combine(PackageFeed.Instance.RepositoryRoot, "samples");
        var versions = XDocument.Load(Path.Combine(samples, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.Ordinal);
        // The sample is a web project (it serves when its AppHost runs it): ASP.NET Core comes with its SDK.
        var references = string.Concat(new[] { "MongoDB.Driver", "StackExchange.Redis" }
            .Select(id => $"<PackageReference Include=\"{id}\" Version=\"{versions[id]}\" />"))
            + "<FrameworkReference Include=\"Microsoft.AspNetCore.App\" />"
            + _world.RuntimePackages("Ushadow.Hosting.MongoDB", "Ushadow.Hosting.Redis");
        var directory = _world.CreateConsumer(name,
            properties: "<RootNamespace>SampleBackend</RootNamespace><TreatWarningsAsErrors>true</TreatWarningsAsErrors>",
            items: references,
            program: File.ReadAllText(Path.Combine(samples, "SampleBackend", "Program.cs")));
        _world.BuildOk(directory, new Dictionary<string, string?> { ["ENV_NAME"] = name });
        return (directory, int.Parse(World.ReadEnv(directory)["REDIS_DATABASE"], CultureInfo.InvariantCulture));
    }

    private ProcessResult Run(string directory, string redisUrl) =>
        _world.Dotnet(directory, new Dictionary<string, string?> { ["REDIS_URL"] = redisUrl }, "run", "--no-build");

    [Fact]
    public void Two_environments_of_the_sample_each_see_only_their_own_Redis_database()
    {
        var (gold, goldNumber) = BuildSample("gold");
        var (blue, blueNumber) = BuildSample("blue");

        var goldRun = Run(gold, _redis.Url);
        var blueRun = Run(blue, _redis.Url);

        Assert.NotEqual(goldNumber, blueNumber);
        foreach (var (name, number, run) in new[] { ("gold", goldNumber, goldRun), ("blue", blueNumber, blueRun) })
        {
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains($"[{name}] Ushadow sample backend", run.Output, StringComparison.Ordinal);
            Assert.Contains("MongoDB database  ushadow (shared", run.Output, StringComparison.Ordinal);
            Assert.Contains($"Redis database    {number} (", run.Output, StringComparison.Ordinal);
            Assert.Contains($"demo:owner        was unset before, now '{name}'", run.Output, StringComparison.Ordinal);
            Assert.Contains($"keys it sees      demo:owner (database {number} of", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_a_Redis_server_the_sample_says_so_and_exits_0()
    {
        var (directory, _) = BuildSample("red");
        var closed = new RedisServer();
        var url = closed.Url;
        closed.Dispose();

        var run = Run(directory, url);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("[red] Ushadow sample backend", run.Output, StringComparison.Ordinal);
        Assert.Contains("no server reachable", run.Output, StringComparison.Ordinal);
    }
}
