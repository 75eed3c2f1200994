using System.Diagnostics;
using System.Reflection;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using Ushadow.TestSupport;
using static Ushadow.Core.Tests.Registry.RegistryTestData;

namespace Ushadow.Core.Tests.Registry;

public class LockTests
{
    [Fact]
    public void Opening_a_registry_another_instance_holds_times_out_with_USH1011_within_the_bound()
    {
        using var folder = new TempStateFolder();
        using var holder = EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromSeconds(10));

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<UshadowException>(() => EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromMilliseconds(200)));
        clock.Stop();

        Assert.Equal(DiagnosticCodes.RegistryLockTimeout, error.Diagnostic.Code);
        Assert.Contains("0.2s", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(folder.RegistryFile + ".lock", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Disposing_releases_the_lock_and_keeps_the_lock_file()
    {
        using var folder = new TempStateFolder();
        EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromSeconds(10)).Dispose();

        using var second = EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.Zero);

        Assert.True(File.Exists(folder.RegistryFile + ".lock"));
        second.Dispose();
        Assert.Throws<ObjectDisposedException>(() => second.Environments);
    }

    [Fact]
    public async Task A_waiting_open_gets_the_lock_once_the_holder_disposes()
    {
        using var folder = new TempStateFolder();
        var holder = EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromSeconds(10));
        holder.Put(Environment("gold", folder.Root("gold"), 3));
        holder.Save();

        var waiter = Task.Run(() => EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromSeconds(20)));
        await Task.Delay(100);
        Assert.False(waiter.IsCompleted);
        holder.Dispose();

        using var registry = await waiter.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(3, registry.Find(Id("gold"))!.RedisDatabase);
    }

    [Fact]
    public async Task Ten_threads_claiming_different_environments_at_once_get_ten_distinct_numbers()
    {
        using var folder = new TempStateFolder();
        var names = Enumerable.Range(0, 10).Select(i => $"env{i}").ToArray();
        var roots = names.Select(folder.Root).ToArray();
        using var start = new Barrier(names.Length);

        var threads = names.Select((name, i) => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(20));
            using var registry = EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromSeconds(30));
            return Claim(registry, name, roots[i]);
        }, TaskCreationOptions.LongRunning)).ToArray();
        var numbers = await Task.WhenAll(threads).WaitAsync(TimeSpan.FromSeconds(60));

        AssertTenDistinctEntries(folder, names, numbers);
    }

    [Fact]
    public async Task Ten_processes_claiming_different_environments_at_once_get_ten_distinct_numbers()
    {
        using var folder = new TempStateFolder();
        var names = Enumerable.Range(0, 10).Select(i => $"env{i}").ToArray();
        var goFile = Path.Combine(folder.Path, "go");
        var processes = new List<RunningProcess>();
        try
        {
            foreach (var name in names)
            {
                processes.Add(StartProbe(folder.StateDirectory, name, folder.Root(name), goFile));
            }
            // Release them together once each has started, so they race for the lock.
            foreach (var process in processes)
            {
                Assert.Equal("ready", await process.ReadLineAsync(TimeSpan.FromSeconds(60)));
            }
            File.WriteAllText(goFile, "");

            var numbers = new List<int>();
            foreach (var process in processes)
            {
                var line = await process.ReadLineAsync(TimeSpan.FromSeconds(60)) ?? "";
                await process.Exited.WaitAsync(TimeSpan.FromSeconds(60));
                Assert.True(process.ExitCode == 0, $"probe failed ({process.ExitCode}): {process.StandardError}");
                Assert.StartsWith("database ", line, StringComparison.Ordinal);
                numbers.Add(int.Parse(line["database ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }

            AssertTenDistinctEntries(folder, names, numbers);
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose(); // kills what still runs
            }
        }
    }

    private static void AssertTenDistinctEntries(TempStateFolder folder, string[] names, IReadOnlyList<int> numbers)
    {
        Assert.Equal(names.Length, numbers.Distinct().Count());
        using var registry = EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromSeconds(10));
        Assert.Equal(names, registry.Environments.Select(e => e.Name));
        Assert.Equal(numbers.Order(), registry.Environments.Select(e => e.RedisDatabase).Order());
        Assert.Equal(names.Length, registry.Environments.Select(e => e.RedisDatabase).Distinct().Count());
    }

    private static RunningProcess StartProbe(string stateDirectory, string name, string root, string goFile)
    {
        var probe = typeof(LockTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RegistryProbePath").Value!;
        Assert.True(File.Exists(probe), $"the registry probe was not built at {probe}");
        // The dotnet CLI tells child processes which host it is; fall back to the one on PATH.
        var host = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        return Processes.Start(host, [probe, stateDirectory, name, root, goFile]);
    }
}
