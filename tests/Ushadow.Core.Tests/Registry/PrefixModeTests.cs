using System.Globalization;
using System.Text.Json.Nodes;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.EnvFile;
using Ushadow.Core.Inputs;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Redis;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Registry;

/// <summary>
/// Redis prefix mode (README, Redis at team scale): database 0 under <c>&lt;app&gt;:&lt;env&gt;:</c>, recorded in the registry
/// entry, no number claimed, so nothing runs out; numbered databases still stop where they did.
/// </summary>
public class PrefixModeTests
{
    [Fact]
    public void A_prefix_environment_writes_its_prefix_and_database_0_and_records_the_prefix_without_claiming_a_number()
    {
        using var folder = new TempStateFolder();
        var root = folder.Root("gold");

        var first = Apply(folder, root, "gold", url: null, isolation: "prefix");
        var envBefore = File.ReadAllBytes(Path.Combine(root, ".env"));
        var registryBefore = File.ReadAllBytes(folder.RegistryFile);
        var second = Apply(folder, root, "gold", url: null, isolation: "prefix");

        var env = EnvFileDocument.Parse(File.ReadAllText(Path.Combine(root, ".env")));
        Assert.Equal("prefix", env.Get("REDIS_ISOLATION"));
        Assert.Equal("0", env.Get("REDIS_DATABASE"));
        Assert.Equal("shop:gold:", env.Get("REDIS_KEY_PREFIX"));
        var entry = JsonNode.Parse(File.ReadAllText(folder.RegistryFile))!["environments"]!["shop/gold"]!;
        Assert.Equal("redis_prefix", (string?)entry["kind"]);
        Assert.Equal("shop:gold:", (string?)entry["redis_key_prefix"]);
        // Stable: a second build changes no byte.
        Assert.Equal(envBefore, File.ReadAllBytes(Path.Combine(root, ".env")));
        Assert.Equal(registryBefore, File.ReadAllBytes(folder.RegistryFile));
        Assert.Equal(first.Environment.RedisKeyPrefix.Value, second.Environment.RedisKeyPrefix.Value);

        // No number is claimed: a database-mode environment may take any number but 0 (where the prefixes live).
        for (var i = 1; i < 16; i++)
        {
            Apply(folder, folder.Root("db" + i), "db" + i, url: null, isolation: "database");
        }
        var numbers = RegistryJson.Read(folder.RegistryFile, File.ReadAllText(folder.RegistryFile)).Environments
            .Where(e => e.HoldsRedisDatabase).Select(e => e.RedisDatabase).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 15), numbers);
    }

    [Fact]
    public void A_registry_entry_in_prefix_mode_is_skipped_and_kept_by_a_reader_that_knows_no_prefixes()
    {
        using var folder = new TempStateFolder();
        Apply(folder, folder.Root("gold"), "gold", url: null, isolation: "prefix");
        Apply(folder, folder.Root("blue"), "blue", url: null, isolation: "database");
        var text = File.ReadAllText(folder.RegistryFile);

        // What an earlier reader does with an entry of a kind it does not know (RegistryJson's own rule): skip it, keep it.
        var old = JsonNode.Parse(text)!["environments"]!.AsObject()
            .Where(p => p.Value!["kind"] is null || (string?)p.Value["kind"] == "environment").Select(p => p.Key).ToList();

        Assert.Equal(["shop/blue"], old);
        Assert.Equal(2, RegistryJson.Read(folder.RegistryFile, text).Environments.Count);
    }

    [Fact]
    public void A_hand_edited_prefix_that_overlaps_another_environments_is_USH1071_and_changes_no_file()
    {
        using var folder = new TempStateFolder();
        Apply(folder, folder.Root("gold"), "gold", url: null, isolation: "prefix");
        var blue = folder.Root("blue");
        Apply(folder, blue, "blue", url: null, isolation: "prefix");
        var envFile = Path.Combine(blue, ".env");
        File.WriteAllText(envFile, File.ReadAllText(envFile).Replace("REDIS_KEY_PREFIX=shop:blue:", "REDIS_KEY_PREFIX=shop:", StringComparison.Ordinal));
        var before = File.ReadAllBytes(envFile);
        var registry = File.ReadAllBytes(folder.RegistryFile);

        var error = Assert.Throws<UshadowException>(() => Apply(folder, blue, "blue", url: null, isolation: "prefix")).Diagnostic;

        Assert.Equal("USH1071", error.Code);
        Assert.Contains("'shop:'", error.Message, StringComparison.Ordinal);
        Assert.Contains("shop:gold:", error.Message, StringComparison.Ordinal);
        Assert.Equal(envFile, error.File);
        Assert.Equal(before, File.ReadAllBytes(envFile));
        Assert.Equal(registry, File.ReadAllBytes(folder.RegistryFile));
    }

    [Fact]
    public void On_one_server_with_16_databases_the_team_registry_stops_database_mode_at_the_16th_and_then_builds_24_prefix_environments()
    {
        using var server = RedisServer.Start(new() { Databases = 16 });
        using var folder = new TempStateFolder();

        // Database mode: 15 numbers (database 15 holds the registry), so the 16th environment is USH1008.
        for (var i = 0; i < 15; i++)
        {
            Apply(folder, folder.Root("db" + i), "db" + i, server.Url, "database");
        }
        var exhausted = Assert.Throws<UshadowException>(() => Apply(folder, folder.Root("db15"), "db15", server.Url, "database")).Diagnostic;
        Assert.Equal(DiagnosticCodes.RedisDatabasesExhausted, exhausted.Code);

        // Prefix mode on the same server: no number is needed.
        var prefixes = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            var root = folder.Root("p" + i);
            var result = Apply(folder, root, "p" + i, server.Url, "prefix");
            Assert.Equal(0, result.Environment.RedisDatabase.Value);
            prefixes.Add(EnvFileDocument.Parse(File.ReadAllText(Path.Combine(root, ".env"))).Get("REDIS_KEY_PREFIX")!);
        }

        Assert.Equal(24, prefixes.Distinct().Count());
        Assert.All(prefixes, p => Assert.Matches("^shop:p[0-9]+:$", p));
        using var client = server.Connect();
        var entries = client.GetDatabase(15).HashGetAll(RedisRegistryStore.EnvironmentsKey);
        Assert.Equal(39, entries.Length);
        Assert.Equal(24, entries.Count(e => e.Value.ToString().Contains("\"redis_key_prefix\":\"shop:p", StringComparison.Ordinal)));
        // A prefix entry claims no number: the number claims are the 15 database-mode environments'.
        Assert.Equal(15, client.GetDatabase(15).HashLength(RedisRegistryStore.KeyPrefix + "claims:redis_database"));
        // Nothing of the prefix environments went into the numbered databases' markers.
        Assert.Equal(15, Enumerable.Range(0, 15).Count(n => client.GetDatabase(n).KeyExists(RedisMarker.Key)));
    }

    /// <summary>Plans and applies one environment of app <c>shop</c> as the task would, with the Redis isolation given.</summary>
    internal static ProvisionResult Apply(TempStateFolder folder, string root, string name, string? url, string isolation)
    {
        var variables = new Dictionary<string, string>
        {
            [VariableNames.StateDirectory] = folder.StateDirectory,
            [VariableNames.LauncherSettings] = Path.Combine(folder.Path, "launcher", "settings.json"),
            [VariableNames.EnvName] = name,
            [VariableNames.RedisIsolation] = isolation,
            [VariableNames.Host] = "a",
            ["HOME"] = Path.Combine(folder.Path, "home"),
        };
        if (url is not null)
        {
            variables[VariableNames.Registry] = url;
        }
        return EnvironmentProvisioner.Apply(new ProvisionRequest
        {
            ProjectDirectory = root,
            Variables = variables,
            Properties = new BuildProperties { EnvironmentRoot = root, AppName = "shop", RedisDatabaseCount = 16.ToString(CultureInfo.InvariantCulture) },
            PortInUse = _ => false,
        });
    }
}
