using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using SampleBackend;
using StackExchange.Redis;

// A minimal .NET backend, wired the way a real one is: AddUshadow() registers UshadowSettings, the MongoDB client and
// this environment's IMongoDatabase, the Redis connection and this environment's IDatabase (Ushadow.Hosting.MongoDB and
// Ushadow.Hosting.Redis; the generated UshadowSettings hands them the values Ushadow.Build resolved).
// It shows what it resolved and proves its Redis database is its own, then exits; with --serve (as the sample AppHost
// runs it) it goes on serving the same facts at / on the URL it is given.
var builder = WebApplication.CreateBuilder(args);
builder.AddUshadow(options => options.ConfigureRedis = redis => redis.ConnectTimeout = 2000);
await using var host = builder.Build();

var settings = host.Services.GetRequiredService<UshadowSettings>();
// The MongoDB driver connects lazily: there is a database object (and its name) without a server.
var mongo = host.Services.GetRequiredService<IMongoDatabase>();
var redisFrom = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("REDIS_DATABASE"))
    ? "its own number, resolved at build time"
    : "from the variable REDIS_DATABASE";

Console.WriteLine($"[{settings.EnvironmentName}] Ushadow sample backend");
Console.WriteLine($"  environment       {settings.EnvironmentName}, {settings.DatabaseMode.ToString().ToLowerInvariant()} mode (compose project {settings.ComposeProjectName})");
Console.WriteLine($"  MongoDB database  {mongo.DatabaseNamespace.DatabaseName}" + (settings.DatabaseMode == UshadowDatabaseMode.Shared
    ? " (shared: every shared environment uses it)"
    : " (isolated: this environment's alone)"));
Console.WriteLine($"  Redis database    {settings.RedisDatabase} ({redisFrom}; never shared)");

var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
if (!redis.IsConnected)
{
    Console.WriteLine("  Redis             no server reachable (start redis-server, or set REDIS_URL): skipped the key round trip");
    return await Serve();
}

// Prove the database is this environment's own: a key another environment wrote would show up here.
var database = host.Services.GetRequiredService<IDatabase>();
const string OwnerKey = "demo:owner";
var before = await database.StringGetAsync(OwnerKey);
await database.StringSetAsync(OwnerKey, settings.EnvironmentName);
var after = await database.StringGetAsync(OwnerKey);
var server = redis.GetServer(redis.GetEndPoints()[0]);
var keys = server.Keys(database.Database, pageSize: 100).Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();

Console.WriteLine($"  {OwnerKey,-16}  was {(before.IsNull ? "unset" : $"'{before}'")} before, now '{after}' (written by this environment)");
Console.WriteLine($"  keys it sees      {string.Join(", ", keys)} (database {database.Database} of {server.EndPoint})");
if (!before.IsNull && before != settings.EnvironmentName)
{
    Console.WriteLine($"  ALERT             another environment ('{before}') wrote to this Redis database");
    return 1;
}
return await Serve();

async Task<int> Serve()
{
    if (!args.Contains("--serve"))
    {
        return 0;
    }
    host.MapGet("/", () => Results.Json(new
    {
        environment = settings.EnvironmentName,
        databaseMode = settings.DatabaseMode.ToString().ToLowerInvariant(),
        mongoDatabase = mongo.DatabaseNamespace.DatabaseName,
        redisDatabase = settings.RedisDatabase,
        owner = redis.IsConnected ? (string?)host.Services.GetRequiredService<IDatabase>().StringGet(OwnerKey) : null,
    }));
    await host.RunAsync();
    return 0;
}
