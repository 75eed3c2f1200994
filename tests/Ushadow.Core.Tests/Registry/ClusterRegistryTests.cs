using System.Globalization;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.EnvFile;
using Ushadow.Core.Inputs;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Registry;

/// <summary>
/// The team registry on a real 3-primary Redis Cluster (README, Redis at team scale): its keys share one hash tag in
/// database 0, environments there use prefix mode, and database mode is a coded error naming prefix mode.
/// </summary>
public class ClusterRegistryTests
{
    [Fact]
    public void Two_machines_build_prefix_environments_on_a_cluster_and_every_registry_key_shares_one_slot()
    {
        using var cluster = RedisCluster.Start();
        using var folder = new TempStateFolder();

        var prefixes = new List<string>();
        foreach (var host in new[] { "a", "b" })
        {
            for (var i = 0; i < 3; i++)
            {
                var name = $"{host}env{i}";
                var root = folder.Root(Path.Combine(host, name));
                var result = Apply(folder, host, root, name, cluster.Url, "prefix");
                Assert.Equal(0, result.Environment.RedisDatabase.Value);
                Assert.DoesNotContain(result.Diagnostics, d => d.Severity != DiagnosticSeverity.Message);
                prefixes.Add(EnvFileDocument.Parse(File.ReadAllText(Path.Combine(root, ".env"))).Get("REDIS_KEY_PREFIX")!);
            }
        }
        // A second build of one of them is stable.
        var again = Apply(folder, "a", folder.Root(Path.Combine("a", "aenv0")), "aenv0", cluster.Url, "prefix");

        Assert.Equal(6, prefixes.Distinct().Count());
        Assert.Equal("shop:aenv0:", again.Environment.RedisKeyPrefix.Value);
        using var client = cluster.Connect();
        var keys = cluster.Nodes.SelectMany(n => client.GetServer("127.0.0.1", n.Port).Keys(0, "*").Select(k => k.ToString())).ToList();
        Assert.Contains(RedisRegistryStore.ClusterKeyPrefix + "environments", keys);
        Assert.All(keys, key => Assert.StartsWith(RedisRegistryStore.ClusterKeyPrefix, key, StringComparison.Ordinal));
        Assert.Single(keys.Select(key => client.HashSlot(key)).Distinct());
        Assert.Equal(6, client.GetDatabase(0).HashLength(RedisRegistryStore.ClusterKeyPrefix + "environments"));
        Assert.Equal(6, client.GetDatabase(0).HashLength(RedisRegistryStore.ClusterKeyPrefix + "claims:port_offset"));
        Assert.False(client.GetDatabase(0).KeyExists(RedisRegistryStore.ClusterKeyPrefix + "claims:redis_database"));
    }

    [Fact]
    public void Database_mode_against_a_cluster_is_USH1072_naming_prefix_mode_and_writes_nothing()
    {
        using var cluster = RedisCluster.Start();
        using var folder = new TempStateFolder();
        var root = folder.Root("gold");

        var error = Assert.Throws<UshadowException>(() => Apply(folder, "a", root, "gold", cluster.Url, "database")).Diagnostic;

        Assert.Equal(DiagnosticCodes.DatabaseModeOnCluster, error.Code);
        Assert.Contains("Redis Cluster", error.Message, StringComparison.Ordinal);
        Assert.Contains("REDIS_ISOLATION=prefix", error.Message, StringComparison.Ordinal);
        Assert.Contains("ushadow settings set redis_isolation prefix", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
        using var client = cluster.Connect();
        Assert.Equal(0, cluster.Nodes.Sum(n => client.GetServer("127.0.0.1", n.Port).DatabaseSize(0)));
    }

    [Fact]
    public void A_registry_URL_naming_another_database_of_a_cluster_is_USH1050()
    {
        using var cluster = RedisCluster.Start();
        using var folder = new TempStateFolder();

        var error = Assert.Throws<UshadowException>(() => Apply(folder, "a", folder.Root("gold"), "gold", cluster.Url + "/3", "prefix")).Diagnostic;

        Assert.Equal(DiagnosticCodes.InvalidRegistrySetting, error.Code);
        Assert.Contains("only database 0", error.Message, StringComparison.Ordinal);
    }

    private static ProvisionResult Apply(TempStateFolder folder, string host, string root, string name, string url, string isolation) =>
        EnvironmentProvisioner.Apply(new ProvisionRequest
        {
            ProjectDirectory = root,
            Variables = new Dictionary<string, string>
            {
                [VariableNames.StateDirectory] = Path.Combine(folder.Path, "state-" + host),
                [VariableNames.LauncherSettings] = Path.Combine(folder.Path, "launcher-" + host, "settings.json"),
                [VariableNames.EnvName] = name,
                [VariableNames.RedisIsolation] = isolation,
                [VariableNames.Registry] = url,
                [VariableNames.Host] = host,
                ["HOME"] = Path.Combine(folder.Path, "home-" + host),
            },
            Properties = new BuildProperties { EnvironmentRoot = root, AppName = "shop", RedisDatabaseCount = 16.ToString(CultureInfo.InvariantCulture) },
            PortInUse = _ => false,
        });
}
