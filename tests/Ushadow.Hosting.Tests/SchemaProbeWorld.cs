using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Ushadow.TestSupport;

namespace Ushadow.HostingTests;

/// <summary>
/// One schema test's world: a temp folder with a state folder holding a registry, the probe apps' delegate log and the
/// file that releases them together; starts the schema probe (an app calling <c>UshadowSchema.MigrateAsync</c>).
/// Deleted afterwards.
/// </summary>
/// <remarks>
/// <c>UshadowSchema.MigrateAsync</c> against the file registry, from real app processes (the schema probe): exactly once
/// under concurrency, a killed migrator, no migration backwards, isolated databases, no registry (README, Schema
/// changes in shared mode). The delegate writes a line to a file instead of touching MongoDB.
/// </remarks>
internal sealed class SchemaProbeWorld : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ushadow-schema-tests", Guid.NewGuid().ToString("N"));

    public SchemaProbeWorld()
    {
        Directory.CreateDirectory(StateDirectory);
        // A registry as a build leaves it; the environments do not matter to the run time.
        File.WriteAllText(RegistryFile, """{ "version": 2, "environments": {} }""" + "\n");
    }

    public string StateDirectory => Path.Combine(Folder, "state");

    public string RegistryFile => Path.Combine(StateDirectory, "environments.json");

    public string DelegateLog => Path.Combine(Folder, "delegate.log");

    public string GoFile => Path.Combine(Folder, "go");

    public string[] DelegateRuns => File.Exists(DelegateLog) ? File.ReadAllLines(DelegateLog) : [];

    /// <summary>The record of <paramref name="database"/> as the registry file holds it.</summary>
    public JsonObject? Record(string database) => JsonNode.Parse(File.ReadAllText(RegistryFile))!["schemas"]?[database] as JsonObject;

    /// <summary>Writes a record as an earlier migration would have.</summary>
    public void Recorded(string database, long version, string environment)
    {
        var document = (JsonObject)JsonNode.Parse(File.ReadAllText(RegistryFile))!;
        var schemas = document["schemas"] as JsonObject ?? new JsonObject();
        schemas[database] = new JsonObject
        {
            ["schema_version"] = version,
            ["migrated_by"] = new JsonObject { ["environment"] = environment, ["host"] = "m1" },
            ["migrated_at"] = "2026-12-07T12:00:00Z",
            ["in_progress"] = null,
        };
        document["schemas"] = schemas;
        File.WriteAllText(RegistryFile, document.ToJsonString());
    }

    public RunningProcess Start(string environment, long version, int delegateMilliseconds = 0, string flag = "", string mode = "shared", string? host = null, string? stateDirectory = null,
        string? registry = null, int? leaseMilliseconds = null, int? waitMilliseconds = null)
    {
        var probe = typeof(SchemaProbeWorld).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SchemaProbePath").Value!;
        Assert.True(File.Exists(probe), $"the schema probe was not built at {probe}");
        // The dotnet CLI tells child processes which host it is; fall back to the one on PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        return Processes.Start(dotnet,
            [probe, environment, mode, version.ToString(CultureInfo.InvariantCulture), DelegateLog, GoFile, delegateMilliseconds.ToString(CultureInfo.InvariantCulture), flag],
            environment: new Dictionary<string, string?>
            {
                ["USHADOW_STATE_DIR"] = stateDirectory ?? StateDirectory,
                ["USHADOW_HOST"] = host ?? "m2",
                ["USHADOW_REGISTRY"] = registry,
                ["SCHEMA_PROBE_LEASE_MS"] = leaseMilliseconds?.ToString(CultureInfo.InvariantCulture),
                ["SCHEMA_PROBE_WAIT_MS"] = waitMilliseconds?.ToString(CultureInfo.InvariantCulture),
                ["ENV_NAME"] = null,
                ["DATABASE_MODE"] = null,
                ["MONGODB_DATABASE"] = null,
            });
    }

    /// <summary>Starts the apps, releases them together once each is ready, and returns each one's outcome (up, failed, refused and a code), exit code and output.</summary>
    public async Task<(string Last, int ExitCode, string Output)[]> RunTogether(params Func<RunningProcess>[] starts)
    {
        var processes = new List<RunningProcess>();
        try
        {
            foreach (var start in starts)
            {
                processes.Add(start());
            }
            foreach (var process in processes)
            {
                Assert.Equal("ready", await process.ReadLineAsync(Bound));
            }
            File.WriteAllText(GoFile, "");
            var results = new List<(string, int, string)>();
            foreach (var process in processes)
            {
                await process.Exited.WaitAsync(Bound);
                // The console logger writes on its own thread: find the probe's own outcome line among the log lines.
                var outcome = process.StandardOutput.Split('\n', StringSplitOptions.TrimEntries)
                    .LastOrDefault(line => line is "up" or "failed" || line.StartsWith("refused ", StringComparison.Ordinal)) ?? "";
                results.Add((outcome, process.ExitCode, process.Output));
            }
            return [.. results];
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
