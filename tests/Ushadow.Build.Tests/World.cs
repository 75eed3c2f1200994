using System.Text.Json.Nodes;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// One test's world: a temporary folder with its own HOME (so its own launcher settings and state directory)
/// and consumer projects that reference the packed Ushadow.Build package. Deleted when the test ends.
/// </summary>
public sealed class World : IDisposable
{
    private readonly PackageFeed _feed;

    public World(PackageFeed feed)
    {
        _feed = feed;
        Root = Path.Combine(Path.GetTempPath(), "ushadow-e2e-" + Guid.NewGuid().ToString("N")[..10]);
        Home = Path.Combine(Root, "home");
        Directory.CreateDirectory(Home);
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="e2e" value="{feed.Directory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        // Keep consumers away from any Directory.Build.props above the temp folder.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />");
    }

    public string Root { get; }

    public string Home { get; }

    /// <summary>The default launcher settings folder, which is also the default state directory.</summary>
    public string LauncherDirectory => Path.Combine(Home, ".config", "ushadow-launcher");

    public string RegistryFile => Path.Combine(LauncherDirectory, "environments.json");

    public string PackageVersion => _feed.Version;

    /// <summary>Variables every build of this world gets; tests add their own.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Creates a console project that uses the package in <c>Root/&lt;folder&gt;</c>.</summary>
    public string CreateConsumer(string folder, string properties = "", string items = "", string program = DefaultProgram, string targetFramework = "net10.0", string outputType = "Exe")
    {
        var directory = Path.Combine(Root, folder);
        Directory.CreateDirectory(directory);
        var tfmProperty = targetFramework.Contains(';', StringComparison.Ordinal) ? "TargetFrameworks" : "TargetFramework";
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <{tfmProperty}>{targetFramework}</{tfmProperty}>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <RootNamespace>Consumer</RootNamespace>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Ushadow.Build" Version="{PackageVersion}" PrivateAssets="all" />
                {items}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        return directory;
    }

    /// <summary>Package references to runtime packages of this run's feed, for <see cref="CreateConsumer"/>'s items.</summary>
    public string RuntimePackages(params string[] ids) =>
        string.Concat(ids.Select(id => $"<PackageReference Include=\"{id}\" Version=\"{PackageVersion}\" />"));

    public const string DefaultProgram = "System.Console.WriteLine(\"consumer\");\n";

    /// <summary>Runs <c>dotnet build</c> (or another dotnet command) with this world's HOME and scrubbed variables.</summary>
    public ProcessResult Dotnet(string workingDirectory, IReadOnlyDictionary<string, string?>? variables, params string[] arguments)
    {
        var environment = Scrubbed.Environment();
        environment["HOME"] = Home;
        environment["DOTNET_CLI_HOME"] = Path.Combine(Root, "dotnet-home");
        environment["NUGET_PACKAGES"] = SharedNuGetPackages;
        foreach (var (key, value) in Environment)
        {
            environment[key] = value;
        }
        foreach (var (key, value) in variables ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }
        return Scrubbed.Run("dotnet", workingDirectory, arguments, environment, TimeSpan.FromMinutes(5));
    }

    public ProcessResult Build(string projectDirectory, IReadOnlyDictionary<string, string?>? variables = null, params string[] extraArguments) =>
        Dotnet(projectDirectory, variables, ["build", "-nodeReuse:false", "-v:n", .. extraArguments]);

    public ProcessResult BuildOk(string projectDirectory, IReadOnlyDictionary<string, string?>? variables = null, params string[] extraArguments)
    {
        var result = Build(projectDirectory, variables, extraArguments);
        Assert.True(result.ExitCode == 0, "build failed:\n" + result.Output);
        Assert.DoesNotContain("MSB4018", result.Output, StringComparison.Ordinal);
        return result;
    }

    /// <summary>Runs git in <paramref name="directory"/> with this world's HOME and a throw-away identity; fails the test when git fails.</summary>
    public string GitOk(string directory, params string[] arguments)
    {
        var environment = Scrubbed.Environment();
        environment["HOME"] = Home;
        environment["GIT_AUTHOR_NAME"] = environment["GIT_COMMITTER_NAME"] = "Ushadow Tests";
        environment["GIT_AUTHOR_EMAIL"] = environment["GIT_COMMITTER_EMAIL"] = "tests@ushadow.invalid";
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        var result = Scrubbed.Run("git", directory, arguments, environment, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)} failed:\n{result.Output}");
        return result.Output.TrimEnd();
    }

    /// <summary>The <c>.env</c> of a folder read as KEY=value pairs (only simple lines; interop tests use real parsers).</summary>
    public static Dictionary<string, string> ReadEnv(string directory) =>
        File.ReadAllLines(Path.Combine(directory, ".env"))
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.TrimStart().StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .GroupBy(parts => parts[0].Trim())
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);

    public void WriteLauncherSettings(JsonObject settings)
    {
        Directory.CreateDirectory(LauncherDirectory);
        File.WriteAllText(Path.Combine(LauncherDirectory, "settings.json"), settings.ToJsonString());
    }

    /// <summary>Every file under <paramref name="directory"/> with its last write time (for no-op checks).</summary>
    public static Dictionary<string, DateTime> Timestamps(string directory, params string[] subfolders) =>
        subfolders.Select(s => Path.Combine(directory, s)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Concat(new[] { ".env", Path.Combine("config", "SECRETS", "secrets.yaml") }.Select(f => Path.Combine(directory, f)).Where(File.Exists))
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);

    private static string SharedNuGetPackages =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public void Dispose()
    {
        try
        {
            // Secrets are 0600 and folders may have been made read-only by a test.
            foreach (var d in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
