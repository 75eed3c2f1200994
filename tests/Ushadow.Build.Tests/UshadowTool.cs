using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// The <c>ushadow</c> tool as a person gets it: packed into the run's feed and installed once per run with
/// <c>dotnet tool install --tool-path</c>; each call runs the installed command with a world's HOME.
/// </summary>
public sealed class UshadowTool
{
    private static readonly Lazy<UshadowTool> Shared = new(() => new UshadowTool(PackageFeed.Instance));

    public static UshadowTool Instance => Shared.Value;

    private UshadowTool(PackageFeed feed)
    {
        feed.EnsureCliPacked();
        Version = feed.Version;
        var folder = Path.Combine(Path.GetTempPath(), "ushadow-tool-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var toolPath = Path.Combine(folder, "tools");
        var environment = Scrubbed.Environment();
        environment["DOTNET_CLI_HOME"] = Path.Combine(folder, "dotnet-home");
        var result = Scrubbed.Run("dotnet", folder,
            ["tool", "install", "Ushadow.Cli", "--tool-path", toolPath, "--add-source", feed.Directory, "--version", feed.Version],
            environment, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet tool install failed:\n" + result.Output);
        }
        Executable = Path.Combine(toolPath, "ushadow");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        };
    }

    /// <summary>The installed command, <c>&lt;tool path&gt;/ushadow</c>.</summary>
    public string Executable { get; }

    /// <summary>The package version both packages carry in this run.</summary>
    public string Version { get; }

    /// <summary>The process environment of a run in <paramref name="world"/>: scrubbed, the world's HOME and variables.</summary>
    public static Dictionary<string, string?> EnvironmentFor(World world)
    {
        var environment = Scrubbed.Environment();
        environment["HOME"] = world.Home;
        environment["DOTNET_CLI_HOME"] = Path.Combine(world.Root, "dotnet-home");
        // The tool's apphost finds the runtime this test host runs on.
        environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        foreach (var (key, value) in world.Environment)
        {
            environment[key] = value;
        }
        return environment;
    }

    /// <summary>Runs <c>ushadow</c> with <paramref name="arguments"/>; standard input is <paramref name="input"/> (never a terminal).</summary>
    public ProcessResult Run(World world, string input, params string[] arguments) =>
        Scrubbed.Run(Executable, world.Root, arguments, EnvironmentFor(world), TimeSpan.FromMinutes(2), input);

    /// <summary>Runs <c>ushadow</c> with <paramref name="arguments"/> and extra <paramref name="variables"/>, as a build of the world would get them.</summary>
    public ProcessResult Run(World world, string input, string[] arguments, IReadOnlyDictionary<string, string?>? variables)
    {
        var environment = EnvironmentFor(world);
        foreach (var (key, value) in variables ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }
        return Scrubbed.Run(Executable, world.Root, arguments, environment, TimeSpan.FromMinutes(2), input);
    }
}
