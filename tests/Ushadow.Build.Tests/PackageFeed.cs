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
            var result = Scrubbed.Run("dotnet", RepositoryRoot,
                ["pack", Path.Combine(RepositoryRoot, "src", project, project + ".csproj"), "-c", "Release", "-o", Directory,
                 $"-p:Version={Version}", "-nodeReuse:false", "-v:m"],
                Scrubbed.Environment(), TimeSpan.FromMinutes(5));
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
            var result = Scrubbed.Run("dotnet", RepositoryRoot,
                ["pack", Path.Combine(RepositoryRoot, "src", "Ushadow.Cli", "Ushadow.Cli.csproj"), "-c", "Release", "-o", Directory,
                 $"-p:Version={Version}", "-nodeReuse:false", "-v:m"],
                Scrubbed.Environment(), TimeSpan.FromMinutes(5));
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
