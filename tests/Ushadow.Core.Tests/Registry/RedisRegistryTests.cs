using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using StackExchange.Redis;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Redis;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Registry;

/// <summary>
/// The team registry on a real <c>redis-server</c> (README, Teams on one server): claims, hosts, markers, a server that
/// stops.
/// </summary>
public class RedisRegistryTests
{
    private const string Secret = "Pa55-w0rd-never-shown";

    [Fact]
    public async Task Two_machines_building_ten_environments_each_at_once_get_twenty_distinct_numbers_and_markers()
    {
        using var server = RedisServer.Start(new() { Databases = 32 });
        using var folder = new TempStateFolder();
        var goFile = Path.Combine(folder.Path, "go");
        var processes = new List<(string Host, string Name, RunningProcess Process)>();
        try
        {
            foreach (var host in new[] { "a", "b" })
            {
                for (var i = 0; i < 10; i++)
                {
                    var name = $"{host}env{i}";
                    var root = folder.Root(Path.Combine(host, name));
                    processes.Add((host, name, StartProvision(server.Url, host, Path.Combine(folder.Path, "state-" + host), name, root, "32", goFile)));
                }
            }
            foreach (var (_, _, process) in processes)
            {
                Assert.Equal("ready", await process.ReadLineAsync(TimeSpan.FromSeconds(60)));
            }
            File.WriteAllText(goFile, "");

            var numbers = new Dictionary<string, int>();
            var offsets = new List<string>();
            foreach (var (host, name, process) in processes)
            {
                // Twenty cold processes take their turns on 2 cores: allow minutes, not seconds.
                var line = await process.ReadLineAsync(TimeSpan.FromMinutes(5)) ?? "";
                await process.Exited.WaitAsync(TimeSpan.FromMinutes(5));
                var errors = process.StandardError;
                Assert.True(process.ExitCode == 0, $"{name} failed ({process.ExitCode}): {errors}");
                Assert.Equal("", errors);
                numbers[name] = int.Parse(line["database ".Length..], CultureInfo.InvariantCulture);
                offsets.Add(File.ReadAllLines(Path.Combine(folder.Path, "roots", host, name, ".env")).Single(l => l.StartsWith("PORT_OFFSET=", StringComparison.Ordinal)));
            }

            Assert.Equal(20, numbers.Values.Distinct().Count());
            Assert.Equal(20, offsets.Distinct().Count()); // port blocks are claimed across machines too
            Assert.DoesNotContain(31, numbers.Values); // the reserved database, count - 1
            using var client = server.Connect();
            foreach (var (name, number) in numbers)
            {
                Assert.Equal(name, (string?)client.GetDatabase(number).StringGet(RedisMarker.Key));
            }
            var reserved = client.GetServer("127.0.0.1", server.Port).Keys(31, "*").Select(k => k.ToString()).ToList();
            Assert.DoesNotContain(RedisMarker.Key, reserved);
            Assert.All(reserved, key => Assert.StartsWith(RedisRegistryStore.KeyPrefix, key, StringComparison.Ordinal));
            var entries = client.GetDatabase(31).HashGetAll(RedisRegistryStore.EnvironmentsKey);
            Assert.Equal(20, entries.Length);
            Assert.Equal(10, entries.Count(e => e.Value.ToString().Contains("\"host\":\"a\"", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var (_, _, process) in processes)
            {
                process.Dispose(); // kills what still runs
            }
        }
    }

    [Fact]
    public void Another_machines_environment_is_never_reclaimed_and_USH1008_names_its_host_and_the_prune_command()
    {
        using var server = RedisServer.Start(new() { Databases = 4 });
        using var folder = new TempStateFolder();
        // Three usable numbers: database 3 holds the registry.
        foreach (var name in new[] { "a0", "a1", "a2" })
        {
            Provision(server.Url, "a", folder, name, count: 4);
        }
        // Seen from machine b, a's folders do not exist (here: they are really gone).
        Directory.Delete(Path.Combine(folder.Path, "roots", "a"), recursive: true);

        var error = Assert.Throws<UshadowException>(() => Provision(server.Url, "b", folder, "b0", count: 4));

        Assert.Equal(DiagnosticCodes.RedisDatabasesExhausted, error.Diagnostic.Code);
        Assert.Contains("host 'a'", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("ushadow env prune --host a", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("a0", error.Diagnostic.Message, StringComparison.Ordinal);
        var snapshot = Store(server.Url, "b", folder, 4).ReadSnapshot();
        Assert.Equal(["a0", "a1", "a2"], snapshot.Environments.Select(e => e.Name).Order());
        Assert.All(snapshot.Environments, e => Assert.Equal("a", e.Host));
    }

    [Fact]
    public void The_owning_machine_reclaims_its_own_entry_whose_root_is_gone()
    {
        using var server = RedisServer.Start(new() { Databases = 3 });
        using var folder = new TempStateFolder();
        Provision(server.Url, "a", folder, "a0", count: 3);
        Provision(server.Url, "a", folder, "a1", count: 3);
        Directory.Delete(Path.Combine(folder.Path, "roots", "a", "a0"), recursive: true);

        var result = Provision(server.Url, "a", folder, "a2", count: 3);

        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.RegistryEntryReclaimed && d.Message.Contains("a0", StringComparison.Ordinal));
        using var client = server.Connect();
        Assert.Equal("a2", (string?)client.GetDatabase(result.Environment.RedisDatabase.Value).StringGet(RedisMarker.Key));
    }

    [Fact]
    public void A_name_another_machine_holds_for_the_same_app_is_USH1009_naming_that_machine()
    {
        using var server = RedisServer.Start(new() { Databases = 8 });
        using var folder = new TempStateFolder();
        Provision(server.Url, "alice-laptop", folder, "gold", count: 8);

        var error = Assert.Throws<UshadowException>(() => Provision(server.Url, "bob-laptop", folder, "gold", count: 8));

        Assert.Equal(DiagnosticCodes.EnvironmentNameClaimedTwice, error.Diagnostic.Code);
        Assert.Contains("'alice-laptop'", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_server_stopped_a_known_claim_builds_with_a_warning_and_a_new_environment_fails_and_neither_shows_the_password()
    {
        using var server = RedisServer.Start(new() { Databases = 8, Password = Secret });
        using var folder = new TempStateFolder();
        var first = Provision(server.Url, "a", folder, "gold", count: 8);
        Assert.Contains(server.Url, server.Url); // the URL does hold the password
        Assert.Contains(Secret, server.Url, StringComparison.Ordinal);
        server.Stop();

        var clock = Stopwatch.StartNew();
        var again = Provision(server.Url, "a", folder, "gold", count: 8);
        var error = Assert.Throws<UshadowException>(() => Provision(server.Url, "a", folder, "blue", count: 8));
        clock.Stop();

        Assert.Equal(first.Environment.RedisDatabase.Value, again.Environment.RedisDatabase.Value);
        var warning = Assert.Single(again.Diagnostics, d => d.Code == DiagnosticCodes.RegistryServerOffline);
        Assert.Contains($"127.0.0.1:{server.Port}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("USHADOW_REGISTRY=file", warning.Message, StringComparison.Ordinal);
        Assert.Equal(DiagnosticCodes.RegistryServerUnavailable, error.Diagnostic.Code);
        Assert.Contains($"127.0.0.1:{server.Port}", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("USHADOW_REGISTRY=file", error.Diagnostic.Message, StringComparison.Ordinal);
        foreach (var text in again.Diagnostics.Select(d => d.ToString()).Append(error.ToString()))
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"two builds against a stopped server took {clock.Elapsed}");
    }

    [Fact]
    public void The_local_cache_holds_only_this_machines_entries_and_is_owner_only()
    {
        using var server = RedisServer.Start(new() { Databases = 8 });
        using var folder = new TempStateFolder();
        Provision(server.Url, "a", folder, "gold", count: 8);
        Provision(server.Url, "b", folder, "blue", count: 8);

        var store = (RedisRegistryStore)Store(server.Url, "a", folder, 8);
        Assert.Equal(["gold"], store.ReadCache().Select(e => e.Name));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.LocalFile));
        }
    }

    [Fact]
    public void Unknown_fields_of_an_entry_survive_a_rewrite()
    {
        using var server = RedisServer.Start(new() { Databases = 8 });
        using var folder = new TempStateFolder();
        Provision(server.Url, "a", folder, "gold", count: 8);
        using var client = server.Connect();
        var db = client.GetDatabase(7);
        var json = db.HashGet(RedisRegistryStore.EnvironmentsKey, "ushadow/gold").ToString();
        db.HashSet(RedisRegistryStore.EnvironmentsKey, "ushadow/gold", json.Insert(1, "\"from_the_future\":{\"x\":1},"));

        Provision(server.Url, "a", folder, "gold", count: 8, mode: "isolated");

        var after = db.HashGet(RedisRegistryStore.EnvironmentsKey, "ushadow/gold").ToString();
        Assert.Contains("\"from_the_future\":{\"x\":1}", after, StringComparison.Ordinal);
        Assert.Contains("\"database_mode\":\"isolated\"", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql://u:" + Secret + "@h/1")]
    [InlineData("redis://u:" + Secret + "@h/notanumber")]
    [InlineData("redis://u:" + Secret + "@h/99")]
    public void A_registry_setting_that_is_neither_file_nor_a_usable_Redis_URL_is_USH1050_without_the_password(string value)
    {
        var request = new ProvisionRequest
        {
            ProjectDirectory = "/tmp",
            Variables = new Dictionary<string, string> { [VariableNames.Registry] = value },
        };

        var error = Assert.Throws<UshadowException>(() => RegistryStores.For(request, "/tmp/state"));

        Assert.Equal(DiagnosticCodes.InvalidRegistrySetting, error.Diagnostic.Code);
        Assert.Contains("USHADOW_REGISTRY", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_variable_wins_over_the_property_and_file_or_nothing_is_the_file_store()
    {
        var both = new ProvisionRequest
        {
            ProjectDirectory = "/tmp",
            Variables = new Dictionary<string, string> { [VariableNames.Registry] = "file" },
            Properties = new BuildProperties { Registry = "redis://h:1" },
        };
        Assert.IsType<FileRegistryStore>(RegistryStores.For(both, "/tmp/state"));
        Assert.IsType<RedisRegistryStore>(RegistryStores.For(both with { Variables = new Dictionary<string, string>() }, "/tmp/state"));
        Assert.IsType<FileRegistryStore>(RegistryStores.For(new ProvisionRequest { ProjectDirectory = "/tmp" }, "/tmp/state"));
    }

    private static IEnvironmentRegistryStore Store(string url, string host, TempStateFolder folder, int count) =>
        RegistryStores.For(Request(url, host, folder, "x", count, null), Path.Combine(folder.Path, "state-" + host));

    private static ProvisionResult Provision(string url, string host, TempStateFolder folder, string name, int count, string? mode = null) =>
        EnvironmentProvisioner.Apply(Request(url, host, folder, name, count, mode));

    private static ProvisionRequest Request(string url, string host, TempStateFolder folder, string name, int count, string? mode)
    {
        var root = folder.Root(Path.Combine(host, name));
        var variables = new Dictionary<string, string>
        {
            [VariableNames.Registry] = url,
            [VariableNames.Host] = host,
            [VariableNames.StateDirectory] = Path.Combine(folder.Path, "state-" + host),
            [VariableNames.EnvName] = name,
            ["HOME"] = Path.Combine(folder.Path, "home-" + host),
        };
        if (mode is not null)
        {
            variables[VariableNames.DatabaseMode] = mode;
        }
        return new ProvisionRequest
        {
            ProjectDirectory = root,
            Variables = variables,
            Properties = new BuildProperties { EnvironmentRoot = root, RedisDatabaseCount = count.ToString(CultureInfo.InvariantCulture) },
        };
    }

    private static RunningProcess StartProvision(string url, string host, string stateDirectory, string name, string root, string count, string goFile)
    {
        var probe = typeof(RedisRegistryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RegistryProbePath").Value!;
        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var environment = VariableNames.BuildInputs.ToDictionary(variable => variable, string? (_) => null);
        environment[VariableNames.Registry] = url;
        environment[VariableNames.Host] = host;
        environment[VariableNames.StateDirectory] = stateDirectory;
        environment[VariableNames.EnvName] = name;
        environment["HOME"] = Path.Combine(stateDirectory, "home");
        return Processes.Start(dotnet, [probe, "apply", root, count, goFile], environment: environment);
    }
}
