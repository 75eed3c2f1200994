using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// Database names (README, the mode table and USH1003): shared, isolated and app-named databases, and MongoDB's naming
/// rules.
/// </summary>
public class DatabaseNameTests
{
    private static Dictionary<string, string> Vars(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Shared_mode_gives_every_environment_the_same_database_and_its_own_Redis_number()
    {
        using var world = new ProvisionWorld("gold");
        var gold = world.Provision(Vars(("ENV_NAME", "gold"))).Environment;
        world.Root = Path.Combine(world.Path, "blue");
        Directory.CreateDirectory(world.Root);

        var blue = world.Provision(Vars(("ENV_NAME", "blue"))).Environment;

        Assert.Equal("ushadow", gold.MongoDatabase.Value);
        Assert.Equal("ushadow", blue.MongoDatabase.Value);
        Assert.NotEqual(gold.RedisDatabase.Value, blue.RedisDatabase.Value);
    }

    [Fact]
    public void Isolated_mode_gives_an_environment_app_underscore_env()
    {
        using var world = new ProvisionWorld();

        var environment = world.Provision(Vars(("ENV_NAME", "gold"), ("DATABASE_MODE", "isolated"))).Environment;

        Assert.Equal("ushadow_gold", environment.MongoDatabase.Value);
        Assert.Equal(SettingLayer.Inferred, environment.MongoDatabase.From.Layer);
        Assert.Equal("ushadow_gold", world.EnvValue("MONGODB_DATABASE"));
        Assert.Equal("ushadow-gold", world.EnvValue("COMPOSE_PROJECT_NAME"));
    }

    [Fact]
    public void Isolated_mode_gives_the_app_named_environment_the_app_name()
    {
        using var world = new ProvisionWorld();

        var environment = world.Provision(Vars(("DATABASE_MODE", "isolated")), new BuildProperties { AppName = "shop" }).Environment;

        Assert.Equal("shop", environment.EnvironmentName.Value);
        Assert.Equal("shop", environment.MongoDatabase.Value);
        Assert.Equal("shop", environment.ComposeProjectName.Value);
    }

    [Fact]
    public void A_shared_database_name_with_a_dot_is_USH1003_naming_SHARED_DATABASE_NAME()
    {
        using var world = new ProvisionWorld();

        var error = world.Refused(Vars(("ENV_NAME", "gold"), ("SHARED_DATABASE_NAME", "a.b")));

        Assert.Equal("USH1003", error.Code);
        Assert.Contains("'a.b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("SHARED_DATABASE_NAME", error.Message, StringComparison.Ordinal);
        Assert.Contains("'.'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(world.EnvFile));
    }

    [Fact]
    public void A_bad_shared_database_name_in_the_launcher_settings_names_the_file()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "shared_database_name": "my db" }""");

        var error = world.Refused(Vars(("ENV_NAME", "gold")));

        Assert.Equal("USH1003", error.Code);
        Assert.Contains(world.LauncherFile, error.Message, StringComparison.Ordinal);
        Assert.Contains("shared_database_name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_64_byte_database_name_is_refused_and_a_63_byte_one_accepted()
    {
        using var world = new ProvisionWorld();

        var error = world.Refused(Vars(("ENV_NAME", "gold"), ("SHARED_DATABASE_NAME", new string('d', 64))));
        var accepted = world.Provision(Vars(("ENV_NAME", "gold"), ("SHARED_DATABASE_NAME", new string('d', 63)))).Environment;

        Assert.Equal("USH1003", error.Code);
        Assert.Contains("64 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(new string('d', 63), accepted.MongoDatabase.Value);
    }

    [Fact]
    public void Database_name_length_counts_UTF8_bytes_not_characters()
    {
        var origin = new Provenance(SettingLayer.EnvironmentVariable, "SHARED_DATABASE_NAME");

        Assert.Equal("USH1003", Assert.Throws<UshadowException>(() => Naming.DatabaseName(new string('é', 32), origin)).Diagnostic.Code);
        Assert.Equal(new string('é', 31) + "a", Naming.DatabaseName(new string('é', 31) + "a", origin));
    }

    [Fact]
    public void An_isolated_database_name_too_long_for_MongoDB_is_USH1003()
    {
        using var world = new ProvisionWorld();

        var error = world.Refused(Vars(("ENV_NAME", new string('e', 40)), ("DATABASE_MODE", "isolated")), new BuildProperties { AppName = new string('a', 30) });

        Assert.Equal("USH1003", error.Code);
        Assert.Contains("isolated", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<char> ForbiddenCharacters => new() { '/', '\\', '.', ' ', '"', '$', '*', '<', '>', ':', '|', '?', '\0' };

    [Theory]
    [MemberData(nameof(ForbiddenCharacters))]
    public void Every_forbidden_character_is_refused_with_USH1003(char forbidden)
    {
        using var world = new ProvisionWorld();

        var error = world.Refused(Vars(("ENV_NAME", "gold"), ("SHARED_DATABASE_NAME", $"db{forbidden}x")));

        Assert.Equal("USH1003", error.Code);
        Assert.Contains(forbidden == '\0' ? "NUL" : $"'{forbidden}'", error.Message, StringComparison.Ordinal);
    }

    private static readonly char[] Forbidden = "/\\. \"$*<>:|?\0".ToCharArray();

    [Property(MaxTest = 300)]
    public Property A_name_is_accepted_exactly_when_it_is_non_empty_short_and_free_of_forbidden_characters()
    {
        var gen =
            from prefix in Gen.Elements("abcdefghijklmnopqrstuvwxyzABC0123456789_-é".ToCharArray()).ArrayOf()
            from bad in Gen.Elements(Forbidden).ArrayOf()
            from suffix in Gen.Elements("abcXYZ09_-".ToCharArray()).ArrayOf()
            from shuffle in Gen.Choose(0, 3)
            select shuffle == 0 ? new string(prefix) + new string(bad) + new string(suffix) : new string(prefix) + new string(suffix);
        return Prop.ForAll(gen.ToArbitrary(), name =>
        {
            var expected = name.Length > 0 && System.Text.Encoding.UTF8.GetByteCount(name) < 64 && name.IndexOfAny(Forbidden) < 0;
            bool accepted;
            try
            {
                accepted = Naming.DatabaseName(name, new Provenance(SettingLayer.MSBuildProperty, "UshadowSharedDatabaseName")) == name;
            }
            catch (UshadowException e) when (e.Diagnostic.Code == "USH1003" && e.Diagnostic.Message.Contains("UshadowSharedDatabaseName", StringComparison.Ordinal))
            {
                accepted = false;
            }
            return (accepted == expected).Label($"'{name}' accepted={accepted} expected={expected}");
        });
    }
}
