using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.UserSecrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using StackExchange.Redis;
using Ushadow.HostingTests.Consumer;
using Ushadow.TestSupport;

namespace Ushadow.HostingTests;

/// <summary>
/// The generated <c>AddUshadow</c> and <c>Resolve(IConfiguration)</c> in a real host: a real appsettings.json, the real
/// user-secrets provider, real environment variables, and the real redis-server of <see cref="Ushadow.TestSupport.RedisServer"/>.
/// This project's build-time environment is an isolated <c>gold</c> with Redis database 5.
/// </summary>
public sealed class HostTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("ushadow-host-");
    private readonly string _userSecretsId = "ushadow-tests-" + Guid.NewGuid().ToString("N");
    // Variables of this process are shared by every test: each host reads only its own, under a unique prefix.
    private readonly string _variablePrefix = "USHADOW_HOST_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant() + "_";
    private readonly List<string> _variables = [];

    public void Dispose()
    {
        foreach (var variable in _variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
        _contentRoot.Delete(recursive: true);
        var secretsFolder = Path.GetDirectoryName(PathHelper.GetSecretsPathFromSecretsId(_userSecretsId))!;
        if (Directory.Exists(secretsFolder))
        {
            Directory.Delete(secretsFolder, recursive: true);
        }
    }

    [Fact]
    public void Settings_come_from_appsettings_then_user_secrets_then_environment_variables_with_top_level_keys_over_the_Ushadow_section()
    {
        var builder = Builder(
            appSettings: """
                {
                  "Ushadow": { "EnvironmentName": "blue", "DatabaseMode": "shared", "RedisDatabase": 4 },
                  "ConnectionStrings": {
                    "mongodb": "mongodb://appsettings-host:27018",
                    "redis": "appsettings-host:6390,defaultDatabase=9"
                  }
                }
                """,
            userSecrets: """
                { "Ushadow": { "RedisDatabase": 6 }, "ConnectionStrings": { "redis": "secrets-host:6391,password=s3cr3t" } }
                """,
            environment: new() { ["ENV_NAME"] = "Red", ["MONGODB_DATABASE"] = "from_environment" });

        var settings = UshadowSettings.Resolve(builder.Configuration);

        Assert.Equal("red", settings.EnvironmentName);                        // ENV_NAME (environment) over Ushadow:EnvironmentName
        Assert.Equal(UshadowDatabaseMode.Shared, settings.DatabaseMode);       // Ushadow:DatabaseMode (appsettings.json)
        Assert.Equal("from_environment", settings.MongoDatabaseName);          // MONGODB_DATABASE (environment)
        Assert.Equal(6, settings.RedisDatabase);                               // user secrets over appsettings.json, over defaultDatabase=
        Assert.Equal("ushadow-red", settings.ComposeProjectName);
        var mongo = settings.CreateMongoClientSettings();
        Assert.Equal(new MongoServerAddress("appsettings-host", 27018), mongo.Server);
        var redisOptions = settings.CreateRedisConfigurationOptions();
        Assert.Equal(new DnsEndPoint("secrets-host", 6391), Assert.Single(redisOptions.EndPoints));
        Assert.Equal("s3cr3t", redisOptions.Password);
        Assert.Equal(6, redisOptions.DefaultDatabase);
    }

    [Fact]
    public void Variables_win_over_appsettings_whose_redis_connection_string_still_reaches_the_redis_options()
    {
        var builder = Builder(
            appSettings: """
                {
                  "ConnectionStrings": { "mongodb": "mongodb://appsettings-host:27018", "redis": "appsettings-host:6390,defaultDatabase=9" },
                  "Ushadow": { "MongoDatabase": "from_section", "RedisDatabase": 2 }
                }
                """,
            environment: new() { ["MONGODB_URI"] = "mongodb://variable-host:27019", ["REDIS_DATABASE"] = "8" });

        var settings = UshadowSettings.Resolve(builder.Configuration);

        Assert.Equal(new MongoServerAddress("variable-host", 27019), settings.CreateMongoClientSettings().Server);
        Assert.Equal("from_section", settings.MongoDatabaseName);
        Assert.Equal(8, settings.RedisDatabase);
        var redisOptions = settings.CreateRedisConfigurationOptions();
        Assert.Equal(new DnsEndPoint("appsettings-host", 6390), Assert.Single(redisOptions.EndPoints));
        Assert.Equal(8, redisOptions.DefaultDatabase);
        Assert.Equal("gold", settings.EnvironmentName);
        Assert.Equal(UshadowDatabaseMode.Isolated, settings.DatabaseMode);
    }

    [Theory]
    [InlineData("""{ "Ushadow": { "RedisDatabase": "four" } }""", "Ushadow:RedisDatabase")]
    [InlineData("""{ "Ushadow": { "DatabaseMode": "mixed" } }""", "Ushadow:DatabaseMode")]
    [InlineData("""{ "Ushadow": { "EnvironmentName": "feature/login" } }""", "Ushadow:EnvironmentName")]
    [InlineData("""{ "REDIS_DATABASE": "x" }""", "REDIS_DATABASE")]
    [InlineData("""{ "ConnectionStrings": { "mongodb": "http://user:s3cr3t@host" } }""", "ConnectionStrings:mongodb")]
    [InlineData("""{ "ConnectionStrings": { "redis": "redis://user:s3cr3t@host:99999" } }""", "ConnectionStrings:redis")]
    public void A_malformed_configuration_value_throws_naming_its_key_and_never_a_password(string appSettings, string key)
    {
        var builder = Builder(appSettings: appSettings);

        var exception = Assert.Throws<UshadowSettingsException>(() => UshadowSettings.Resolve(builder.Configuration));

        Assert.Equal(key, exception.Variable);
        Assert.StartsWith(key + " ", exception.Message);
        Assert.DoesNotContain("s3cr3t", exception.Message);
    }

    [Fact]
    public void AddUshadow_registers_the_settings_the_mongo_client_and_the_environments_database_without_a_server()
    {
        var builder = Builder(appSettings: """{ "ConnectionStrings": { "mongodb": "mongodb://nowhere.invalid:27017" }, "Ushadow": { "EnvironmentName": "teal" } }""");
        builder.AddUshadow();
        using var host = builder.Build();

        var settings = host.Services.GetRequiredService<UshadowSettings>();
        var database = host.Services.GetRequiredService<IMongoDatabase>();

        Assert.Equal("teal", settings.EnvironmentName);
        Assert.Equal("ushadow_teal", database.DatabaseNamespace.DatabaseName);
        Assert.Same(host.Services.GetRequiredService<IMongoClient>(), database.Client);
        Assert.Equal(new MongoServerAddress("nowhere.invalid", 27017), database.Client.Settings.Server);
    }

    [Fact]
    public async Task Two_hosts_for_two_environments_write_through_the_registered_IDatabase_into_their_own_redis_databases()
    {
        using var gold = RedisHost("gold", 1);
        using var blue = RedisHost("blue", 2);

        var goldDatabase = gold.Services.GetRequiredService<IDatabase>();
        var blueDatabase = blue.Services.GetRequiredService<IDatabase>();
        await goldDatabase.StringSetAsync("session:42", "gold-value");
        await blueDatabase.StringSetAsync("session:42", "blue-value");

        Assert.Equal(1, goldDatabase.Database);
        Assert.Equal(2, blueDatabase.Database);
        Assert.Same(gold.Services.GetRequiredService<IConnectionMultiplexer>(), goldDatabase.Multiplexer);
        using var probe = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        Assert.Equal("gold-value", (string?)await probe.GetDatabase(1).StringGetAsync("session:42"));
        Assert.Equal("blue-value", (string?)await probe.GetDatabase(2).StringGetAsync("session:42"));
        Assert.False(await probe.GetDatabase(5).KeyExistsAsync("session:42"));
    }

    [Fact]
    public async Task The_redis_health_check_is_healthy_with_the_server_up_and_names_the_environment_and_its_database()
    {
        using var host = RedisHost("gold", 3);

        // Only this check: the MongoDB one would wait for a server that is not there.
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == Ushadow.Hosting.UshadowHealthChecks.RedisName);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.StartsWith("Redis database 3 of environment gold answers PING", entry.Description);
        Assert.Equal("gold", entry.Data["environment"]);
        Assert.Equal(3, entry.Data["redisDatabase"]);
        Assert.Contains(Ushadow.Hosting.UshadowHealthChecks.Tag, entry.Tags);
    }

    [Fact]
    public async Task The_redis_health_check_is_unhealthy_when_nothing_listens_and_the_host_still_starts()
    {
        var builder = Builder(environment: new() { ["ENV_NAME"] = "blue", ["REDIS_URL"] = $"redis://127.0.0.1:{Loopback.FreePort()}", ["REDIS_DATABASE"] = "2" });
        builder.AddUshadow(options => options.ConfigureRedis = redisOptions => redisOptions.ConnectTimeout = 1000);
        using var host = builder.Build();
        await host.StartAsync();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == Ushadow.Hosting.UshadowHealthChecks.RedisName);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("Redis database 2 of environment blue does not answer PING", entry.Description);
        Assert.Equal("blue", entry.Data["environment"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_redis_health_check_turns_unhealthy_when_the_server_stops()
    {
        // A server of this test's own, since it is stopped half-way.
        using var server = new RedisServer();
        var builder = Builder(environment: new() { ["ENV_NAME"] = "gold", ["REDIS_URL"] = server.Url, ["REDIS_DATABASE"] = "4" });
        builder.AddUshadow(options => options.RegisterMongo = false);
        using var host = builder.Build();
        var checks = host.Services.GetRequiredService<HealthCheckService>();

        var up = await checks.CheckHealthAsync();
        server.Stop();
        var down = await Ready.WaitAsync(
            async cancel => await checks.CheckHealthAsync(cancel) is { Status: not HealthStatus.Healthy } report ? report : null,
            TimeSpan.FromSeconds(15),
            "the Redis health check to see the stopped server");

        Assert.Equal(HealthStatus.Healthy, up.Status);
        var entry = Assert.Single(down.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("Redis database 4 of environment gold does not answer PING", entry.Description);
    }

    [Fact]
    public async Task The_mongo_health_check_is_unhealthy_when_nothing_listens_and_names_the_environment_and_its_database()
    {
        var builder = Builder(environment: new() { ["ENV_NAME"] = "blue", ["MONGODB_URI"] = $"mongodb://127.0.0.1:{Loopback.FreePort()}" });
        builder.AddUshadow(options => options.ConfigureMongo = settings => settings.ServerSelectionTimeout = TimeSpan.FromMilliseconds(500));
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == Ushadow.Hosting.UshadowHealthChecks.MongoName);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("MongoDB database ushadow_blue of environment blue does not answer ping", entry.Description);
        Assert.Equal("ushadow_blue", entry.Data["mongoDatabase"]);
    }

    [Fact]
    public async Task AddUshadow_keeps_what_the_app_registered_skips_what_options_turn_off_and_adds_health_checks_once()
    {
        var builder = Builder();
        var appClient = new MongoClient("mongodb://app-registered:27017");
        builder.Services.AddSingleton<IMongoClient>(appClient);
        builder.AddUshadow(options => options.RegisterRedis = false);
        builder.AddUshadow(options => options.RegisterRedis = false);
        using var host = builder.Build();

        Assert.Same(appClient, host.Services.GetRequiredService<IMongoDatabase>().Client);
        Assert.Null(host.Services.GetService<IConnectionMultiplexer>());
        Assert.Null(host.Services.GetService<IDatabase>());
        Assert.Single(host.Services.GetServices<UshadowSettings>());
        var checks = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Equal([Ushadow.Hosting.UshadowHealthChecks.MongoName], checks.Select(check => check.Name));
    }

    [Fact]
    public void Without_health_checks_in_the_options_none_are_registered()
    {
        var builder = Builder();
        builder.AddUshadow(options => options.RegisterHealthChecks = false);
        using var host = builder.Build();

        Assert.Null(host.Services.GetService<HealthCheckService>());
    }

    private IHost RedisHost(string environmentName, int redisDatabase)
    {
        var builder = Builder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ushadow:EnvironmentName"] = environmentName,
            ["Ushadow:RedisDatabase"] = redisDatabase.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings:redis"] = $"127.0.0.1:{redis.Port}",
        });
        builder.AddUshadow();
        return builder.Build();
    }

    /// <summary>A host builder whose configuration sources are a default host's, in its order, each given here.</summary>
    private HostApplicationBuilder Builder(string? appSettings = null, string? userSecrets = null, Dictionary<string, string>? environment = null)
    {
        if (appSettings is not null)
        {
            File.WriteAllText(Path.Combine(_contentRoot.FullName, "appsettings.json"), appSettings);
        }
        if (userSecrets is not null)
        {
            var secretsPath = PathHelper.GetSecretsPathFromSecretsId(_userSecretsId);
            Directory.CreateDirectory(Path.GetDirectoryName(secretsPath)!);
            File.WriteAllText(secretsPath, userSecrets);
        }
        foreach (var (name, value) in environment ?? [])
        {
            _variables.Add(_variablePrefix + name);
            Environment.SetEnvironmentVariable(_variablePrefix + name, value);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _contentRoot.FullName,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(_contentRoot.FullName, "appsettings.json"), optional: true)
            .AddUserSecrets(_userSecretsId)
            .AddEnvironmentVariables(_variablePrefix);
        return builder;
    }
}
