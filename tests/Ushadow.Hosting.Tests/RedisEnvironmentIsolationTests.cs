using StackExchange.Redis;
using Ushadow.HostingTests.Consumer;
using Ushadow.TestSupport;

namespace Ushadow.HostingTests;

/// <summary>Two environments on one real Redis server, each through the generated helpers.</summary>
public sealed class RedisEnvironmentIsolationTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private UshadowSettings Environment(string name, int redisDatabase)
    {
        var variables = new Dictionary<string, string>
        {
            ["ENV_NAME"] = name,
            ["REDIS_URL"] = redis.Url,
            ["REDIS_DATABASE"] = redisDatabase.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return UshadowSettings.Resolve(variable => variables.GetValueOrDefault(variable));
    }

    [Fact]
    public async Task Two_environments_writing_the_same_key_each_read_back_their_own_value_from_their_own_database()
    {
        var gold = Environment("gold", 1);
        var blue = Environment("blue", 2);
        using var goldConnection = await ConnectionMultiplexer.ConnectAsync(gold.CreateRedisConfigurationOptions());
        using var blueConnection = await ConnectionMultiplexer.ConnectAsync(blue.CreateRedisConfigurationOptions());

        await gold.GetRedisDatabase(goldConnection).StringSetAsync("session:42", "gold-value");
        await blue.GetRedisDatabase(blueConnection).StringSetAsync("session:42", "blue-value");

        Assert.Equal("gold-value", (string?)await gold.GetRedisDatabase(goldConnection).StringGetAsync("session:42"));
        Assert.Equal("blue-value", (string?)await blue.GetRedisDatabase(blueConnection).StringGetAsync("session:42"));
        // The default database of each multiplexer is the environment's own, too.
        Assert.Equal("gold-value", (string?)await goldConnection.GetDatabase().StringGetAsync("session:42"));
        Assert.Equal("blue-value", (string?)await blueConnection.GetDatabase().StringGetAsync("session:42"));
        // And nothing landed in database 0.
        Assert.False(await goldConnection.GetDatabase(0).KeyExistsAsync("session:42"));
    }
}
