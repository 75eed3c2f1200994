using System.Globalization;
using StackExchange.Redis;
using Ushadow.Core.EnvFile;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Registry;

/// <summary>
/// <c>ushadow env remove --flush-redis</c> and <c>ushadow doctor</c> in Redis prefix mode, on a real 3-primary cluster:
/// only the environment's keys go (SCAN MATCH + UNLINK on every primary, never FLUSHDB), then its ACL user.
/// </summary>
public class PrefixRemovalTests
{
    [Fact]
    public void Removing_with_flush_deletes_exactly_that_environments_keys_on_every_node_and_its_user_and_doctor_checks_the_users()
    {
        using var cluster = RedisCluster.Start();
        using var folder = new TempStateFolder();
        using var admin = cluster.Connect();
        foreach (var name in new[] { "gold", "blue" })
        {
            PrefixModeTests.Apply(folder, folder.Root(name), name, cluster.Url, "prefix");
            for (var i = 0; i < 60; i++)
            {
                admin.GetDatabase().StringSet($"shop:{name}:key{i.ToString(CultureInfo.InvariantCulture)}", "v");
            }
        }
        admin.GetDatabase().StringSet("foreign:key", "kept");
        var store = RegistryStores.For(cluster.Url, "test", Path.Combine(folder.Path, "state"), 16, "a");
        var registry = store.ReadSnapshot().Environments;

        var healthy = Checkup.Run(registry, "a", cluster.Url, 16);
        Assert.Empty(healthy.Findings);
        Assert.Contains(healthy.Lines, l => l.Text.Contains("ACL user 'ushadow.shop.gold' exists on every primary", StringComparison.Ordinal));

        var blueBefore = PerNode(cluster, admin, "shop:blue:*");
        var plan = EnvironmentRemoval.Plan(registry, store.Location, "gold", app: null, host: "a", keepWorktree: true, flushRedis: true, force: false, cluster.Url);
        var said = new List<string>();
        EnvironmentRemoval.Run(plan, store, TimeSpan.FromSeconds(10), said.Add);

        Assert.All(PerNode(cluster, admin, "shop:gold:*"), count => Assert.Equal(0, count));
        Assert.Equal(blueBefore, PerNode(cluster, admin, "shop:blue:*"));
        Assert.All(blueBefore, count => Assert.True(count > 0)); // blue's keys are spread over every node, and stay
        Assert.Equal("kept", (string?)admin.GetDatabase().StringGet("foreign:key"));
        Assert.Contains(said, line => line.Contains("Deleted 60 key(s) under 'shop:gold:'", StringComparison.Ordinal));
        foreach (var node in cluster.Nodes)
        {
            var server = admin.GetServer("127.0.0.1", node.Port);
            Assert.True(server.Execute("ACL", "GETUSER", "ushadow.shop.gold").IsNull);
            Assert.False(server.Execute("ACL", "GETUSER", "ushadow.shop.blue").IsNull);
            // FLUSHDB never ran: a FLUSHDB would have counted here.
            Assert.DoesNotContain("cmdstat_flushdb", server.Info("commandstats").SelectMany(g => g).Select(p => p.Key));
        }
        Assert.Equal(["blue"], store.ReadSnapshot().Environments.Select(e => e.Name));

        // Doctor names a user that is gone from a primary.
        admin.GetServer("127.0.0.1", cluster.Nodes[2].Port).Execute("ACL", "DELUSER", "ushadow.shop.blue");
        var broken = Checkup.Run(store.ReadSnapshot().Environments, "a", cluster.Url, 16);
        var finding = Assert.Single(broken.Findings);
        Assert.Equal(DiagnosticCodes.AclUserOutOfLine, finding.Code);
        Assert.Contains("no user 'ushadow.shop.blue'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_file_registry_doctor_says_the_server_does_not_enforce_the_prefix()
    {
        using var server = RedisServer.Start(new() { Databases = 16 });
        using var folder = new TempStateFolder();
        var root = folder.Root("gold");
        PrefixModeTests.Apply(folder, root, "gold", url: null, "prefix");
        Assert.Null(EnvFileDocument.Parse(File.ReadAllText(Path.Combine(root, ".env"))).Get("REDIS_USERNAME"));

        var report = Checkup.Run(new FileRegistryStore(Path.Combine(folder.Path, "state")).ReadSnapshot().Environments, "a", server.Url, 16);

        Assert.Contains(report.Lines, l => l.Text.Contains("the server does not enforce it", StringComparison.Ordinal));
    }

    private static List<long> PerNode(RedisCluster cluster, ConnectionMultiplexer admin, string pattern) =>
        cluster.Nodes.Select(n => admin.GetServer("127.0.0.1", n.Port).Keys(0, pattern).LongCount()).ToList();
}
