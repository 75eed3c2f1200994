using System.Text.Json;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using static Ushadow.Core.Tests.Registry.RegistryTestData;

namespace Ushadow.Core.Tests.Registry;

public class RegistryFileTests
{
    /// <summary>A path as a JSON string: a Windows path's backslashes escaped.</summary>
    private static string JsonString(string path) => System.Text.Json.JsonSerializer.Serialize(path);

    private static EnvironmentRegistry Open(TempStateFolder folder) => EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromSeconds(10));

    [Fact]
    public void A_missing_registry_is_empty_and_its_folder_is_created()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);

        Assert.Empty(registry.Environments);
        Assert.True(Directory.Exists(folder.StateDirectory));
        Assert.Equal(folder.RegistryFile, registry.FilePath);
        Assert.False(File.Exists(folder.RegistryFile));
    }

    [Fact]
    public void The_file_is_indented_snake_case_json_ordered_by_name_and_reads_back_the_same()
    {
        using var folder = new TempStateFolder();
        var gold = new RegisteredEnvironment(
            "gold", folder.Root("gold"), 3, DatabaseMode.Isolated, "ushadow_gold",
            new DateTimeOffset(2026, 1, 31, 13, 0, 0, 123, TimeSpan.FromHours(1)),
            new Dictionary<string, string> { ["REDIS_DATABASE"] = "3", ["ENV_NAME"] = "gold" });
        using (var registry = Open(folder))
        {
            registry.Put(gold);
            registry.Put(Environment("blue", folder.Root("blue"), 7));
            Assert.True(registry.Save());
        }

        var text = File.ReadAllText(folder.RegistryFile);
        Assert.Contains("\n  \"environments\": {", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("\"ushadow/blue\"", StringComparison.Ordinal) < text.IndexOf("\"ushadow/gold\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"ENV_NAME\"", StringComparison.Ordinal) < text.IndexOf("\"REDIS_DATABASE\"", StringComparison.Ordinal));
        using (var json = JsonDocument.Parse(text))
        {
            var entry = json.RootElement.GetProperty("environments").GetProperty("ushadow/gold");
            Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
            Assert.Equal("ushadow", entry.GetProperty("app").GetString());
            Assert.Equal("gold", entry.GetProperty("name").GetString());
            Assert.Equal(3, entry.GetProperty("redis_database").GetInt32());
            Assert.Equal("isolated", entry.GetProperty("database_mode").GetString());
            Assert.Equal("ushadow_gold", entry.GetProperty("mongodb_database").GetString());
            Assert.Equal("2026-01-31T12:00:00.123Z", entry.GetProperty("updated_at").GetString());
            Assert.Equal("3", entry.GetProperty("env_file").GetProperty("REDIS_DATABASE").GetString());
        }

        using (var registry = Open(folder))
        {
            var read = registry.Find(Id("gold"))!;
            Assert.Equal(gold with { EnvFileValues = read.EnvFileValues, Sources = read.Sources }, read);
            Assert.Equal(gold.EnvFileValues.OrderBy(p => p.Key), read.EnvFileValues.OrderBy(p => p.Key));
            Assert.Equal(["blue", "gold"], registry.Environments.Select(e => e.Name));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("{\"environments\":{}}")]
    [InlineData("{\"version\":0,\"environments\":{}}")]
    [InlineData("{\"version\":2,\"environments\":{\"ushadow/gold\":{\"root\":\"/g\",\"redis_database\":3,\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\"}}}")]
    [InlineData("{\"version\":1,\"environments\":[]}")]
    [InlineData("{\"version\":1,\"environments\":{\"gold\":{\"root\":\"/g\",\"redis_database\":\"3\",\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\"}}}")]
    [InlineData("{\"version\":1,\"environments\":{\"gold\":{\"root\":\"/g\",\"redis_database\":-1,\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\"}}}")]
    [InlineData("{\"version\":1,\"environments\":{\"gold\":{\"root\":\"/g\",\"redis_database\":3,\"database_mode\":\"both\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\"}}}")]
    [InlineData("{\"version\":1,\"environments\":{\"gold\":{\"root\":\"/g\",\"redis_database\":3,\"database_mode\":\"shared\",\"updated_at\":\"2026-01-31T12:00:00Z\"}}}")]
    [InlineData("{\"version\":1,\"environments\":{\"gold\":{\"root\":\"/g\",\"redis_database\":3,\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"soon\"}}}")]
    [InlineData("{\"version\":1,\"environments\":{\"gold\":{\"root\":\"relative\",\"redis_database\":3,\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\"}}}")]
    [InlineData("{\"version\":1,\"environments\":{\"gold\":{\"root\":\"/g\",\"redis_database\":3,\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\",\"env_file\":{\"A\":1}}}}")]
    [InlineData("{\"version\":1,\"environments\":{\"gold\":{\"root\":\"/g\",\"redis_database\":3,\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\"},\"gold\":{\"root\":\"/h\",\"redis_database\":4,\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\"}}}")]
    [InlineData("{\"version\":1,\"environments\":{\"gold\":{\"root\":\"/g\",\"redis_database\":3,\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\"},\"blue\":{\"root\":\"/h\",\"redis_database\":3,\"database_mode\":\"shared\",\"mongodb_database\":\"u\",\"updated_at\":\"2026-01-31T12:00:00Z\"}}}")]
    public void An_unreadable_registry_is_an_error_naming_the_file_and_is_left_as_it_is(string content)
    {
        if (OperatingSystem.IsWindows())
        {
            content = content.Replace("\"/g\"", "\"C:\\\\g\"", StringComparison.Ordinal).Replace("\"/h\"", "\"C:\\\\h\"", StringComparison.Ordinal);
        }
        using var folder = new TempStateFolder();
        Directory.CreateDirectory(folder.StateDirectory);
        File.WriteAllText(folder.RegistryFile, content);
        var before = File.ReadAllBytes(folder.RegistryFile);

        var error = Assert.Throws<UshadowException>(() => Open(folder));

        Assert.Equal(DiagnosticCodes.InvalidRegistry, error.Diagnostic.Code);
        Assert.Equal(folder.RegistryFile, error.Diagnostic.File);
        Assert.StartsWith(folder.RegistryFile + ": ", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("fix or delete the file", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(folder.RegistryFile));
        // Not a lock timeout the second time: the failed open released the lock.
        var again = Assert.Throws<UshadowException>(() => EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.Zero));
        Assert.Equal(DiagnosticCodes.InvalidRegistry, again.Diagnostic.Code);
    }

    [Fact]
    public void Saving_without_changes_does_not_rewrite_the_file()
    {
        using var folder = new TempStateFolder();
        using (var registry = Open(folder))
        {
            registry.Put(Environment("gold", folder.Root("gold"), 3));
            Assert.True(registry.Save());
        }
        var past = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(folder.RegistryFile, past);

        using (var registry = Open(folder))
        {
            registry.Put(Environment("gold", folder.Root("gold"), 3));
            Assert.False(registry.Save());
        }

        Assert.Equal(past, File.GetLastWriteTimeUtc(folder.RegistryFile));
    }

    [Fact]
    public void Saving_leaves_only_the_registry_and_its_lock_file_in_the_folder()
    {
        using var folder = new TempStateFolder();
        using (var registry = Open(folder))
        {
            for (var i = 0; i < 5; i++)
            {
                registry.Put(Environment($"env{i}", folder.Root($"env{i}"), i));
                Assert.True(registry.Save());
            }
        }

        var files = Directory.GetFiles(folder.StateDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["environments.json", "environments.json.lock"], files);
    }

    [Fact]
    public void A_new_registry_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var folder = new TempStateFolder();
        using (var registry = Open(folder))
        {
            registry.Put(Environment("gold", folder.Root("gold"), 3));
            registry.Save();
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.RegistryFile));
    }

    [Fact]
    public void Removed_environments_are_gone_after_saving()
    {
        using var folder = new TempStateFolder();
        using (var registry = Open(folder))
        {
            registry.Put(Environment("gold", folder.Root("gold"), 3));
            registry.Put(Environment("blue", folder.Root("blue"), 4));
            registry.Save();
            registry.Remove(Id("gold"));
            registry.Remove(Id("never-registered"));
            Assert.True(registry.Save());
        }

        using (var registry = Open(folder))
        {
            Assert.Equal("blue", Assert.Single(registry.Environments).Name);
        }
    }

    [Fact]
    public void Fields_entries_and_keys_written_by_a_newer_package_survive_a_write()
    {
        using var folder = new TempStateFolder();
        Directory.CreateDirectory(folder.StateDirectory);
        var gold = folder.Root("gold");
        File.WriteAllText(folder.RegistryFile, $$"""
            {
              "version": 2,
              "written_by": "Ushadow.Build 9.9.9",
              "port_blocks": { "40": "ushadow/gold" },
              "environments": {
                "ushadow/gold": { "app": "ushadow", "name": "gold", "root": {{JsonString(gold)}}, "redis_database": 3, "database_mode": "shared",
                  "mongodb_database": "ushadow", "updated_at": "2026-01-31T12:00:00Z", "host": "laptop", "env_file": {}, "port_offset": 40 },
                "lease/x": { "kind": "lease", "holder": "someone" }
              }
            }
            """);

        using (var registry = Open(folder))
        {
            Assert.Equal(3, registry.Find(Id("gold"))!.RedisDatabase);
            registry.Put(Environment("blue", folder.Root("blue"), 7));
            Assert.True(registry.Save());
        }

        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(folder.RegistryFile))!;
        Assert.Equal("ushadow/gold", json["port_blocks"]!["40"]!.GetValue<string>());
        Assert.Equal("laptop", json["environments"]!["ushadow/gold"]!["host"]!.GetValue<string>());
        Assert.Equal(40, json["environments"]!["ushadow/gold"]!["port_offset"]!.GetValue<int>());
        Assert.Equal("someone", json["environments"]!["lease/x"]!["holder"]!.GetValue<string>());
        Assert.Equal(7, json["environments"]!["ushadow/blue"]!["redis_database"]!.GetValue<int>());
    }

    [Fact]
    public void A_registry_in_a_newer_format_is_refused_naming_both_versions_and_left_as_it_is()
    {
        using var folder = new TempStateFolder();
        Directory.CreateDirectory(folder.StateDirectory);
        const string Text = """{ "version": 3, "written_by": "Ushadow.Build 2.0.0", "environments": {} }""";
        File.WriteAllText(folder.RegistryFile, Text);

        var error = Assert.Throws<UshadowException>(() => Open(folder));

        Assert.Equal(DiagnosticCodes.RegistryFormatTooNew, error.Diagnostic.Code);
        Assert.Contains("Ushadow.Build 2.0.0", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("format 3", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("this Ushadow.Build 0.", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(Text, File.ReadAllText(folder.RegistryFile));
    }

    [Fact]
    public void A_format_1_registry_is_read_as_app_ushadow_and_written_back_as_format_2()
    {
        using var folder = new TempStateFolder();
        Directory.CreateDirectory(folder.StateDirectory);
        var gold = folder.Root("gold");
        File.WriteAllText(folder.RegistryFile, $$"""
            {"version":1,"environments":{"gold":{"root":{{JsonString(gold)}},"redis_database":3,"database_mode":"shared","mongodb_database":"ushadow","updated_at":"2026-01-31T12:00:00Z"} } }
            """);

        using (var registry = Open(folder))
        {
            Assert.Equal(3, registry.Find(Id("gold"))!.RedisDatabase);
            registry.Put(Environment("blue", folder.Root("blue"), 7));
            registry.Save();
        }

        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(folder.RegistryFile))!;
        Assert.Equal(2, json["version"]!.GetValue<int>());
        Assert.Equal(3, json["environments"]!["ushadow/gold"]!["redis_database"]!.GetValue<int>());
    }

    [Fact]
    public void Two_apps_may_each_have_a_gold_but_never_share_a_Redis_number()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        registry.Put(Environment("gold", folder.Root("gold"), 3));

        var shop = new EnvironmentId("shop", "gold");
        var allocation = registry.AllocateRedisDatabase(shop, folder.Root("shop-gold"), null, 16);
        registry.Put(Environment("gold", folder.Root("shop-gold"), allocation.Database) with { AppName = "shop" });

        Assert.NotEqual(3, allocation.Database);
        Assert.Equal(2, registry.Environments.Count);
        Assert.Equal(allocation.Database, registry.Find(shop)!.RedisDatabase);
    }
}
