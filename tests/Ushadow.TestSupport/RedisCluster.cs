using System.Globalization;
using StackExchange.Redis;

namespace Ushadow.TestSupport;

/// <summary>
/// A throw-away Redis Cluster of three primaries on loopback (no replicas, persistence off): each node a
/// <see cref="RedisServer"/> started with <c>--cluster-enabled yes</c> and a node file in a folder of its own, joined by
/// <c>redis-cli --cluster create</c>, ready once every node reports <c>cluster_state:ok</c>. Like the single server, a
/// cluster that cannot be made throws from <see cref="Start"/>: its tests fail, they are never skipped.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    private const string CliPath = "/usr/bin/redis-cli";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly List<RedisServer> _nodes = [];
    private readonly string _folder;

    private RedisCluster(int primaries)
    {
        _folder = Path.Combine(Path.GetTempPath(), "ushadow-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        try
        {
            for (var i = 0; i < primaries; i++)
            {
                var dir = Path.Combine(_folder, "node" + i.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(dir);
                _nodes.Add(RedisServer.Start(new RedisServerOptions
                {
                    Databases = 16,
                    Arguments = ["--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(dir, "nodes.conf"), "--dir", dir, "--cluster-node-timeout", "5000"],
                }));
            }
            var create = Processes.Run(CliPath,
                ["--cluster", "create", .. _nodes.Select(n => "127.0.0.1:" + n.Port.ToString(CultureInfo.InvariantCulture)), "--cluster-replicas", "0", "--cluster-yes"],
                Bound);
            if (create.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({create.ExitCode}):\n{create.Output}");
            }
            foreach (var node in _nodes)
            {
                Ready.Wait(() => ClusterInfo(node).Contains("cluster_state:ok", StringComparison.Ordinal), Bound, $"cluster node {node.Port} (cluster_state:ok)");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Starts a cluster of <paramref name="primaries"/> primaries (three by default, the fewest Redis accepts).</summary>
    public static RedisCluster Start(int primaries = 3) => new(primaries);

    /// <summary>The nodes, each a primary.</summary>
    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>The <c>redis://</c> URL of the first node: a cluster client finds the others from any one.</summary>
    public string Url => _nodes[0].Url;

    /// <summary>A cluster client for the tests' checks (admin commands allowed), given every node.</summary>
    public ConnectionMultiplexer Connect()
    {
        var options = new ConfigurationOptions { AllowAdmin = true };
        foreach (var node in _nodes)
        {
            options.EndPoints.Add("127.0.0.1", node.Port);
        }
        return ConnectionMultiplexer.Connect(options);
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A node that has not quite exited may still hold its node file; the temp folder is cleaned by the system.
        }
    }

    private static string ClusterInfo(RedisServer node)
    {
        var result = Processes.Run(CliPath, ["-p", node.Port.ToString(CultureInfo.InvariantCulture), "cluster", "info"], TimeSpan.FromSeconds(5));
        return result.StandardOutput;
    }
}
