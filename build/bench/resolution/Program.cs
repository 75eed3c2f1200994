using System.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Registry;

// The in-process cost of one EnvironmentProvisioner.Provision when nothing changes (a rebuild, after a first
// call wrote the files), with a registry of 1 environment (baseline) and of 1,000 environments, interleaved.
// Also: a first-time Provision of a new environment joining the 1,000 (allocation + writes).
const int OtherEnvironments = 999;
const int Warmup = 10;
const int Iterations = 41;

var temp = Directory.CreateTempSubdirectory("ushadow-bench-resolution-").FullName;
try
{
    var small = new Setup(Path.Combine(temp, "one"));
    var large = new Setup(Path.Combine(temp, "thousand"));
    for (var i = 0; i < OtherEnvironments; i++)
    {
        large.Provision($"other-{i:D4}");
    }
    small.Provision("bench"); // first call: writes .env, secrets.yaml and the registry entry
    large.Provision("bench");
    Check(small.Count() == 1 && large.Count() == 1_000, "registry sizes");

    var rebuildOne = new List<double>();
    var rebuildThousand = new List<double>();
    var firstTime = new List<double>();
    for (var i = 0; i < Warmup + Iterations; i++)
    {
        var one = Time(() => small.Provision("bench"), expectWrites: false);
        var thousand = Time(() => large.Provision("bench"), expectWrites: false);
        var fresh = Time(() => large.Provision($"new-{i:D3}"), expectWrites: true);
        large.Forget($"new-{i:D3}"); // back to 1,000 for the next round (not timed)
        if (i >= Warmup)
        {
            rebuildOne.Add(one);
            rebuildThousand.Add(thousand);
            firstTime.Add(fresh);
        }
    }

    Console.WriteLine($"Provision, nothing changed, registry of     1: median {Median(rebuildOne),8:F3} ms  (n={Iterations})");
    Console.WriteLine($"Provision, nothing changed, registry of 1,000: median {Median(rebuildThousand),8:F3} ms  (n={Iterations})");
    Console.WriteLine($"ratio 1000/1: {Median(rebuildThousand) / Median(rebuildOne):F2}");
    Console.WriteLine($"Provision, new environment, registry of 1,000: median {Median(firstTime),8:F3} ms  (n={Iterations})");
}
finally
{
    Directory.Delete(temp, recursive: true);
}

static double Time(Func<ProvisionResult> provision, bool expectWrites)
{
    var start = Stopwatch.GetTimestamp();
    var result = provision();
    var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    Check(result.WrittenFiles.Count > 0 == expectWrites, $"expected {(expectWrites ? "writes" : "no writes")}, got [{string.Join(", ", result.WrittenFiles)}]");
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

/// <summary>One state folder (registry) with environment root folders under it.</summary>
internal sealed class Setup(string folder)
{
    private readonly string _state = Path.Combine(folder, "state");
    private readonly string _settings = Path.Combine(folder, "settings.json");

    /// <summary>Provisions environment <paramref name="name"/>, whose root is its own folder.</summary>
    public ProvisionResult Provision(string name)
    {
        var root = Directory.CreateDirectory(Path.Combine(folder, "roots", name)).FullName;
        return EnvironmentProvisioner.Provision(new ProvisionRequest
        {
            ProjectDirectory = root,
            Variables = new Dictionary<string, string>
            {
                ["USHADOW_STATE_DIR"] = _state,
                ["USHADOW_LAUNCHER_SETTINGS"] = _settings,
                ["ENV_NAME"] = name,
            },
            Properties = new BuildProperties { RedisDatabaseCount = "4096" },
        });
    }

    /// <summary>Removes environment <paramref name="name"/> from the registry and deletes its root folder.</summary>
    public void Forget(string name)
    {
        using (var registry = Open())
        {
            registry.Remove(new EnvironmentId("ushadow", name));
            registry.Save();
        }
        Directory.Delete(Path.Combine(folder, "roots", name), recursive: true);
    }

    /// <summary>How many environments the registry holds.</summary>
    public int Count()
    {
        using var registry = Open();
        return registry.Environments.Count;
    }

    private EnvironmentRegistry Open() => EnvironmentRegistry.Open(_state, TimeSpan.FromSeconds(10));
}
