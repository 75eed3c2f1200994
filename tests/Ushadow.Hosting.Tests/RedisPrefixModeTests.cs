using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Ushadow.HostingTests.Consumer;
using Ushadow.TestSupport;

namespace Ushadow.HostingTests;

/// <summary>
/// <c>AddUshadow()</c> with Ushadow.Hosting.Redis in Redis prefix mode on a real 3-primary cluster, given one node's
/// address only: it connects as the environment's own ACL user and every key and channel lands under the prefix.
/// </summary>
public class RedisPrefixModeTests
{
    private const string Prefix = "ushadow:gold:";
    private const string User = "ushadow.ushadow.gold";
    private const string Password = "gold-Password-1";

    [Fact]
    public async Task A_backend_given_one_node_writes_and_publishes_under_its_prefix_as_its_own_user_on_every_node()
    {
        using var cluster = RedisCluster.Start();
        using var admin = cluster.Connect();
        foreach (var node in cluster.Nodes)
        {
            // The user a build makes (README, Redis at team scale), on every primary.
            admin.GetServer("127.0.0.1", node.Port).Execute("ACL", "SETUSER", User, "reset", "on", ">" + Password,
                "resetkeys", "~" + Prefix + "*", "resetchannels", "&" + Prefix + "*", "-@all", "+@read", "+@write", "+@pubsub",
                "+@connection", "+@transaction", "+@scripting", "-@dangerous", "+info", "+cluster|slots", "+cluster|shards", "+cluster|nodes", "+cluster|info");
        }
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["REDIS_ISOLATION"] = "prefix",
            ["REDIS_USERNAME"] = User,
            ["REDIS_PASSWORD"] = Password,
            ["REDIS_URL"] = $"redis://127.0.0.1:{cluster.Nodes[1].Port.ToString(CultureInfo.InvariantCulture)}",
        });
        builder.AddUshadow();
        using var host = builder.Build();
        var settings = host.Services.GetRequiredService<UshadowSettings>();
        var database = host.Services.GetRequiredService<IDatabase>();
        var received = new TaskCompletionSource<string>();
        await admin.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Prefix + "news"), (_, message) => received.TrySetResult(message!));

        for (var i = 0; i < 48; i++)
        {
            await database.StringSetAsync("session:" + i.ToString(CultureInfo.InvariantCulture), "v");
        }
        await host.Services.GetRequiredService<IConnectionMultiplexer>().GetSubscriber().PublishAsync(RedisChannel.Literal("news"), "hello");

        Assert.Equal(Prefix, settings.RedisKeyPrefix);
        Assert.Equal(User, settings.RedisUsername);
        Assert.Equal("v", (string?)await admin.GetDatabase().StringGetAsync(Prefix + "session:0"));
        Assert.Equal("v", (string?)await database.StringGetAsync("session:1")); // read back through the prefix
        foreach (var node in cluster.Nodes)
        {
            Assert.True(admin.GetServer("127.0.0.1", node.Port).Keys(0, Prefix + "session:*").Any(), $"no key on node {node.Port}");
        }
        Assert.Equal(48, cluster.Nodes.Sum(n => admin.GetServer("127.0.0.1", n.Port).Keys(0, "*").Count()));
        Assert.Equal("hello", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        // It is the environment's user: its connection may not reach outside the prefix.
        var outside = await Assert.ThrowsAsync<RedisServerException>(() =>
            host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StringGetAsync("ushadow:blue:session:0"));
        Assert.StartsWith("NOPERM", outside.Message, StringComparison.Ordinal);
    }
}
