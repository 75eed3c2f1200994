using MongoDB.Driver;
using Ushadow.HostingTests.Consumer;

namespace Ushadow.HostingTests;

/// <summary>
/// Exercises the UshadowSettings this test project gets from the generator through MSBuild: the project file
/// sets UshadowResolvedValues of an isolated <c>gold</c> environment with Redis database 5.
/// </summary>
public sealed class RuntimeResolutionTests
{
    private static UshadowSettings Resolve(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(variable => variable.Name, variable => variable.Value);
        return UshadowSettings.Resolve(name => values.GetValueOrDefault(name));
    }

    [Fact]
    public void The_msbuild_properties_reach_the_generated_build_time_constants()
    {
        Assert.Equal("ushadow", UshadowSettings.BuildTime.AppName);
        Assert.Equal("gold", UshadowSettings.BuildTime.EnvironmentName);
        Assert.Equal(UshadowDatabaseMode.Isolated, UshadowSettings.BuildTime.DatabaseMode);
        Assert.Equal("ushadow_gold", UshadowSettings.BuildTime.MongoDatabaseName);
        Assert.Equal(5, UshadowSettings.BuildTime.RedisDatabase);
        Assert.Equal("ushadow-gold", UshadowSettings.BuildTime.ComposeProjectName);
        Assert.Equal("ushadow", UshadowSettings.BuildTime.SharedDatabaseName);
    }

    [Fact]
    public void Without_variables_every_value_falls_back_to_the_build_time_value_and_the_local_defaults()
    {
        var settings = Resolve();

        Assert.Equal("ushadow", settings.AppName);
        Assert.Equal("gold", settings.EnvironmentName);
        Assert.Equal(UshadowDatabaseMode.Isolated, settings.DatabaseMode);
        Assert.Equal("ushadow_gold", settings.MongoDatabaseName);
        Assert.Equal(5, settings.RedisDatabase);
        Assert.Equal("ushadow-gold", settings.ComposeProjectName);
        Assert.Equal("mongodb://localhost:27017", settings.MongoConnectionString);
        Assert.Equal("localhost:6379", settings.RedisConfiguration);
    }

    [Fact]
    public void Empty_or_white_space_variables_count_as_unset()
    {
        var settings = Resolve(("MONGODB_DATABASE", " "), ("REDIS_DATABASE", ""), ("ENV_NAME", "\t"));

        Assert.Equal("ushadow_gold", settings.MongoDatabaseName);
        Assert.Equal(5, settings.RedisDatabase);
        Assert.Equal("gold", settings.EnvironmentName);
    }

    [Fact]
    public void MONGODB_DATABASE_overrides_the_build_time_database()
    {
        Assert.Equal("other", Resolve(("MONGODB_DATABASE", "other")).MongoDatabaseName);
    }

    [Fact]
    public void A_different_ENV_NAME_in_isolated_mode_derives_its_own_database_and_compose_project()
    {
        var settings = Resolve(("ENV_NAME", "Blue"));

        Assert.Equal("blue", settings.EnvironmentName);
        Assert.Equal("ushadow_blue", settings.MongoDatabaseName);
        Assert.Equal("ushadow-blue", settings.ComposeProjectName);
        Assert.Equal(5, settings.RedisDatabase);
    }

    [Fact]
    public void DATABASE_MODE_shared_switches_to_the_shared_database_unless_MONGODB_DATABASE_is_set()
    {
        Assert.Equal("ushadow", Resolve(("DATABASE_MODE", "SHARED")).MongoDatabaseName);
        Assert.Equal(UshadowDatabaseMode.Shared, Resolve(("DATABASE_MODE", "shared")).DatabaseMode);
        Assert.Equal("mine", Resolve(("DATABASE_MODE", "shared"), ("MONGODB_DATABASE", "mine")).MongoDatabaseName);
    }

    [Fact]
    public void REDIS_DATABASE_overrides_the_database_in_REDIS_URL_which_overrides_the_build_time_number()
    {
        Assert.Equal(2, Resolve(("REDIS_URL", "redis://cache:6380/2")).RedisDatabase);
        Assert.Equal(9, Resolve(("REDIS_URL", "redis://cache:6380/2"), ("REDIS_DATABASE", "9")).RedisDatabase);
        Assert.Equal(5, Resolve(("REDIS_URL", "redis://cache:6380")).RedisDatabase);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void A_REDIS_DATABASE_that_is_not_a_whole_number_throws_naming_the_variable(string value)
    {
        var exception = Assert.Throws<UshadowSettingsException>(() => Resolve(("REDIS_DATABASE", value)));

        Assert.Equal("REDIS_DATABASE", exception.Variable);
        Assert.StartsWith("REDIS_DATABASE must be a whole number from 0 up", exception.Message);
        Assert.IsAssignableFrom<InvalidOperationException>(exception);
    }

    [Fact]
    public void An_unknown_DATABASE_MODE_throws_naming_the_variable_and_the_accepted_modes()
    {
        var exception = Assert.Throws<UshadowSettingsException>(() => Resolve(("DATABASE_MODE", "foo")));

        Assert.Equal("DATABASE_MODE", exception.Variable);
        Assert.Contains("'shared' or 'isolated'", exception.Message);
    }

    [Theory]
    [InlineData("feature/login")]
    [InlineData("-blue")]
    [InlineData("a-name-that-is-far-too-long-for-a-database-name-of-mongodb")]
    public void An_ENV_NAME_that_breaks_the_naming_rule_throws_naming_the_variable(string value)
    {
        var exception = Assert.Throws<UshadowSettingsException>(() => Resolve(("ENV_NAME", value)));

        Assert.Equal("ENV_NAME", exception.Variable);
        Assert.Contains(value, exception.Message);
    }

    [Theory]
    [InlineData("my.db")]
    [InlineData("a b")]
    [InlineData("x$y")]
    public void A_MONGODB_DATABASE_that_MongoDB_would_refuse_throws_naming_the_variable(string value)
    {
        Assert.Equal("MONGODB_DATABASE", Assert.Throws<UshadowSettingsException>(() => Resolve(("MONGODB_DATABASE", value))).Variable);
    }

    [Theory]
    [InlineData("http://user:s3cr3t@cache:6379/1")]
    [InlineData("redis://user:s3cr3t@cache:notaport/1")]
    [InlineData("redis://user:s3cr3t@cache:6379/one")]
    [InlineData("redis://user:s3cr3t@:6379")]
    [InlineData("redis://user:s3cr3t@cache:6379/1?protocol=resp3")]
    [InlineData("redis://user:s3cr3t@cache:70000")]
    public void A_malformed_REDIS_URL_throws_naming_the_variable_and_form_without_echoing_the_password(string value)
    {
        var exception = Assert.Throws<UshadowSettingsException>(() => Resolve(("REDIS_URL", value)));

        Assert.Equal("REDIS_URL", exception.Variable);
        Assert.Contains("redis://[user:password@]host[:port][/db]", exception.Message);
        Assert.DoesNotContain("s3cr3t", exception.Message);
    }

    [Fact]
    public void A_MONGODB_URI_without_a_mongodb_scheme_throws_without_echoing_the_password()
    {
        var exception = Assert.Throws<UshadowSettingsException>(() => Resolve(("MONGODB_URI", "postgres://admin:s3cr3t@db")));

        Assert.Equal("MONGODB_URI", exception.Variable);
        Assert.DoesNotContain("s3cr3t", exception.Message);
    }

    [Fact]
    public void MONGODB_URI_wins_over_the_aspire_connection_string_which_wins_over_the_default()
    {
        Assert.Equal("mongodb://a:27017", Resolve(("MONGODB_URI", "mongodb://a:27017"), ("ConnectionStrings__mongodb", "mongodb://b:27017")).MongoConnectionString);
        Assert.Equal("mongodb://b:27017", Resolve(("ConnectionStrings__mongodb", "mongodb://b:27017")).MongoConnectionString);
    }

    [Fact]
    public void A_REDIS_URL_is_converted_to_StackExchange_Redis_options_with_the_resolved_default_database()
    {
        var settings = Resolve(("REDIS_URL", "rediss://app:p%40ss,word=1@cache.example:6380/4"), ("ConnectionStrings__redis", "ignored:1"));

        var options = settings.CreateRedisConfigurationOptions();

        Assert.Equal(4, options.DefaultDatabase);
        Assert.Equal("cache.example:6380", Assert.Single(options.EndPoints).ToString()?.Replace("Unspecified/", "", StringComparison.Ordinal));
        Assert.Equal("app", options.User);
        Assert.Equal("p@ss,word=1", options.Password);
        Assert.True(options.Ssl);
        Assert.DoesNotContain("p@ss", settings.ToString());
    }

    [Fact]
    public void The_aspire_redis_connection_string_is_used_as_is_with_its_default_database_unless_REDIS_DATABASE_is_set()
    {
        var aspire = Resolve(("ConnectionStrings__redis", "localhost:6390,password=x,defaultDatabase=6"));
        var overridden = Resolve(("ConnectionStrings__redis", "localhost:6390,password=x,defaultDatabase=6"), ("REDIS_DATABASE", "8"));

        Assert.Equal("localhost:6390,password=x,defaultDatabase=6", aspire.RedisConfiguration);
        Assert.Equal(6, aspire.CreateRedisConfigurationOptions().DefaultDatabase);
        Assert.Equal(8, overridden.CreateRedisConfigurationOptions().DefaultDatabase);
        Assert.Equal("x", overridden.CreateRedisConfigurationOptions().Password);
    }

    [Fact]
    public void Without_any_redis_variable_the_options_point_at_localhost_with_the_build_time_database()
    {
        var options = Resolve().CreateRedisConfigurationOptions();

        Assert.Equal(5, options.DefaultDatabase);
        Assert.Contains("localhost:6379", Assert.Single(options.EndPoints).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_mongo_helper_returns_the_database_named_by_the_resolved_settings()
    {
        var settings = Resolve(("MONGODB_DATABASE", "other"), ("MONGODB_URI", "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100"));
        using var client = new MongoClient(settings.CreateMongoClientSettings());

        Assert.Equal("other", settings.GetMongoDatabase(client).DatabaseNamespace.DatabaseName);
        Assert.Equal("other", settings.GetMongoDatabase().DatabaseNamespace.DatabaseName);
        Assert.Equal("ushadow_gold", Resolve().GetMongoDatabase(client).DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public void The_mongo_client_settings_come_from_the_driver_parser_of_the_resolved_uri()
    {
        var settings = Resolve(("ConnectionStrings__mongodb", "mongodb://admin:pw@db.example:27018/?replicaSet=rs0"));

        var client = settings.CreateMongoClientSettings();

        Assert.Equal("db.example", Assert.Single(client.Servers).Host);
        Assert.Equal(27018, client.Servers.Single().Port);
        Assert.Equal("rs0", client.ReplicaSetName);
        Assert.Equal("admin", client.Credential.Username);
    }

    [Fact]
    public void A_uri_the_mongo_driver_rejects_throws_naming_the_variable_without_echoing_the_password()
    {
        var settings = Resolve(("MONGODB_URI", "mongodb://admin:s3cr3t@db.example:27017/?notAnOption=%zz&connectTimeoutMS=abc"));

        var exception = Assert.Throws<UshadowSettingsException>(() => settings.CreateMongoClientSettings());

        Assert.Equal("MONGODB_URI", exception.Variable);
        Assert.DoesNotContain("s3cr3t", exception.Message);
    }

    [Fact]
    public void Current_resolves_once_from_the_process_environment()
    {
        Assert.Same(UshadowSettings.Current, UshadowSettings.Current);
        Assert.Equal("ushadow", UshadowSettings.Current.AppName);
    }
}
