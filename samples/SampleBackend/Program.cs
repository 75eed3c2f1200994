using SampleBackend;
using StackExchange.Redis;

// Everything below comes from the UshadowSettings class that Ushadow.Build generated at build time.
var settings = UshadowSettings.Current;

Console.WriteLine("Ushadow.Build sample backend");
Console.WriteLine($"  environment      {settings.EnvironmentName} (built as {UshadowSettings.BuildTime.EnvironmentName})");
Console.WriteLine($"  database mode    {settings.DatabaseMode}");
Console.WriteLine($"  MongoDB database {settings.MongoDatabaseName} (shared database: {settings.SharedDatabaseName})");
Console.WriteLine($"  Redis database   {settings.RedisDatabase}");
Console.WriteLine($"  compose project  {settings.ComposeProjectName}");

// The MongoDB driver connects lazily: this hands back the database object without a server.
var mongo = settings.GetMongoDatabase();
Console.WriteLine($"  IMongoDatabase   {mongo.DatabaseNamespace.DatabaseName}");

// Where a Redis server is reachable, write and read a key in this environment's own database.
var options = settings.CreateRedisConfigurationOptions();
options.AbortOnConnectFail = false;
options.ConnectTimeout = 1000;
using var redis = await ConnectionMultiplexer.ConnectAsync(options);
if (redis.IsConnected)
{
    var db = settings.GetRedisDatabase(redis);
    await db.StringSetAsync("ushadow:sample:greeting", $"hello from {settings.EnvironmentName}");
    Console.WriteLine($"  Redis            wrote and read back '{await db.StringGetAsync("ushadow:sample:greeting")}' in database {db.Database}");
}
else
{
    Console.WriteLine("  Redis            no server reachable (set REDIS_URL, or start redis-server) - skipped the round trip");
}
