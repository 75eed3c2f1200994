using System.Reflection;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// Which build of the tasks the targets load (docs/decisions.md, The net472 task and Visual Studio), and the guard for
/// an MSBuild that is too old. MSBuildRuntimeType and MSBuildVersion are reserved, so the tests set the private
/// properties that stand in for them. These tests only evaluate the choice: the .NET SDK's MSBuild is no host for the
/// net472 task (its Unix calls are Mono's, reached through Mono.Posix), so build/mono-lane.sh loads and runs it for
/// real under Mono.
/// </summary>
public sealed class TaskSelectionTests : IDisposable
{
    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Visual_Studio_MSBuild_loads_the_net472_task_and_the_dotnet_CLI_a_dotnet_build()
    {
        var app = Restored(_world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>"));

        // -getProperty without a target evaluates only: the path the UsingTask loads.
        var full = TasksAssembly(_world.Build(app, null, "-p:_UshadowTaskRuntime=Full", "-getProperty:_UshadowTasksAssembly"));
        var core = TasksAssembly(_world.Build(app, null, "-p:_UshadowTaskRuntime=Core", "-getProperty:_UshadowTasksAssembly"));
        var unset = TasksAssembly(_world.Build(app, null, "-getProperty:_UshadowTasksAssembly"));

        Assert.EndsWith("/build/tasks/net472/Ushadow.Build.Tasks.dll", full, StringComparison.Ordinal);
        Assert.DoesNotContain("/net472/", core, StringComparison.Ordinal);
        Assert.Matches("/build/tasks/net(8|10)\\.0/", core);
        Assert.Equal(core, unset); // the dotnet CLI's MSBuild says Core by itself
    }

    [Fact]
    public void The_net472_task_ships_its_dependencies_at_the_versions_Visual_Studio_17_8_binds_to()
    {
        var app = Restored(_world.CreateConsumer("app"));
        var folder = Path.GetDirectoryName(TasksAssembly(_world.Build(app, null, "-p:_UshadowTaskRuntime=Full", "-getProperty:_UshadowTasksAssembly")))!;

        // What MSBuild 17.8 carries and redirects to (README, Compatibility): a newer one would load beside it, or not at all.
        var expected = new Dictionary<string, string>
        {
            ["System.Text.Json"] = "7.0.0.0",
            ["System.Text.Encodings.Web"] = "7.0.0.0",
            ["Microsoft.Bcl.AsyncInterfaces"] = "7.0.0.0",
            ["System.Memory"] = "4.0.1.2",
            ["System.Buffers"] = "4.0.3.0",
            ["System.Runtime.CompilerServices.Unsafe"] = "6.0.0.0",
            ["System.Threading.Tasks.Extensions"] = "4.2.0.1",
            ["System.Numerics.Vectors"] = "4.1.4.0",
        };
        foreach (var (name, version) in expected)
        {
            Assert.Equal(version, AssemblyName.GetAssemblyName(Path.Combine(folder, name + ".dll")).Version!.ToString());
        }
        // What Visual Studio does not carry ships beside the task; MSBuild's own assemblies never do.
        foreach (var name in new[] { "Ushadow.Core", "YamlDotNet", "StackExchange.Redis", "Pipelines.Sockets.Unofficial", "System.IO.Pipelines", "System.Threading.Channels" })
        {
            Assert.True(File.Exists(Path.Combine(folder, name + ".dll")), name + ".dll is missing from " + folder);
        }
        Assert.Empty(Directory.GetFiles(folder, "Microsoft.Build*.dll"));
        // Every assembly beside the task is .NET Framework's, not a .NET build that happens to share the name.
        Assert.Contains(".NETFramework,Version=v4.7.2", TargetFramework(Path.Combine(folder, "Ushadow.Build.Tasks.dll")), StringComparison.Ordinal);
        Assert.Contains(".NETFramework,Version=v4.7.2", TargetFramework(Path.Combine(folder, "Ushadow.Core.dll")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_MSBuild_older_than_17_8_gets_USH1024_naming_the_minimum_and_writes_nothing()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");

        var result = _world.Build(app, null, "-p:_UshadowMSBuildVersion=17.7.2", "-p:_UshadowTaskRuntime=Full");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error USH1024", result.Output, StringComparison.Ordinal);
        Assert.Contains("needs MSBuild 17.8 or later", result.Output, StringComparison.Ordinal);
        Assert.Contains("this is MSBuild '17.7.2'", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4062", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4018", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app, ".env")));
        Assert.False(File.Exists(_world.RegistryFile));

        // Visual Studio 2019 (MSBuild 16), whose MSBuild has no VersionLessThan yet: the major version alone decides.
        var vs2019 = _world.Build(app, null, "-p:_UshadowMSBuildAssemblyVersion=16.0", "-p:_UshadowMSBuildVersion=16.4.0");
        Assert.NotEqual(0, vs2019.ExitCode);
        Assert.Contains("error USH1024", vs2019.Output, StringComparison.Ordinal);
        Assert.Contains("this is MSBuild '16.4.0'", vs2019.Output, StringComparison.Ordinal);

        // The minimum itself builds.
        _world.BuildOk(app, null, "-p:_UshadowMSBuildVersion=17.8.3");
        Assert.True(File.Exists(Path.Combine(app, ".env")));
    }

    /// <summary>Restored, so an evaluation imports the package's targets.</summary>
    private string Restored(string app)
    {
        var restore = _world.Dotnet(app, null, "restore", "-nodeReuse:false", "-v:q");
        Assert.True(restore.ExitCode == 0, restore.Output);
        return app;
    }

    private static string TasksAssembly(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.Output);
        var path = result.Output.Trim();
        Assert.True(File.Exists(path), result.Output);
        return path.Replace('\\', '/');
    }

    private static string TargetFramework(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            var blob = metadata.GetBlobBytes(attribute.Value);
            var text = System.Text.Encoding.UTF8.GetString(blob);
            if (text.Contains(".NETFramework", StringComparison.Ordinal) || text.Contains(".NETCoreApp", StringComparison.Ordinal))
            {
                return text;
            }
        }
        return "";
    }
}
