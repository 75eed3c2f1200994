using System.Globalization;
using StackExchange.Redis;
using Ushadow.Core.EnvFile;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Registry;

/// <summary>
/// Each environment in prefix mode gets an ACL user of its own where the team registry may manage users (README, Redis
/// at team scale), on every primary of a real 3-primary cluster: the server enforces the prefix.
/// </summary>
public class AclUserTests
{
    private sealed record Built(string Name, string Prefix, string User, string Password, string Root);

    [Fact]
    public void On_a_cluster_each_environments_user_writes_its_own_keys_on_every_node_and_gets_NOPERM_for_everything_else()
    {
        using var cluster = RedisCluster.Start();
        using var folder = new TempStateFolder();
        var built = new[] { ("a", "gold"), ("b", "blue") }.Select(pair => Build(folder, pair.Item1, pair.Item2, cluster.Url)).ToList();

        using var admin = cluster.Connect();
        foreach (var environment in built)
        {
            Assert.Equal("ushadow.shop." + environment.Name, environment.User);
            var other = built.Single(b => b != environment);
            using var client = ConnectAs(cluster.Nodes[0].Port, environment.User, environment.Password);
            var database = client.GetDatabase();
            for (var i = 0; i < 48; i++)
            {
                database.StringSet(environment.Prefix + "key" + i.ToString(CultureInfo.InvariantCulture), "v");
            }
            foreach (var node in cluster.Nodes)
            {
                // Its own keys landed on every node (each holds some of the slots).
                Assert.True(admin.GetServer("127.0.0.1", node.Port).Keys(0, environment.Prefix + "*").Any(), $"no key of {environment.Name} on node {node.Port}");
                var server = client.GetServer("127.0.0.1", node.Port);
                foreach (var refused in new object[][]
                {
                    ["GET", other.Prefix + "key0"], ["SET", other.Prefix + "mine", "x"], ["GET", "outside:key"],
                    ["GET", "{ushadow}:registry:lock"], ["FLUSHDB"], ["FLUSHALL"], ["KEYS", "*"], ["CONFIG", "GET", "*"],
                })
                {
                    var error = Assert.Throws<RedisServerException>(() => server.Execute((string)refused[0], refused[1..]));
                    Assert.StartsWith("NOPERM", error.Message, StringComparison.Ordinal);
                }
            }
        }
        Assert.Equal(96, cluster.Nodes.Sum(n => admin.GetServer("127.0.0.1", n.Port).Keys(0, "shop:*").Count()));
    }

    [Fact]
    public void The_password_lives_only_in_secrets_yaml_and_a_build_where_nothing_changed_sends_no_ACL_command()
    {
        using var server = RedisServer.Start(new() { Databases = 16 });
        using var folder = new TempStateFolder();
        var gold = Build(folder, "a", "gold", server.Url);
        using var admin = server.Connect();
        var acl = AclCalls(admin, server.Port);

        var again = Apply(folder, "a", gold.Root, "gold", server.Url);

        Assert.Equal(acl, AclCalls(admin, server.Port));
        Assert.Empty(again.WrittenFiles); // neither a file nor the registry: the user's provenance is the registry's from the first build on
        var secretsFile = Path.Combine(gold.Root, "config", "SECRETS", "secrets.yaml");
        Assert.Equal(AtomicFile.OwnerOnly, Ushadow.Core.Tests.Secrets.UnixMode.Of(secretsFile));
        Assert.DoesNotContain(gold.Password, File.ReadAllText(Path.Combine(gold.Root, ".env")), StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(Path.Combine(folder.Path, "state-a"), "*", SearchOption.AllDirectories),
            file => Assert.DoesNotContain(gold.Password, File.ReadAllText(file), StringComparison.Ordinal));
        Assert.All(again.Diagnostics, d => Assert.DoesNotContain(gold.Password, d.Message, StringComparison.Ordinal));
        Assert.All(again.Environment.Values, v => Assert.DoesNotContain(gold.Password, v.Value, StringComparison.Ordinal));
        var entries = admin.GetDatabase(15).HashGetAll("ushadow:registry:environments");
        Assert.All(entries, e => Assert.DoesNotContain(gold.Password, e.Value.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Without_ACL_rights_the_prefix_still_applies_with_no_user_and_the_build_does_not_ask_again()
    {
        using var server = RedisServer.Start(new() { Databases = 16 });
        using var admin = server.Connect();
        // A registry user that may use its keys and run scripts, but not manage users.
        admin.GetServer("127.0.0.1", server.Port).Execute("ACL", "SETUSER", "registry", "on", ">registry-pw", "~*", "&*", "+@all", "-@admin");
        using var folder = new TempStateFolder();
        var url = $"redis://registry:registry-pw@127.0.0.1:{server.Port}";

        var first = Apply(folder, "a", folder.Root("gold"), "gold", url);
        var calls = AclCalls(admin, server.Port);
        Apply(folder, "a", folder.Root("gold"), "gold", url);

        var env = EnvFileDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "roots", "gold", ".env")));
        Assert.Equal("shop:gold:", env.Get("REDIS_KEY_PREFIX"));
        Assert.Null(env.Get("REDIS_USERNAME"));
        Assert.Equal("", first.Environment.RedisUsername.Value);
        Assert.Equal(calls, AclCalls(admin, server.Port));
        Assert.Contains("\"redis_username\":\"\"", admin.GetDatabase(15).HashGet("ushadow:registry:environments", "shop/gold").ToString(), StringComparison.Ordinal);
    }

    private static long AclCalls(ConnectionMultiplexer admin, int port)
    {
        var info = admin.GetServer("127.0.0.1", port).Info("commandstats").SelectMany(g => g).ToList();
        return info.Where(p => p.Key.StartsWith("cmdstat_acl", StringComparison.Ordinal))
            .Sum(p => long.Parse(p.Value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture));
    }

    private static ConnectionMultiplexer ConnectAs(int port, string user, string password) =>
        ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { { "127.0.0.1", port } }, User = user, Password = password, AbortOnConnectFail = true });

    private static Built Build(TempStateFolder folder, string host, string name, string url)
    {
        var root = folder.Root(Path.Combine(host, name));
        Apply(folder, host, root, name, url);
        var env = EnvFileDocument.Parse(File.ReadAllText(Path.Combine(root, ".env")));
        var secretsFile = Path.Combine(root, "config", "SECRETS", "secrets.yaml");
        var password = SecretsDocument.Parse(File.ReadAllText(secretsFile), secretsFile).Get("redis", "password");
        Assert.False(string.IsNullOrEmpty(password));
        return new Built(name, env.Get("REDIS_KEY_PREFIX")!, env.Get("REDIS_USERNAME")!, password!, root);
    }

    private static ProvisionResult Apply(TempStateFolder folder, string host, string root, string name, string url) =>
        EnvironmentProvisioner.Apply(new ProvisionRequest
        {
            ProjectDirectory = root,
            Variables = new Dictionary<string, string>
            {
                [VariableNames.StateDirectory] = Path.Combine(folder.Path, "state-" + host),
                [VariableNames.LauncherSettings] = Path.Combine(folder.Path, "launcher-" + host, "settings.json"),
                [VariableNames.EnvName] = name,
                [VariableNames.RedisIsolation] = "prefix",
                [VariableNames.Registry] = url,
                [VariableNames.Host] = host,
                ["HOME"] = Path.Combine(folder.Path, "home-" + host),
            },
            Properties = new BuildProperties { EnvironmentRoot = root, AppName = "shop", RedisDatabaseCount = 16.ToString(CultureInfo.InvariantCulture) },
            PortInUse = _ => false,
        });
}
