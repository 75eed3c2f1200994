using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

public sealed class IncrementalTests : IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    [Fact]
    public void A_second_build_changes_no_timestamp_under_obj_bin_env_or_secrets()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(app);
        var before = World.Timestamps(app, "obj", "bin");
        var registryTime = File.GetLastWriteTimeUtc(_world.RegistryFile);
        Thread.Sleep(1100); // timestamps of a rewrite would differ

        var output = _world.BuildOk(app).Output;

        var after = World.Timestamps(app, "obj", "bin");
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, pair => Assert.True(pair.Value == after[pair.Key], $"{pair.Key} was touched"));
        Assert.Equal(registryTime, File.GetLastWriteTimeUtc(_world.RegistryFile));
        Assert.Contains("Skipping target \"_UshadowRun\" because all output files are up-to-date", output, StringComparison.Ordinal);
        Assert.Contains("Skipping target \"CoreCompile\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MSBuild_on_dotnet_10_loads_the_ahead_of_time_task_and_the_IL_build_writes_the_same_bytes()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(app);
        var envText = File.ReadAllText(Path.Combine(app, ".env"));
        // The assembly path is part of the resolution's inputs: the IL build runs the task again.
        var output = _world.BuildOk(app, null, "-p:UshadowReadyToRunTasks=false").Output;
        Assert.DoesNotContain("Skipping target \"_UshadowRun\"", output, StringComparison.Ordinal);

        // -getProperty without a target evaluates only: which assembly each setting loads.
        var readyToRun = TasksAssembly(_world.Build(app, null, "-getProperty:_UshadowTasksAssembly"));
        var il = TasksAssembly(_world.Build(app, null, "-p:UshadowReadyToRunTasks=false", "-getProperty:_UshadowTasksAssembly"));

        // The package ships the ahead-of-time build for linux-x64 only; elsewhere both builds load the IL.
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        Assert.EndsWith(rid == "linux-x64" ? "/tasks/net10.0/linux-x64/Ushadow.Build.Tasks.dll" : "/tasks/net8.0/Ushadow.Build.Tasks.dll", readyToRun, StringComparison.Ordinal);
        Assert.EndsWith("/tasks/net8.0/Ushadow.Build.Tasks.dll", il, StringComparison.Ordinal);
        Assert.Equal(envText, File.ReadAllText(Path.Combine(app, ".env")));
        // A ReadyToRun image names its platform in the PE machine field; an IL-only one says I386 (0x14c), "any".
        const int IlOnly = 0x14c;
        foreach (var assembly in new[] { "Ushadow.Build.Tasks.dll", "Ushadow.Core.dll", "YamlDotNet.dll" })
        {
            Assert.Equal(IlOnly, PeMachine(Path.Combine(Path.GetDirectoryName(il)!, assembly)));
            if (rid == "linux-x64")
            {
                Assert.NotEqual(IlOnly, PeMachine(Path.Combine(Path.GetDirectoryName(readyToRun)!, assembly)));
            }
        }
    }

    /// <summary>The value of <c>-getProperty:_UshadowTasksAssembly</c> after a build that succeeded.</summary>
    private static string TasksAssembly(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.Output);
        var path = result.Output.Trim();
        Assert.True(File.Exists(path), result.Output);
        return path.Replace('\\', '/');
    }

    private static int PeMachine(string path)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        return (int)reader.PEHeaders.CoffHeader.Machine;
    }

    [Fact]
    public void An_environment_variable_change_reruns_the_resolution()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(app);

        _world.BuildOk(app, new Dictionary<string, string?> { ["DATABASE_MODE"] = "isolated" });

        Assert.Equal("ushadow_gold", World.ReadEnv(app)["MONGODB_DATABASE"]);
    }

    [Fact]
    public void Three_target_frameworks_built_in_parallel_give_one_consistent_result()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName><LangVersion>latest</LangVersion>", targetFramework: "net10.0;netstandard2.0;netstandard2.1", outputType: "Library", program: "namespace Consumer { public static class Marker { } }\n");

        var output = _world.BuildOk(app, null, "-m").Output;

        Assert.DoesNotContain("IOException", output, StringComparison.Ordinal);
        var env = World.ReadEnv(app);
        Assert.Equal("gold", env["ENV_NAME"]);
        Assert.Single(File.ReadAllLines(Path.Combine(app, ".env")), l => l.StartsWith("REDIS_DATABASE=", StringComparison.Ordinal));
        var recorded = Directory.EnumerateFiles(Path.Combine(app, "obj"), "resolved.txt", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.Equal(3, recorded.Count);
        Assert.Single(recorded.Distinct());
    }

    [Fact]
    public void Three_projects_of_one_solution_built_in_parallel_give_one_consistent_result()
    {
        var root = Path.Combine(_world.Root, "solution");
        var projects = new[] { "api", "worker", "jobs" }.Select(n => _world.CreateConsumer(Path.Combine("solution", n))).ToArray();
        Directory.CreateDirectory(Path.Combine(root, ".git")); // the solution folder is the environment root
        Assert.Equal(0, _world.Dotnet(root, null, "new", "sln", "--format", "sln", "-n", "all").ExitCode);
        Assert.Equal(0, _world.Dotnet(root, null, ["sln", "all.sln", "add", .. projects.Select(p => Path.Combine(p, "Consumer.csproj"))]).ExitCode);

        var output = _world.BuildOk(root, new Dictionary<string, string?> { ["ENV_NAME"] = "blue" }, "all.sln", "-m").Output;

        Assert.DoesNotContain("IOException", output, StringComparison.Ordinal);
        Assert.Equal("blue", World.ReadEnv(root)["ENV_NAME"]);
        var recorded = projects.Select(p => File.ReadAllText(Directory.EnumerateFiles(Path.Combine(p, "obj"), "resolved.txt", SearchOption.AllDirectories).Single())).ToList();
        Assert.Single(recorded.Distinct());
        Assert.Contains("ENV_NAME=blue", recorded[0], StringComparison.Ordinal);
    }

    [Fact]
    public void UshadowEnabled_false_writes_nothing_and_the_build_passes()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnabled>false</UshadowEnabled>");

        _world.BuildOk(app);

        Assert.False(File.Exists(Path.Combine(app, ".env")));
        Assert.False(Directory.Exists(Path.Combine(app, "config")));
        Assert.False(File.Exists(_world.RegistryFile));
    }

    [Fact]
    public void Clean_never_deletes_env_or_secrets()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(app);

        Assert.Equal(0, _world.Dotnet(app, null, "clean", "-nodeReuse:false").ExitCode);

        Assert.True(File.Exists(Path.Combine(app, ".env")));
        Assert.True(File.Exists(Path.Combine(app, "config", "SECRETS", "secrets.yaml")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app, "obj"), "resolved.*", SearchOption.AllDirectories));

        // After a clean, the next build resolves again and writes the same values.
        _world.BuildOk(app);
        Assert.Equal("gold", World.ReadEnv(app)["ENV_NAME"]);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(app, "obj"), "resolved.txt", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(".env")]
    [InlineData("config/SECRETS/secrets.yaml")]
    [InlineData("registry")]
    [InlineData("shared key")]
    public void A_deleted_output_is_restored_by_the_next_build(string which)
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        _world.BuildOk(app);
        var env = File.ReadAllText(Path.Combine(app, ".env"));
        var file = which switch
        {
            "registry" => _world.RegistryFile,
            "shared key" => Path.Combine(_world.LauncherDirectory, "shared", "ushadow.secrets.yaml"),
            _ => Path.Combine(app, which),
        };
        Assert.True(File.Exists(file), file);

        File.Delete(file);
        _world.BuildOk(app);

        Assert.True(File.Exists(file), $"{file} was not restored");
        Assert.Equal(env, File.ReadAllText(Path.Combine(app, ".env")));
    }

    [Fact]
    public void A_design_time_build_creates_no_state_folder_and_no_lock_file()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");

        _world.BuildOk(app, null, "-p:DesignTimeBuild=true");

        Assert.False(Directory.Exists(_world.LauncherDirectory), "the state folder was created");
        Assert.False(File.Exists(Path.Combine(app, ".env")));
    }

    [Fact]
    public void A_shared_database_name_the_rules_accept_reaches_env_and_the_generated_class()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");

        var output = _world.BuildOk(app, new Dictionary<string, string?> { ["SHARED_DATABASE_NAME"] = "team+data" }).Output;

        Assert.DoesNotContain("USH1000", output, StringComparison.Ordinal);
        Assert.Equal("team+data", World.ReadEnv(app)["MONGODB_DATABASE"]);
    }
}
