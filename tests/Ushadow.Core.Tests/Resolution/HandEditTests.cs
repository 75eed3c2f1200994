using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using static Ushadow.Core.Tests.Resolution.ProvisionWorld;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// Layer 1 of the precedence (README, Settings): a value typed into <c>.env</c> over the package's stays until the line
/// is deleted.
/// </summary>
public class HandEditTests
{
    [Fact]
    public void A_hand_edited_MONGODB_DATABASE_stays_across_builds_and_says_so()
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        world.EditEnv("MONGODB_DATABASE", "mine");

        var second = world.Provision(Gold(), now: ProvisionWorld.T0.AddHours(1));
        var third = world.Provision(Gold(), now: ProvisionWorld.T0.AddHours(2));

        foreach (var result in new[] { second, third })
        {
            Assert.Equal("mine", result.Environment.MongoDatabase.Value);
            Assert.Equal(SettingLayer.EnvFileEdit, result.Environment.MongoDatabase.From.Layer);
            Assert.Equal($"hand edit in {world.EnvFile} (MONGODB_DATABASE)", result.Environment.MongoDatabase.From.ToString());
            var message = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Message);
            Assert.Contains("MONGODB_DATABASE", message.Message, StringComparison.Ordinal);
            Assert.Contains(world.EnvFile, message.Message, StringComparison.Ordinal);
            Assert.Equal("mine", world.EnvValue("MONGODB_DATABASE"));
        }
        Assert.DoesNotContain(world.EnvFile, third.WrittenFiles);
    }

    [Fact]
    public void A_hand_edit_beats_the_environment_variable()
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        world.EditEnv("DATABASE_MODE", "isolated");

        var result = world.Provision(Gold(("DATABASE_MODE", "shared")));

        Assert.Equal(DatabaseMode.Isolated, result.Environment.DatabaseMode.Value);
        Assert.Equal(SettingLayer.EnvFileEdit, result.Environment.DatabaseMode.From.Layer);
        Assert.Equal("ushadow_gold", world.EnvValue("MONGODB_DATABASE"));
    }

    [Fact]
    public void Deleting_the_hand_edited_line_hands_the_key_back()
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        world.EditEnv("MONGODB_DATABASE", "mine");
        world.Provision(Gold());
        world.EditEnv("MONGODB_DATABASE", null);

        var result = world.Provision(Gold());
        var after = world.Provision(Gold(("SHARED_DATABASE_NAME", "other")));

        Assert.Equal("ushadow", result.Environment.MongoDatabase.Value);
        Assert.NotEqual(SettingLayer.EnvFileEdit, result.Environment.MongoDatabase.From.Layer);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Message);
        Assert.Equal("other", after.Environment.MongoDatabase.Value);
        Assert.Equal("other", world.EnvValue("MONGODB_DATABASE"));
    }

    [Fact]
    public void A_value_the_package_changes_itself_is_not_a_hand_edit()
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());

        var result = world.Provision(Gold(("DATABASE_MODE", "isolated")));

        Assert.Equal("ushadow_gold", result.Environment.MongoDatabase.Value);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Message);
    }

    [Fact]
    public void A_hand_edited_REDIS_DATABASE_held_by_another_environment_is_USH1010()
    {
        using var world = new ProvisionWorld("gold");
        var gold = world.Provision(Gold());
        world.Root = Path.Combine(world.Path, "blue");
        Directory.CreateDirectory(world.Root);
        var blue = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "blue" });
        world.Root = gold.Paths.Root;
        world.EditEnv("REDIS_DATABASE", blue.Environment.RedisDatabase.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var before = world.Snapshot();

        var error = world.Refused(Gold());

        Assert.Equal("USH1010", error.Code);
        Assert.Contains("'blue'", error.Message, StringComparison.Ordinal);
        Assert.Contains(world.EnvFile, error.Message, StringComparison.Ordinal);
        AssertUnchanged(before, world.Snapshot());
    }

    [Fact]
    public void A_hand_edited_free_REDIS_DATABASE_is_kept_and_registered()
    {
        using var world = new ProvisionWorld();
        var first = world.Provision(Gold());
        var free = (first.Environment.RedisDatabase.Value + 1) % 16;
        world.EditEnv("REDIS_DATABASE", free.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var result = world.Provision(Gold());

        Assert.Equal(free, result.Environment.RedisDatabase.Value);
        Assert.Equal(SettingLayer.EnvFileEdit, result.Environment.RedisDatabase.From.Layer);
        Assert.Contains($"\"redis_database\": {free}", File.ReadAllText(world.RegistryFile), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("16")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public void A_hand_edited_REDIS_DATABASE_out_of_range_or_not_a_number_is_USH1012(string typed)
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        world.EditEnv("REDIS_DATABASE", typed);
        var before = world.Snapshot();

        var error = world.Refused(Gold());

        Assert.Equal("USH1012", error.Code);
        Assert.Contains($"'{typed}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 15", error.Message, StringComparison.Ordinal);
        AssertUnchanged(before, world.Snapshot());
    }

    [Theory]
    [InlineData("MONGODB_DATABASE", "USH1003")]
    [InlineData("DATABASE_MODE", "USH1001")]
    [InlineData("ENV_NAME", "USH1002")]
    [InlineData("REDIS_DATABASE", "USH1012")]
    public void A_hand_edit_that_empties_a_value_is_refused_rather_than_silently_ignored(string key, string code)
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        world.EditEnv(key, "");
        var before = world.Snapshot();

        var error = world.Refused(Gold());

        Assert.Equal(code, error.Code);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        AssertUnchanged(before, world.Snapshot());
    }

    [Fact]
    public void An_env_file_that_predates_the_package_is_brought_up_to_date()
    {
        using var world = new ProvisionWorld();
        File.WriteAllText(world.EnvFile, "# mine\nAPI_URL=http://x\nENV_NAME=old\nMONGODB_DATABASE=legacy\nREDIS_DATABASE=99\n");

        var result = world.Provision(Gold());

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Message);
        Assert.Equal("gold", world.EnvValue("ENV_NAME"));
        Assert.Equal("ushadow", world.EnvValue("MONGODB_DATABASE"));
        Assert.Equal(result.Environment.RedisDatabase.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), world.EnvValue("REDIS_DATABASE"));
        var text = File.ReadAllText(world.EnvFile);
        Assert.StartsWith("# mine\nAPI_URL=http://x\n", text, StringComparison.Ordinal);
        Assert.Equal("http://x", world.EnvValue("API_URL"));
    }

    internal static void AssertUnchanged(
        Dictionary<string, (byte[] Bytes, DateTime Written)> before, Dictionary<string, (byte[] Bytes, DateTime Written)> after,
        bool ignoreLock = true)
    {
        static IEnumerable<string> Keys(Dictionary<string, (byte[] Bytes, DateTime Written)> files, bool ignoreLock) =>
            files.Keys.Where(k => !(ignoreLock && k.EndsWith(".lock", StringComparison.Ordinal))).Order(StringComparer.Ordinal);

        Assert.Equal(Keys(before, ignoreLock), Keys(after, ignoreLock));
        foreach (var file in Keys(before, ignoreLock))
        {
            Assert.True(before[file].Bytes.AsSpan().SequenceEqual(after[file].Bytes), $"{file} changed");
            Assert.True(before[file].Written == after[file].Written, $"{file} was rewritten");
        }
    }
}
