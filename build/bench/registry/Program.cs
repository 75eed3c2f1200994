using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Provisioning;

// One EnvironmentProvisioner.Provision against the Redis registry (a redis-server started here, on loopback)
// next to the same call against the file registry, interleaved, medians and ratios:
// - a rebuild with nothing changed (the resolution a build runs when an input changed but no value did);
// - a new environment (allocation, a claim committed, files written), removed again untimed.
// The Redis registry is also timed in Redis prefix mode (README, Redis at team scale): a new environment claims a
// prefix and gets its own ACL user instead of a number.
// Also, in fresh processes (this program re-run with --once), the first resolution of a process: what a cold
// MSBuild node pays, StackExchange.Redis loading and JIT included.
const int Warmup = 10;
const int Iterations = 41;
const int ColdRuns = 9;

if (args is ["--once", var onceRegistry, var onceFolder, var onceName])
{
    var clock = Stopwatch.StartNew();
    Setup.Provision(onceRegistry, onceFolder, onceName);
    Console.WriteLine(clock.Elapsed.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture));
    return 0;
}

var temp = Directory.CreateTempSubdirectory("ushadow-bench-registry-").FullName;
using var server = RedisProcess.Start();
try
{
    var file = new Setup("file", Path.Combine(temp, "file"));
    var redis = new Setup(server.Url, Path.Combine(temp, "redis"));
    var prefix = new Setup(server.Url, Path.Combine(temp, "prefix"), "prefix");
    file.Provision("bench");
    redis.Provision("bench");
    prefix.Provision("pbench");

    var rebuild = new Dictionary<string, List<double>> { ["file"] = [], ["redis"] = [], ["prefix"] = [] };
    var fresh = new Dictionary<string, List<double>> { ["file"] = [], ["redis"] = [], ["prefix"] = [] };
    for (var i = 0; i < Warmup + Iterations; i++)
    {
        foreach (var (label, setup, bench, fresh_) in new[] { ("file", file, "bench", $"new-{i:D3}"), ("redis", redis, "bench", $"new-{i:D3}"), ("prefix", prefix, "pbench", $"pnew-{i:D3}") })
        {
            var a = Time(() => setup.Provision(bench), expectWrites: false);
            var b = Time(() => setup.Provision(fresh_), expectWrites: true);
            setup.Forget(fresh_);
            if (i >= Warmup)
            {
                rebuild[label].Add(a);
                fresh[label].Add(b);
            }
        }
    }
    var cold = new Dictionary<string, List<double>> { ["file"] = [], ["redis"] = [] };
    for (var i = 0; i < ColdRuns; i++)
    {
        foreach (var (label, setup) in new[] { ("file", file), ("redis", redis) })
        {
            cold[label].Add(Once(setup, $"cold-{i:D2}"));
        }
    }

    Report("rebuild, nothing changed", rebuild, Iterations);
    Report("new environment         ", fresh, Iterations);
    Report("first in a fresh process", cold, ColdRuns);
}
finally
{
    Directory.Delete(temp, recursive: true);
}
return 0;

static void Report(string label, Dictionary<string, List<double>> times, int n)
{
    var file = Median(times["file"]);
    var redis = Median(times["redis"]);
    var prefix = times.TryGetValue("prefix", out var prefixTimes) ? $"  redis prefix mode {Median(prefixTimes),8:F3} ms  ratio prefix/redis {Median(prefixTimes) / redis,6:F2}" : "";
    Console.WriteLine($"Provision, {label}: file {file,8:F3} ms  redis {redis,8:F3} ms  ratio redis/file {redis / file,6:F2}{prefix}  (n={n})");
}

static double Once(Setup setup, string name)
{
    var self = typeof(Setup).Assembly.Location;
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var argument in new[] { self, "--once", setup.Registry, setup.Folder, name })
    {
        start.ArgumentList.Add(argument);
    }
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    Check(process.ExitCode == 0, $"--once {setup.Registry} failed");
    setup.Forget(name);
    return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
}

static double Time(Func<ProvisionResult> provision, bool expectWrites)
{
    var start = Stopwatch.GetTimestamp();
    var result = provision();
    var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    Check(result.WrittenFiles.Count > 0 == expectWrites, $"expected {(expectWrites ? "writes" : "no writes")}, got [{string.Join(", ", result.WrittenFiles)}]");
    Check(result.Diagnostics.All(d => d.Severity != DiagnosticSeverity.Warning), "a warning: " + string.Join("; ", result.Diagnostics));
    return elapsed;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"Benchmark setup is wrong: {what}");
    }
}

/// <summary>One state folder and registry (<c>file</c> or a Redis URL) with environment root folders under it.</summary>
internal sealed class Setup(string registry, string folder, string? isolation = null)
{
    public string Registry => registry;

    public string Folder => folder;

    public ProvisionResult Provision(string name) => Provision(registry, folder, name, isolation);

    public static ProvisionResult Provision(string registry, string folder, string name, string? isolation = null)
    {
        var root = Directory.CreateDirectory(Path.Combine(folder, "roots", name)).FullName;
        return EnvironmentProvisioner.Provision(new ProvisionRequest
        {
            ProjectDirectory = root,
            Variables = new Dictionary<string, string>
            {
                ["USHADOW_STATE_DIR"] = Path.Combine(folder, "state"),
                ["USHADOW_LAUNCHER_SETTINGS"] = Path.Combine(folder, "settings.json"),
                ["USHADOW_REGISTRY"] = registry,
                ["USHADOW_HOST"] = "bench",
                ["ENV_NAME"] = name,
                ["REDIS_ISOLATION"] = isolation ?? "database",
            },
            Properties = new BuildProperties { RedisDatabaseCount = "4096", EnvironmentRoot = root },
        });
    }

    /// <summary>Frees environment <paramref name="name"/> and deletes its root folder (not timed).</summary>
    public void Forget(string name)
    {
        var request = new ProvisionRequest
        {
            ProjectDirectory = folder,
            Variables = new Dictionary<string, string> { ["USHADOW_REGISTRY"] = registry, ["USHADOW_HOST"] = "bench" },
            Properties = new BuildProperties { RedisDatabaseCount = "4096" },
        };
        using (var session = Ushadow.Core.Registry.RegistryStores.For(request, Path.Combine(folder, "state")).Open(TimeSpan.FromSeconds(10)))
        {
            session.Remove(new Ushadow.Core.Model.EnvironmentId("ushadow", name));
            session.Save();
        }
        Directory.Delete(Path.Combine(folder, "roots", name), recursive: true);
    }
}

/// <summary>A throw-away redis-server (Debian package) on a free loopback port with 4096 databases, persistence off.</summary>
internal sealed class RedisProcess : IDisposable
{
    private readonly Process _process;

    private RedisProcess(Process process, int port)
    {
        _process = process;
        Url = $"redis://127.0.0.1:{port}";
    }

    public string Url { get; }

    public static RedisProcess Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("/usr/bin/redis-server") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--databases", "4096" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new RedisProcess(process, port);
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException("redis-server did not start");
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
