using System.Diagnostics;
using System.Reflection;

namespace Ushadow.Build.Tests;

/// <summary>
/// Packs the real Ushadow.Build package and the runtime packages (Ushadow.Hosting, .MongoDB, .Redis, Ushadow.Aspire.Hosting) once per test run into a temporary feed, with a version of its own.
/// Shared by every test class (classes run in parallel), deleted when the test process exits.
/// </summary>
public sealed class PackageFeed
{
    private static readonly Lazy<PackageFeed> Shared = new(() => new PackageFeed());

    public static PackageFeed Instance => Shared.Value;

    private PackageFeed()
    {
        RepositoryRoot = typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        Directory = Path.Combine(Path.GetTempPath(), "ushadow-feed-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        // A fresh version per run: NuGet caches packages by id and version.
        Version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        // Ushadow.Build, then the runtime packages (each pack builds what it references; one after the other, so two
        // packs never build Ushadow.Hosting at once).
        foreach (var project in (string[])["Ushadow.Build", "Ushadow.Hosting.MongoDB", "Ushadow.Hosting.Redis", "Ushadow.Hosting", "Ushadow.Aspire.Hosting"])
        {
            var result = Processes.Run("dotnet", RepositoryRoot,
                ["pack", Path.Combine(RepositoryRoot, "src", project, project + ".csproj"), "-c", "Release", "-o", Directory,
                 $"-p:Version={Version}", "-nodeReuse:false", "-v:m"],
                Processes.ScrubbedEnvironment(), TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack of {project} failed:\n" + result.Output);
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete();
    }

    public string RepositoryRoot { get; }

    private readonly object _cliLock = new();
    private bool _cliPacked;

    /// <summary>
    /// Packs src/Ushadow.Cli into the same feed with the same version, once per run and only for the tests that
    /// need the tool (after Ushadow.Build's pack, so the two never build Ushadow.Core at the same time).
    /// </summary>
    public void EnsureCliPacked()
    {
        lock (_cliLock)
        {
            if (_cliPacked)
            {
                return;
            }
            var result = Processes.Run("dotnet", RepositoryRoot,
                ["pack", Path.Combine(RepositoryRoot, "src", "Ushadow.Cli", "Ushadow.Cli.csproj"), "-c", "Release", "-o", Directory,
                 $"-p:Version={Version}", "-nodeReuse:false", "-v:m"],
                Processes.ScrubbedEnvironment(), TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet pack of Ushadow.Cli failed:\n" + result.Output);
            }
            _cliPacked = true;
        }
    }

    public string Directory { get; }

    public string Version { get; }

    private void Delete()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

public sealed record ProcessResult(int ExitCode, string Output);

public static class Processes
{
    /// <summary>Variables the package reads; every build starts without them unless a test sets them.</summary>
    private static readonly string[] Scrubbed =
    [
        "ENV_NAME", "DATABASE_MODE", "SHARED_DATABASE_NAME", "PORT_OFFSET", "USHADOW_LAUNCHER_SETTINGS", "USHADOW_STATE_DIR", "USHADOW_REGISTRY", "USHADOW_HOST",
        "XDG_CONFIG_HOME", "MONGODB_DATABASE", "REDIS_DATABASE", "MONGODB_URI", "REDIS_URL", "ConnectionStrings__mongodb", "ConnectionStrings__redis",
        "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "DOTNET_HOST_PATH", "VSTEST_HOST_DEBUG",
        // CI runs these tests with CI=true; a consumer's build must behave as on a developer's machine unless a test says otherwise.
        "CI", "TF_BUILD", "GITHUB_ACTIONS", "ContinuousIntegrationBuild", "USHADOW_REGISTRY", "USHADOW_HOST",
    ];

    public static Dictionary<string, string?> ScrubbedEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value;
        }
        foreach (var name in Scrubbed)
        {
            environment.Remove(name);
        }
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return environment;
    }

    /// <summary>Runs a process to its end; <paramref name="standardInput"/>, when given, is its whole input (then closed), so it never reads a terminal.</summary>
    public static ProcessResult Run(string fileName, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, string? standardInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            if (value is not null)
            {
                start.Environment[key] = value;
            }
        }
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output)
        {
            // USH1000 is a defect of the package or the tool: anywhere in any output of the suite, it fails the test.
            if (output.ToString().Contains("USH1000", StringComparison.Ordinal))
            {
                Assert.Fail($"USH1000 in the output of {fileName} {string.Join(' ', arguments)}:\n{output}");
            }
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }
}
