using System.Reflection;
using Ushadow.Core.IO;
using Ushadow.Core.Launcher;
using Ushadow.Core.Registry;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Registry;

/// <summary>
/// Crash safety (issue 9): the minimal cases of what the crash-injection harness found, and reduced but real runs of
/// the harness and the concurrency soak (build/crash runs them at full size).
/// </summary>
public class CrashTests
{
    [Fact]
    public void A_temp_file_left_by_a_killed_writer_is_removed_by_the_next_write_of_that_file()
    {
        using var folder = new TempStateFolder();
        var file = Path.Combine(folder.Path, ".env");
        File.WriteAllText(file, "A=1\n");
        var stale = Path.Combine(folder.Path, $"..env.{DeadProcessId()}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stale, "A=1\nENV_NAM"); // SIGKILL between creating the temp file and renaming it

        AtomicFile.WriteIfChanged(file, "A=1\nENV_NAME=gold\n");

        Assert.False(File.Exists(stale));
        Assert.Equal("A=1\nENV_NAME=gold\n", File.ReadAllText(file));
    }

    [Fact]
    public void A_temp_file_of_a_running_process_is_kept()
    {
        using var folder = new TempStateFolder();
        var file = Path.Combine(folder.Path, ".env");
        var mine = Path.Combine(folder.Path, $"..env.{System.Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        using var other = Processes.Start("sleep", ["30"]);
        var theirs = Path.Combine(folder.Path, $"..env.{other.Id}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(mine, "x");
        File.WriteAllText(theirs, "x");
        var unrelated = Path.Combine(folder.Path, $".other.{DeadProcessId()}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(unrelated, "x");

        try
        {
            AtomicFile.WriteIfChanged(file, "A=1\n");

            Assert.True(File.Exists(mine));
            Assert.True(File.Exists(theirs));
            Assert.True(File.Exists(unrelated)); // another file's temp files are that file's writer's business
        }
        finally
        {
            other.Kill();
        }
    }

    [Fact]
    public void Opening_the_registry_removes_the_temp_files_and_write_probes_of_killed_builds_even_when_nothing_is_written()
    {
        using var folder = new TempStateFolder();
        Directory.CreateDirectory(folder.StateDirectory);
        var dead = DeadProcessId();
        var temp = Path.Combine(folder.StateDirectory, $".environments.json.{dead}.{Guid.NewGuid():N}.tmp");
        var probe = Path.Combine(folder.StateDirectory, $".ushadow-write-probe.{dead}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, "{ \"vers");
        File.WriteAllText(probe, "");

        EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromSeconds(10)).Dispose();

        Assert.False(File.Exists(temp));
        Assert.False(File.Exists(probe));
    }

    [Fact]
    public void Saving_the_launcher_settings_removes_a_temp_file_left_by_a_killed_command_even_when_nothing_changed()
    {
        using var folder = new TempStateFolder();
        var settings = Path.Combine(folder.Path, "settings.json");
        File.WriteAllText(settings, "{\n  \"default_admin_name\": \"Ada\"\n}\n");
        var stale = Path.Combine(folder.Path, $".settings.json.{DeadProcessId()}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stale, "{\n  \"default_adm");

        var document = LauncherSettingsDocument.Load(settings);
        document.Set("default_admin_name", "Ada");
        Assert.False(document.Save());

        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void Thirty_kills_inside_the_write_and_lock_windows_leave_every_file_whole_and_the_next_build_heals_it()
    {
        var (exit, output) = RunProbe("crash", "--kills", "30", "--seed", "1");

        Assert.True(exit == 0, output);
        Assert.Contains("kills 30, failures 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Provisionings_at_once_with_creates_and_removes_mixed_in_never_time_out_or_share_a_number()
    {
        var (exit, output) = RunProbe("soak", "--rounds", "2", "--procs", "15", "--envs", "5");

        Assert.True(exit == 0, output);
        Assert.Contains("lock timeouts 0, duplicate redis numbers 0, duplicate port offsets 0, failures 0", output, StringComparison.Ordinal);
    }

    /// <summary>The id of a process that has exited (and been reaped).</summary>
    private static int DeadProcessId()
    {
        using var process = Processes.Start("true", []);
        process.Wait(TimeSpan.FromSeconds(30));
        return process.Id;
    }

    private static (int Exit, string Output) RunProbe(params string[] arguments)
    {
        var probe = typeof(CrashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RegistryProbePath").Value!;
        var host = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        // Far beyond what the reduced runs take (seconds to a minute), so only a hang ends one.
        var result = Processes.Run(host, [probe, .. arguments], TimeSpan.FromMinutes(15));
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
