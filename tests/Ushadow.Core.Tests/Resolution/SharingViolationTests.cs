using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Launcher;
using Ushadow.Core.Shared;
using Ushadow.Core.Tests.Secrets;
using static Ushadow.Core.Tests.Resolution.ProvisionWorld;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// Another process (docker compose, an editor, a virus scanner) has an output open for reading (<c>FileShare.Read</c>)
/// while a build or the tool writes it. Windows refuses the final rename over an open file; the write retries for
/// <see cref="PlatformFiles.ReplaceRetryBound"/>, then fails with USH1023, the file intact and no temp file left.
/// On Unix a rename never minds an open reader: the writes that wait for the reader pass there too, and the ones
/// that must give up are Windows-only (the build/windows-lane.sh lane runs them under Wine).
/// </summary>
public class SharingViolationTests
{
    /// <summary>The files one apply writes, by the name the cases use.</summary>
    public static TheoryData<string> Outputs => new() { ".env", "secrets.yaml", "environments.json" };

    [Theory]
    [MemberData(nameof(Outputs))]
    public async Task An_apply_waits_for_a_reader_that_lets_go_within_the_bound(string output)
    {
        using var world = new ProvisionWorld();
        var held = Prepare(world, output);
        var before = File.ReadAllText(held);

        using (var reader = HoldOpen(held))
        {
            var release = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                reader.Dispose();
            });
            ApplyWriting(world, output);
            await release;
        }

        Assert.NotEqual(before, File.ReadAllText(held));
        AssertNoTemporaryFiles(world);
    }

    [SkippableTheory]
    [MemberData(nameof(Outputs))]
    public void An_apply_whose_output_stays_open_fails_with_USH1023_and_leaves_the_file_intact(string output)
    {
        Skip.IfNot(OperatingSystem.IsWindows(), "Only Windows refuses a rename over an open file; on Unix the write succeeds (see the test above).");
        using var world = new ProvisionWorld();
        var held = Prepare(world, output);
        var before = File.ReadAllBytes(held);

        UshadowDiagnostic refused;
        using (HoldOpen(held))
        {
            refused = Assert.Throws<UshadowException>(() => ApplyWriting(world, output)).Diagnostic;
        }

        Assert.Equal(DiagnosticCodes.FileInUse, refused.Code);
        Assert.Equal(held, refused.File);
        Assert.Contains(held, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(held));
        AssertNoTemporaryFiles(world);
    }

    [SkippableFact]
    public void Saving_launcher_settings_held_open_fails_with_USH1023_and_keeps_the_old_settings()
    {
        Skip.IfNot(OperatingSystem.IsWindows(), "Only Windows refuses a rename over an open file.");
        using var folder = new TempFolder();
        var path = folder.File("settings.json");
        File.WriteAllText(path, """{"default_admin_email": "old@example.com"}""");
        var document = LauncherSettingsDocument.Load(path);
        document.Set("default_admin_email", "new@example.com");

        UshadowDiagnostic refused;
        using (HoldOpen(path))
        {
            refused = Assert.Throws<UshadowException>(() => document.Save()).Diagnostic;
        }

        Assert.Equal(DiagnosticCodes.FileInUse, refused.Code);
        Assert.Equal("""{"default_admin_email": "old@example.com"}""", File.ReadAllText(path));
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.tmp"));
        Assert.True(document.Save(), "the same save succeeds once the reader is gone");
        Assert.Equal("new@example.com", LauncherSettings.Load(path).Global("default_admin_email"));
    }

    [SkippableFact]
    public void A_rename_refused_for_longer_than_the_bound_gives_up_after_it_not_long_after()
    {
        // The bound is what a build waits at most: a few seconds, as MSBuild's Copy task.
        Assert.InRange(PlatformFiles.ReplaceRetryBound, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        Skip.IfNot(OperatingSystem.IsWindows(), "Only Windows refuses a rename over an open file.");
        using var folder = new TempFolder();
        var path = folder.File("held.txt");
        File.WriteAllText(path, "old");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (HoldOpen(path))
        {
            Assert.Throws<UshadowException>(() => AtomicFile.WriteIfChanged(path, "new"));
        }
        Assert.InRange(clock.Elapsed, PlatformFiles.ReplaceRetryBound, PlatformFiles.ReplaceRetryBound + TimeSpan.FromSeconds(3));
    }

    /// <summary>
    /// Builds the world so that the next <see cref="ApplyWriting"/> rewrites <paramref name="output"/> (and, for
    /// the registry, nothing else that already exists); returns that file's path.
    /// </summary>
    private static string Prepare(ProvisionWorld world, string output)
    {
        switch (output)
        {
            case ".env":
                // A hand-written .env that the first build completes.
                File.WriteAllText(world.EnvFile, "# mine\nGREETING=hello\n");
                return world.EnvFile;
            case "secrets.yaml":
                Directory.CreateDirectory(Path.GetDirectoryName(world.SecretsFile)!);
                File.WriteAllText(world.SecretsFile, "# mine\n");
                return world.SecretsFile;
            case "environments.json":
                // gold is registered; the next apply registers silver from another folder.
                world.Provision(Gold());
                return world.RegistryFile;
            default:
                throw new ArgumentOutOfRangeException(nameof(output), output, "not an output of an apply");
        }
    }

    private static void ApplyWriting(ProvisionWorld world, string output)
    {
        if (output == "environments.json")
        {
            var silver = Path.Combine(world.Path, "silver");
            Directory.CreateDirectory(silver);
            world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "silver" }, projectDirectory: silver);
        }
        else
        {
            world.Provision(Gold());
        }
    }

    /// <summary>Opens <paramref name="path"/> for reading the way docker compose or an editor does: others may read, not replace.</summary>
    private static FileStream HoldOpen(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read);

    private static void AssertNoTemporaryFiles(ProvisionWorld world) =>
        Assert.Empty(Directory.EnumerateFiles(world.Path, "*.tmp", SearchOption.AllDirectories));
}
