using System.Globalization;
using System.Text.Json;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// The runtime packages as a consumer gets them from the feed: one driver never pulls the other, and AddUshadow, its
/// clients and health checks run on the oldest and the newest versions of the libraries the packages support.
/// </summary>
public sealed class RuntimePackageTests : IClassFixture<RedisServer>, IDisposable
{
    private const string HostProgram = """
        using Consumer;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Diagnostics.HealthChecks;
        using Microsoft.Extensions.Hosting;
        using MongoDB.Driver;
        using StackExchange.Redis;

        var builder = Host.CreateApplicationBuilder(args);
        builder.AddUshadow(options => options.ConfigureRedis = redis => redis.ConnectTimeout = 2000);
        using var host = builder.Build();
        var settings = host.Services.GetRequiredService<UshadowSettings>();
        var database = host.Services.GetRequiredService<IDatabase>();
        await database.StringSetAsync("e2e:owner", settings.EnvironmentName);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "ushadow-redis");
        Console.WriteLine($"env={settings.EnvironmentName} mongo={host.Services.GetRequiredService<IMongoDatabase>().DatabaseNamespace.DatabaseName} redis={database.Database} owner={await database.StringGetAsync("e2e:owner")} health={report.Status}");
        """;

    private readonly World _world = new(PackageFeed.Instance);
    private readonly RedisServer _redis;

    public RuntimePackageTests(RedisServer redis) => _redis = redis;

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData("Ushadow.Hosting.Redis", "StackExchange.Redis", "MongoDB.Driver")]
    [InlineData("Ushadow.Hosting.MongoDB", "MongoDB.Driver", "StackExchange.Redis")]
    public void A_consumer_of_one_driver_package_never_restores_the_other_driver(string package, string pulled, string absent)
    {
        var app = _world.CreateConsumer("app", items: _world.RuntimePackages(package));

        var restore = _world.Dotnet(app, null, "restore");

        Assert.True(restore.ExitCode == 0, restore.Output);
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
        Assert.Contains(pulled, libraries);
        Assert.Contains("Ushadow.Hosting", libraries);
        Assert.DoesNotContain(absent, libraries);
    }

    [Theory]
    [InlineData("8.0.0", "3.11.1", "2.6.70")]     // the oldest each package supports (its dependencies' floors)
    [InlineData("10.0.15", "3.14.0", "3.4.35")]   // the newest served here
    public void AddUshadow_runs_its_clients_and_health_check_on_the_oldest_and_newest_supported_libraries(string extensions, string mongo, string redis)
    {
        var items = _world.RuntimePackages("Ushadow.Hosting.MongoDB", "Ushadow.Hosting.Redis")
            + $"""<PackageReference Include="Microsoft.Extensions.Hosting" Version="{extensions}" />"""
            + $"""<PackageReference Include="Microsoft.Extensions.Diagnostics.HealthChecks" Version="{extensions}" />"""
            + $"""<PackageReference Include="MongoDB.Driver" Version="{mongo}" />"""
            + $"""<PackageReference Include="StackExchange.Redis" Version="{redis}" />""";
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName><TreatWarningsAsErrors>true</TreatWarningsAsErrors>", items: items, program: HostProgram);
        _world.BuildOk(app);
        var number = int.Parse(World.ReadEnv(app)["REDIS_DATABASE"], CultureInfo.InvariantCulture);

        var run = _world.Dotnet(app, new Dictionary<string, string?> { ["REDIS_URL"] = _redis.Url }, "run", "--no-build");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"env=gold mongo=ushadow redis={number} owner=gold health=Healthy", run.Output, StringComparison.Ordinal);
    }
}
