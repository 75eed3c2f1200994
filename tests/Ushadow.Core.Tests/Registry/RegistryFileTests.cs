using System.Text.Json;
using Ushadow.Core.Registry;
using static Ushadow.Core.Tests.Registry.RegistryTestData;

namespace Ushadow.Core.Tests.Registry;

public class RegistryFileTests
{
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
        Assert.True(text.IndexOf("\"blue\"", StringComparison.Ordinal) < text.IndexOf("\"gold\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"ENV_NAME\"", StringComparison.Ordinal) < text.IndexOf("\"REDIS_DATABASE\"", StringComparison.Ordinal));
        using (var json = JsonDocument.Parse(text))
        {
            var entry = json.RootElement.GetProperty("environments").GetProperty("gold");
            Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(3, entry.GetProperty("redis_database").GetInt32());
            Assert.Equal("isolated", entry.GetProperty("database_mode").GetString());
            Assert.Equal("ushadow_gold", entry.GetProperty("mongodb_database").GetString());
            Assert.Equal("2026-01-31T12:00:00.123Z", entry.GetProperty("updated_at").GetString());
            Assert.Equal("3", entry.GetProperty("env_file").GetProperty("REDIS_DATABASE").GetString());
        }

        using (var registry = Open(folder))
        {
            var read = registry.Find("gold")!;
            Assert.Equal(gold with { EnvFileValues = read.EnvFileValues }, read);
            Assert.Equal(gold.EnvFileValues.OrderBy(p => p.Key), read.EnvFileValues.OrderBy(p => p.Key));
            Assert.Equal(["blue", "gold"], registry.Environments.Select(e => e.Name));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("{\"environments\":{}}")]
    [InlineData("{\"version\":2,\"environments\":{}}")]
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
            registry.Remove("gold");
            registry.Remove("never-registered");
            Assert.True(registry.Save());
        }

        using (var registry = Open(folder))
        {
            Assert.Equal("blue", Assert.Single(registry.Environments).Name);
        }
    }
}
