using System.Reflection;
using System.Reflection.PortableExecutable;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// The repository's own builds with NUGET_PACKAGES spelled without a trailing slash, as CI images often set it. NuGet
/// writes NuGetPackageRoot exactly as that variable is spelled, so a project that glued a package name to it
/// (<c>$(NuGetPackageRoot)microsoft.build.framework/…</c>) named a folder that does not exist: the package's
/// ReadyToRun compilation failed with MSB4018 in PrepareForReadyToRunCompilation, and the net472 builds lost their
/// MSBuild references. Each test builds a copy of the repository (its own obj/, so its restore cannot disturb the
/// checkout's), restoring from the existing package cache under the slash-less spelling.
/// </summary>
public sealed class PackageRootSpellingTests : IDisposable
{
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "ushadow-repo-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose()
    {
        try { Directory.Delete(_copy, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void The_package_builds_its_ReadyToRun_and_net472_tasks_when_NUGET_PACKAGES_has_no_trailing_slash()
    {
        CopyRepository();

        // Only the two steps of `dotnet pack` that take MSBuild's assemblies from the package folder: the ReadyToRun
        // publish of the net10.0 tasks and the net472 build (Ushadow.Build.csproj's own targets, as pack calls them).
        var result = Dotnet("msbuild", Path.Combine("src", "Ushadow.Build", "Ushadow.Build.csproj"), "-restore",
            "-t:_UshadowPublishReadyToRunTasks", "-t:_UshadowBuildNetFrameworkTasks", "-p:Configuration=Release");

        Assert.True(result.ExitCode == 0, "the task builds failed:\n" + result.Output);
        Assert.DoesNotContain("MSB4018", result.Output, StringComparison.Ordinal);
        // linux-x64: UshadowReadyToRunRuntimes of Directory.Build.props.
        var readyToRun = Path.Combine(_copy, "src", "Ushadow.Build", "obj", "Release", "tasks-readytorun", "linux-x64", "Ushadow.Build.Tasks.dll");
        Assert.True(File.Exists(readyToRun), readyToRun + " was not published:\n" + result.Output);
        using (var pe = new PEReader(File.OpenRead(readyToRun)))
        {
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "the published task is IL only, not ReadyToRun");
        }
        Assert.True(File.Exists(Path.Combine(_copy, "src", "Ushadow.Build.Tasks", "bin", "Release", "net472", "Ushadow.Build.Tasks.dll")),
            "the net472 task was not built:\n" + result.Output);
    }

    [Fact]
    public void The_task_harness_builds_for_net472_when_NUGET_PACKAGES_has_no_trailing_slash()
    {
        CopyRepository();

        var result = Dotnet("build", Path.Combine("tests", "Ushadow.TaskHarness", "Ushadow.TaskHarness.csproj"), "-f", "net472", "-c", "Release");

        Assert.True(result.ExitCode == 0, "the net472 harness failed to build:\n" + result.Output);
        Assert.True(File.Exists(Path.Combine(_copy, "tests", "Ushadow.TaskHarness", "bin", "Release", "net472", "Ushadow.TaskHarness.exe")), result.Output);
    }

    /// <summary>The checkout's files as git sees them (tracked, and new ones not ignored), edits included, without bin/ and obj/.</summary>
    private void CopyRepository()
    {
        var root = typeof(PackageRootSpellingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        var list = Scrubbed.Run("git", root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], Scrubbed.Environment(), TimeSpan.FromMinutes(1));
        Assert.True(list.ExitCode == 0, "git ls-files failed:\n" + list.Output);
        foreach (var file in list.Output.TrimEnd('\n', '\r').Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(root, file);
            if (!File.Exists(source))
            {
                continue; // deleted in the checkout, not yet in the index
            }
            var target = Path.Combine(_copy, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }

    private ProcessResult Dotnet(params string[] arguments)
    {
        var environment = Scrubbed.Environment();
        // The cache the rest of the suite uses, so the restore is quick, spelled as the defect needs.
        var packages = environment.GetValueOrDefault("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        environment["NUGET_PACKAGES"] = packages.TrimEnd('/');
        return Scrubbed.Run("dotnet", _copy, [.. arguments, "-nodeReuse:false", "-v:m"], environment, TimeSpan.FromMinutes(5));
    }
}
