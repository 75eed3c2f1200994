using MongoDB.Bson;
using MongoDB.Driver;
using Ushadow.HostingTests.Consumer;

namespace Ushadow.HostingTests;

/// <summary>
/// Against a real MongoDB server, only where one is given: no MongoDB server can be installed on this
/// project's machines (not in Debian, no Docker engine). Without USHADOW_TEST_MONGODB_URI the test reports
/// as skipped, with that reason, so the summary never counts it as passed.
/// </summary>
public sealed class MongoServerTests
{
    [SkippableFact]
    public async Task Two_environments_write_through_the_helper_into_their_own_databases_on_a_real_server()
    {
        var uri = Environment.GetEnvironmentVariable("USHADOW_TEST_MONGODB_URI");
        Skip.If(string.IsNullOrEmpty(uri), "USHADOW_TEST_MONGODB_URI is not set: give it a MongoDB server (mongodb://host:port) to run this test.");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var gold = UshadowSettings.Resolve(name => name switch { "MONGODB_URI" => uri, "MONGODB_DATABASE" => $"ushadow_test_gold_{suffix}", _ => null });
        var blue = UshadowSettings.Resolve(name => name switch { "MONGODB_URI" => uri, "MONGODB_DATABASE" => $"ushadow_test_blue_{suffix}", _ => null });
        using var client = new MongoClient(gold.CreateMongoClientSettings());
        try
        {
            await gold.GetMongoDatabase(client).GetCollection<BsonDocument>("probe").InsertOneAsync(new BsonDocument("env", "gold"));
            await blue.GetMongoDatabase(client).GetCollection<BsonDocument>("probe").InsertOneAsync(new BsonDocument("env", "blue"));

            var inGold = await gold.GetMongoDatabase(client).GetCollection<BsonDocument>("probe").Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
            Assert.Equal("gold", Assert.Single(inGold)["env"].AsString);
        }
        finally
        {
            await client.DropDatabaseAsync(gold.MongoDatabaseName);
            await client.DropDatabaseAsync(blue.MongoDatabaseName);
        }
    }
}
