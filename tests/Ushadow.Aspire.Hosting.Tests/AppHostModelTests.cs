using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ushadow.AspireTests;

/// <summary>
/// Application models built with the generated <c>AddUshadowEnvironment()</c> of this project (a shared gold environment,
/// Redis database 5, port offset 40), as an AppHost builds them; nothing is started.
/// </summary>
public sealed class AppHostModelTests
{
    /// <summary>An AppHost's builder over this test assembly, with <paramref name="configuration"/> (<c>key=value</c>) on its command line.</summary>
    private static IDistributedApplicationBuilder Builder(params string[] configuration) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [.. configuration.Select(pair => "--" + pair)],
            AssemblyName = typeof(AppHostModelTests).Assembly.GetName().Name,
            DisableDashboard = true,
        });

    private static async Task<Dictionary<string, string>> VariablesOf(IResource resource, ILogger? logger = null)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), logger ?? NullLogger.Instance, CancellationToken.None);
        if (configuration.Exception is { } exception)
        {
            throw exception;
        }
        return configuration.EnvironmentVariables.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
    }

    [Fact]
    public void The_environment_resource_holds_every_value_the_build_resolved_and_where_it_came_from()
    {
        var builder = Builder();

        var ushadow = builder.AddUshadowEnvironment().Resource;

        Assert.Equal("ushadow", ushadow.Name);
        Assert.Equal(("gold", "ushadow", "shared", "ushadow", 5, 40), (ushadow.EnvironmentName, ushadow.AppName, ushadow.DatabaseMode, ushadow.MongoDatabaseName, ushadow.RedisDatabase, ushadow.PortOffset));
        Assert.Equal(new Dictionary<string, int> { ["BACKEND_PORT"] = 8040, ["WEBUI_PORT"] = 3040 }, ushadow.Ports);
        Assert.Equal("inferred: linked git worktree folder 'gold'", ushadow.Values.Single(v => v.Key == "ENV_NAME").Source);
        Assert.Equal("registry redis://127.0.0.1:6379 (kept)", ushadow.Values.Single(v => v.Key == "REDIS_DATABASE").Source);
    }

    [Fact]
    public void The_dashboard_shows_each_value_with_its_source_and_the_state_Resolved()
    {
        var builder = Builder();

        var ushadow = builder.AddUshadowEnvironment().Resource;

        var snapshot = ushadow.Annotations.OfType<ResourceSnapshotAnnotation>().Single().InitialSnapshot;
        Assert.Equal("Ushadow", snapshot.ResourceType);
        Assert.Equal("Resolved", snapshot.State?.Text);
        var properties = snapshot.Properties.ToDictionary(p => p.DisplayName ?? p.Name, p => p.Value?.ToString());
        Assert.Equal("5", properties["REDIS_DATABASE"]);
        Assert.Equal("registry redis://127.0.0.1:6379 (kept)", properties["REDIS_DATABASE source"]);
        Assert.Equal("default", properties["DATABASE_MODE source"]);
        Assert.Equal("8040", properties["BACKEND_PORT"]);
        Assert.Equal(ushadow.Values.Count * 2, snapshot.Properties.Length);
    }

    [Fact]
    public async Task WithUshadow_gives_a_resource_the_environment_its_ports_and_nothing_else_of_Ushadow()
    {
        var builder = Builder();
        var ushadow = builder.AddUshadowEnvironment();

        var backend = builder.AddExecutable("backend", "backend", ".").WithUshadow(ushadow);

        var variables = await VariablesOf(backend.Resource);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ENV_NAME"] = "gold", ["DATABASE_MODE"] = "shared", ["MONGODB_DATABASE"] = "ushadow", ["REDIS_DATABASE"] = "5",
                ["PORT_OFFSET"] = "40", ["BACKEND_PORT"] = "8040", ["WEBUI_PORT"] = "3040",
            },
            variables);
        Assert.Contains(backend.Resource.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == ushadow.Resource && r.Type == "Ushadow");
    }

    [Theory]
    [InlineData("localhost:6379", "localhost:6379,defaultDatabase=5")]
    [InlineData("cache.example:6380,password=s3cret,ssl=true,defaultDatabase=0", "cache.example:6380,password=s3cret,ssl=true,defaultDatabase=5")]
    [InlineData("redis://:s3cret@cache.example:6380/2", "cache.example:6380,password=s3cret,defaultDatabase=5")]
    [InlineData("rediss://app:s%40cret@cache.example", "cache.example:6379,user=app,password=s@cret,ssl=true,defaultDatabase=5")]
    public async Task The_Redis_database_is_the_servers_connection_string_with_this_environments_number(string server, string expected)
    {
        var builder = Builder("ConnectionStrings:redis-server=" + server);
        var ushadow = builder.AddUshadowEnvironment();
        var redis = ushadow.AddRedisDatabase("redis", builder.AddConnectionString("redis-server"));

        var backend = builder.AddExecutable("backend", "backend", ".").WithUshadow(ushadow).WithReference(redis);

        var variables = await VariablesOf(backend.Resource);
        Assert.Equal(expected, variables["ConnectionStrings__redis"]);
        Assert.Equal(expected, await ((IResourceWithConnectionString)redis.Resource).GetConnectionStringAsync());
    }

    [Fact]
    public async Task A_MongoDB_connection_string_keeps_its_server_and_the_database_comes_from_MONGODB_DATABASE()
    {
        var builder = Builder("ConnectionStrings:mongodb=mongodb://team:s3cret@mongo.example:27017");
        var ushadow = builder.AddUshadowEnvironment();

        var backend = builder.AddExecutable("backend", "backend", ".").WithUshadow(ushadow).WithReference(builder.AddConnectionString("mongodb"));

        var variables = await VariablesOf(backend.Resource);
        Assert.Equal("mongodb://team:s3cret@mongo.example:27017", variables["ConnectionStrings__mongodb"]);
        Assert.Equal("ushadow", variables["MONGODB_DATABASE"]);
    }

    [Fact]
    public async Task A_Redis_server_without_a_connection_string_fails_naming_it()
    {
        var builder = Builder();
        var redis = builder.AddUshadowEnvironment().AddRedisDatabase("redis", builder.AddConnectionString("redis-server"));

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await ((IResourceWithConnectionString)redis.Resource).GetConnectionStringAsync());

        // Aspire's own message for a connection string parameter; ours for a server resource that yields none.
        Assert.Contains("connection string 'redis-server' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Redis_server_connection_string_that_cannot_be_used_fails_without_showing_it()
    {
        var builder = Builder("ConnectionStrings:redis-server=redis://:s3cret@cache.example:port/x");
        var redis = builder.AddUshadowEnvironment().AddRedisDatabase("redis", builder.AddConnectionString("redis-server"));

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(async () => await ((IResourceWithConnectionString)redis.Resource).GetConnectionStringAsync());

        Assert.Contains("'redis-server'", error.Message, StringComparison.Ordinal);
        Assert.Contains("port", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_that_references_the_Redis_server_itself_is_warned_whatever_the_order_of_the_calls()
    {
        var builder = Builder("ConnectionStrings:redis-server=localhost:6379");
        var ushadow = builder.AddUshadowEnvironment();
        var server = builder.AddConnectionString("redis-server");
        ushadow.AddRedisDatabase("redis", server);
        // WithReference after WithUshadow: the warning still sees it.
        var backend = builder.AddExecutable("backend", "backend", ".").WithUshadow(ushadow).WithReference(server);
        var logger = new RecordingLogger();

        await VariablesOf(backend.Resource, logger);

        var warning = Assert.Single(logger.Warnings);
        Assert.Contains("'redis-server'", warning, StringComparison.Ordinal);
        Assert.Contains("number 5", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void WithUshadowEndpoint_pins_a_new_endpoint_and_an_existing_one_to_the_environments_port()
    {
        var builder = Builder();
        var ushadow = builder.AddUshadowEnvironment();

        var executable = builder.AddExecutable("worker", "worker", ".").WithUshadowEndpoint(ushadow, "BACKEND_PORT");
        var container = builder.AddContainer("web", "nginx").WithHttpEndpoint(targetPort: 80, name: "http").WithUshadowEndpoint(ushadow, "WEBUI_PORT");

        var created = executable.Resource.Annotations.OfType<EndpointAnnotation>().Single();
        Assert.Equal(("http", 8040, 8040, false), (created.Name, created.Port, created.TargetPort, created.IsProxied));
        var existing = container.Resource.Annotations.OfType<EndpointAnnotation>().Single();
        Assert.Equal(("http", 3040, 80), (existing.Name, existing.Port, existing.TargetPort));
    }

    [Fact]
    public void An_unknown_port_key_names_the_ports_the_environment_has()
    {
        var builder = Builder();
        var ushadow = builder.AddUshadowEnvironment();

        var error = Assert.Throws<ArgumentException>(() => builder.AddExecutable("worker", "worker", ".").WithUshadowEndpoint(ushadow, "API_PORT"));

        Assert.Contains("no port 'API_PORT'", error.Message, StringComparison.Ordinal);
        Assert.Contains("BACKEND_PORT, WEBUI_PORT", error.Message, StringComparison.Ordinal);
        Assert.Contains("UshadowPorts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_environment_in_one_AppHost_is_refused()
    {
        var builder = Builder();
        builder.AddUshadowEnvironment();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddUshadowEnvironment("other"));

        Assert.Contains("already has the Ushadow environment 'ushadow' (gold)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("REDIS_DATABASE", "lacks REDIS_DATABASE")]
    [InlineData("ENV_NAME", "lacks ENV_NAME")]
    public void Values_from_another_version_of_the_build_are_refused_naming_the_key(string missing, string expected)
    {
        var builder = Builder();
        var values = new[] { "ENV_NAME", "APP_NAME", "DATABASE_MODE", "MONGODB_DATABASE", "REDIS_DATABASE", "PORT_OFFSET" }
            .Where(key => key != missing)
            .Select(key => new UshadowValue(key, key is "REDIS_DATABASE" or "PORT_OFFSET" ? "1" : key == "DATABASE_MODE" ? "shared" : "x", ""));

        var error = Assert.Throws<ArgumentException>(() => builder.AddUshadowEnvironment("ushadow", values));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("same version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Redis_prefix_mode_the_connection_uses_database_0_as_the_environments_own_user_and_WithUshadow_adds_the_prefix_keys()
    {
        var builder = Builder("ConnectionStrings:redis-server=redis://team:team-pw@cache.example:6380/15");
        var values = new Dictionary<string, string>
        {
            ["ENV_NAME"] = "gold", ["APP_NAME"] = "shop", ["DATABASE_MODE"] = "shared", ["MONGODB_DATABASE"] = "shop", ["REDIS_DATABASE"] = "0",
            ["REDIS_ISOLATION"] = "prefix", ["REDIS_KEY_PREFIX"] = "shop:gold:", ["REDIS_USERNAME"] = "ushadow.shop.gold", ["PORT_OFFSET"] = "0",
        }.Select(pair => new UshadowValue(pair.Key, pair.Value, ""));
        var ushadow = builder.AddUshadowEnvironment("ushadow", values);
        var redis = ushadow.AddRedisDatabase("redis", builder.AddConnectionString("redis-server"));
        var backend = builder.AddExecutable("backend", "backend", ".").WithUshadow(ushadow).WithReference(redis);
        Environment.SetEnvironmentVariable("REDIS_PASSWORD", "gold-pw");
        try
        {
            var variables = await VariablesOf(backend.Resource);

            Assert.Equal("cache.example:6380,user=ushadow.shop.gold,password=gold-pw".Split(',').Order(),
                variables["ConnectionStrings__redis"].Split(',').Where(part => !part.StartsWith("defaultDatabase=", StringComparison.Ordinal)).Order());
            Assert.Contains("defaultDatabase=0", variables["ConnectionStrings__redis"], StringComparison.Ordinal);
            Assert.DoesNotContain("team", variables["ConnectionStrings__redis"], StringComparison.Ordinal);
            Assert.Equal("prefix", variables["REDIS_ISOLATION"]);
            Assert.Equal("shop:gold:", variables["REDIS_KEY_PREFIX"]);
            Assert.Equal("ushadow.shop.gold", variables["REDIS_USERNAME"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("REDIS_PASSWORD", null);
        }
    }

    [Fact]
    public async Task In_database_mode_WithUshadow_adds_no_Redis_prefix_key()
    {
        var builder = Builder();
        var backend = builder.AddExecutable("backend", "backend", ".").WithUshadow(builder.AddUshadowEnvironment());

        var variables = await VariablesOf(backend.Resource);

        Assert.DoesNotContain("REDIS_ISOLATION", variables.Keys);
        Assert.DoesNotContain("REDIS_KEY_PREFIX", variables.Keys);
        Assert.DoesNotContain("REDIS_USERNAME", variables.Keys);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
