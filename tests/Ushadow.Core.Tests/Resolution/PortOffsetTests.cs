using System.Net;
using System.Net.Sockets;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Planning;
using Ushadow.Core.Registry;
using Ushadow.TestSupport;
using static Ushadow.Core.Tests.Resolution.ProvisionWorld;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// Port offsets (README, Ports) are resolved values, allocated stable and collision-free, and written with the ports.
/// </summary>
public class PortOffsetTests
{
    private static Dictionary<string, string> Env(string name, params (string Key, string Value)[] more)
    {
        var variables = Gold(more);
        variables["ENV_NAME"] = name;
        return variables;
    }

    [Fact]
    public void The_app_named_environment_gets_block_0_and_the_default_ports()
    {
        using var world = new ProvisionWorld();
        world.Provision(Env("ushadow"));

        Assert.Equal("0", world.EnvValue("PORT_OFFSET"));
        Assert.Equal("8000", world.EnvValue("BACKEND_PORT"));
        Assert.Equal("3000", world.EnvValue("WEBUI_PORT"));
    }

    [Fact]
    public void Another_environment_prefers_the_original_launchers_hash_of_its_name()
    {
        using var world = new ProvisionWorld();
        var result = world.Provision(Env("gold"));

        // The original launcher: (sum of the name's bytes % 50) * 10; 'gold' = 103+111+108+100 = 422 -> 22 * 10.
        Assert.Equal(220, result.Environment.PortOffset.Value);
        Assert.Equal("8220", world.EnvValue("BACKEND_PORT"));
        Assert.Equal("3220", world.EnvValue("WEBUI_PORT"));
        Assert.Equal(SettingLayer.Inferred, result.Environment.PortOffset.From.Layer);
    }

    [Fact]
    public void Ten_environments_get_ten_distinct_blocks_that_do_not_change_across_rebuilds()
    {
        using var world = new ProvisionWorld();
        // Names chosen so several share the original's hash: the collision the allocation exists to prevent.
        var names = new[] { "ab", "ba", "gold", "dlog", "blue", "red", "der", "green", "x1", "1x" };
        var first = new Dictionary<string, int>();
        foreach (var name in names)
        {
            world.Root = Path.Combine(world.Path, name);
            Directory.CreateDirectory(world.Root);
            first[name] = world.Provision(Env(name)).Environment.PortOffset.Value;
        }
        Assert.Equal(names.Length, first.Values.Distinct().Count());
        Assert.All(first.Values, offset => Assert.True(offset % 10 == 0 && offset is >= 0 and < 500, $"offset {offset}"));

        foreach (var name in names.Reverse())
        {
            world.Root = Path.Combine(world.Path, name);
            var again = world.Provision(Env(name)).Environment;
            Assert.Equal(first[name], again.PortOffset.Value);
            Assert.Equal(SettingLayer.Registry, again.PortOffset.From.Layer);
        }
        var registered = EnvironmentRegistry.ReadSnapshot(world.StateDirectory);
        Assert.Equal(first.OrderBy(p => p.Key), registered.Select(e => KeyValuePair.Create(e.Name, e.PortOffset!.Value)).OrderBy(p => p.Key));
    }

    [Fact]
    public void A_block_with_a_port_in_use_is_skipped_when_first_allocating_only()
    {
        using var world = new ProvisionWorld();
        world.PortsInUse.Add(8220); // BACKEND_PORT of gold's preferred block

        var gold = world.Provision(Env("gold")).Environment;

        Assert.Equal(0, gold.PortOffset.Value);
        Assert.Contains("skipping 220 (ports in use)", gold.PortOffset.From.Origin, StringComparison.Ordinal);

        // Once given, the block is kept even when its ports are busy (the environment's own server holds them).
        world.PortsInUse.Add(8000);
        Assert.Equal(0, world.Provision(Env("gold")).Environment.PortOffset.Value);
    }

    [Fact]
    public void The_real_probe_sees_a_foreign_listener()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.True(PortProbe.InUse(port));
        listener.Stop();
        // Other tests probe and pick ports at the same time and may hold this one for a moment: wait, within a bound.
        Ready.Wait(() => !PortProbe.InUse(port), TimeSpan.FromSeconds(10), $"port {port} to be seen free");
    }

    [Fact]
    public void Precedence_is_variable_then_property_then_launcher_then_allocation()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "environments": { "gold": { "port_offset": 90 } } }""");

        var fromLauncher = EnvironmentPlanner.Plan(world.Request(Env("gold"))).Environment.PortOffset;
        var fromProperty = EnvironmentPlanner.Plan(world.Request(Env("gold"), new BuildProperties { PortOffset = "80" })).Environment.PortOffset;
        var fromVariable = EnvironmentPlanner.Plan(world.Request(Env("gold", ("PORT_OFFSET", "70")), new BuildProperties { PortOffset = "80" })).Environment.PortOffset;

        Assert.Equal((90, SettingLayer.LauncherEnvironment), (fromLauncher.Value, fromLauncher.From.Layer));
        Assert.Equal((80, SettingLayer.MSBuildProperty), (fromProperty.Value, fromProperty.From.Layer));
        Assert.Equal((70, SettingLayer.EnvironmentVariable), (fromVariable.Value, fromVariable.From.Layer));
        Assert.Equal(["70", "80", "90"], fromVariable.Candidates.Select(c => c.Value));
    }

    [Fact]
    public void PORT_OFFSET_70_in_the_variable_wins_and_moves_the_ports_and_the_redis_preference()
    {
        using var world = new ProvisionWorld();
        var result = world.Provision(Env("gold", ("PORT_OFFSET", "70")));

        Assert.Equal("70", world.EnvValue("PORT_OFFSET"));
        Assert.Equal("8070", world.EnvValue("BACKEND_PORT"));
        Assert.Equal("3070", world.EnvValue("WEBUI_PORT"));
        Assert.Equal(7, result.Environment.RedisDatabase.Value); // (70 / 10) % 16
    }

    [Fact]
    public void The_redis_preference_follows_the_allocated_offset()
    {
        using var world = new ProvisionWorld();
        var gold = world.Provision(Env("gold")).Environment;

        Assert.Equal(220 / 10 % 16, gold.RedisDatabase.Value);
    }

    [Fact]
    public void A_hand_edited_PORT_OFFSET_wins_and_moves_the_ports_it_does_not_pin()
    {
        using var world = new ProvisionWorld();
        world.Provision(Env("gold"));
        world.EditEnv("PORT_OFFSET", "70");

        var result = world.Provision(Env("gold"));

        Assert.Equal(SettingLayer.EnvFileEdit, result.Environment.PortOffset.From.Layer);
        Assert.Equal("70", world.EnvValue("PORT_OFFSET"));
        Assert.Equal("8070", world.EnvValue("BACKEND_PORT"));
        Assert.Contains(result.Diagnostics, d => d.Message.StartsWith("PORT_OFFSET keeps the value typed", StringComparison.Ordinal));
    }

    [Fact]
    public void Ports_the_original_launcher_wrote_are_kept_as_hand_edits_on_the_first_build()
    {
        using var world = new ProvisionWorld();
        File.WriteAllText(world.EnvFile, "ENV_NAME=gold\nPORT_OFFSET=40\nBACKEND_PORT=8040\nWEBUI_PORT=3040\nREDIS_DATABASE=9\n");

        var result = world.Provision(Env("gold"));

        Assert.Equal("40", world.EnvValue("PORT_OFFSET"));
        Assert.Equal("8040", world.EnvValue("BACKEND_PORT"));
        Assert.Equal("3040", world.EnvValue("WEBUI_PORT"));
        Assert.Equal(SettingLayer.EnvFileEdit, result.Environment.PortOffset.From.Layer);
        Assert.Contains(result.Diagnostics, d => d.Message.StartsWith("PORT_OFFSET in " + world.EnvFile + " was not written by Ushadow.Build", StringComparison.Ordinal));
        // The keys the original setup wrote before the package existed are still brought up to date.
        Assert.NotEqual("9", world.EnvValue("REDIS_DATABASE"));

        // And they stay kept on later builds, until the line is deleted.
        world.Provision(Env("gold"));
        Assert.Equal("8040", world.EnvValue("BACKEND_PORT"));
        world.EditEnv("BACKEND_PORT", null);
        world.Provision(Env("gold"));
        Assert.Equal("8040", world.EnvValue("BACKEND_PORT")); // base + the kept offset 40
    }

    [Fact]
    public void A_key_a_newer_version_starts_to_own_is_kept_when_an_older_one_did_not_write_it()
    {
        using var world = new ProvisionWorld();
        world.Provision(Env("gold"), new BuildProperties { Ports = "none" });
        File.AppendAllText(world.EnvFile, "API_PORT=9999\n");

        var result = world.Provision(Env("gold"), new BuildProperties { Ports = "API_PORT=9000" });

        Assert.Equal("9999", world.EnvValue("API_PORT"));
        Assert.Equal(SettingLayer.EnvFileEdit, result.Environment.Get("API_PORT").From.Layer);
    }

    [Theory]
    [InlineData("BACKEND_PORT", "the key must end in _PORT")]
    [InlineData("BACKEND=8000", "")]
    [InlineData("backend_port=8000", "")]
    [InlineData("API_PORT=0", "")]
    [InlineData("API_PORT=70000", "")]
    [InlineData("API_PORT=8000;API_PORT=9000", "")]
    public void A_bad_UshadowPorts_is_USH1018_before_anything_is_written(string ports, string _)
    {
        using var world = new ProvisionWorld();

        var diagnostic = world.Refused(Env("gold"), new BuildProperties { Ports = ports });

        Assert.Equal("USH1018", diagnostic.Code);
        Assert.Contains("UshadowPorts", diagnostic.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(world.EnvFile));
    }

    [Theory]
    [InlineData("-10")]
    [InlineData("ten")]
    [InlineData("65000")]
    public void A_bad_port_offset_is_USH1013_naming_its_source(string offset)
    {
        using var world = new ProvisionWorld();

        var diagnostic = world.Refused(Env("gold", ("PORT_OFFSET", offset)));

        Assert.Equal("USH1013", diagnostic.Code);
        Assert.Contains("PORT_OFFSET", diagnostic.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(world.EnvFile));
    }

    [Fact]
    public void A_hand_edited_port_that_is_not_a_port_is_USH1018_naming_the_file()
    {
        using var world = new ProvisionWorld();
        world.Provision(Env("gold"));
        world.EditEnv("WEBUI_PORT", "web");
        var before = File.ReadAllText(world.EnvFile);

        var diagnostic = world.Refused(Env("gold"));

        Assert.Equal("USH1018", diagnostic.Code);
        Assert.Equal(world.EnvFile, diagnostic.File);
        Assert.Equal(before, File.ReadAllText(world.EnvFile));
    }

    [Fact]
    public void Port_offsets_survive_the_registry_file_and_old_entries_without_one_are_read()
    {
        using var world = new ProvisionWorld();
        world.Provision(Env("gold"));
        var text = File.ReadAllText(world.RegistryFile);
        Assert.Contains("\"port_offset\": 220", text, StringComparison.Ordinal);

        File.WriteAllText(world.RegistryFile, text.Replace("\"port_offset\": 220,", "", StringComparison.Ordinal).Replace(",\n      \"port_offset\": 220", "", StringComparison.Ordinal));
        Assert.Null(EnvironmentRegistry.ReadSnapshot(world.StateDirectory).Single().PortOffset);
    }
}
