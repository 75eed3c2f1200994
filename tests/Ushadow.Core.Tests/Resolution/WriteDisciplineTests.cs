using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Shared;
using Ushadow.Core.Tests.Secrets;
using static Ushadow.Core.Tests.Resolution.ProvisionWorld;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// Write discipline (docs/architecture.md, Write discipline): files are written only in real builds, only when they
/// change, and never after an error.
/// </summary>
public class WriteDisciplineTests
{
    [Fact]
    public void A_design_time_run_writes_no_file_yet_returns_the_values()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "database_mode": "isolated" }""");
        var before = world.Snapshot();

        var result = world.Provision(Gold(), writeFiles: false);

        Assert.Equal("ushadow_gold", result.Environment.MongoDatabase.Value);
        Assert.InRange(result.Environment.RedisDatabase.Value, 0, 15);
        Assert.Empty(result.WrittenFiles);
        Assert.False(File.Exists(world.EnvFile));
        Assert.False(Directory.Exists(Path.Combine(world.Root, "config")));
        Assert.False(File.Exists(world.RegistryFile));
        Assert.False(Directory.Exists(Path.Combine(world.StateDirectory, "shared")));
        HandEditTests.AssertUnchanged(before, world.Snapshot());
    }

    [Fact]
    public void A_design_time_run_leaves_existing_files_and_the_registry_as_they_are()
    {
        using var world = new ProvisionWorld();
        world.Provision(Gold());
        var before = world.Snapshot();

        var result = world.Provision(Gold(("DATABASE_MODE", "isolated")), writeFiles: false, now: ProvisionWorld.T0.AddDays(1));

        Assert.Equal("ushadow_gold", result.Environment.MongoDatabase.Value);
        HandEditTests.AssertUnchanged(before, world.Snapshot());
    }

    [Fact]
    public void A_first_real_run_writes_env_secrets_and_registry()
    {
        using var world = new ProvisionWorld();

        var result = world.Provision(Gold());

        var sharedKey = Path.Combine(world.StateDirectory, "shared", "ushadow.secrets.yaml");
        Assert.Equal(new[] { world.EnvFile, world.SecretsFile, world.RegistryFile, sharedKey }.Order(), result.WrittenFiles.Order());
        Assert.Equal(world.Root, result.Paths.Root);
    }

    [Fact]
    public void A_second_identical_run_writes_nothing_and_keeps_every_timestamp()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "default_admin_email": "a@example.com", "default_admin_password": "pw" }""");
        world.Provision(Gold());
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var file in Directory.EnumerateFiles(world.Path, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, old);
        }
        var before = world.Snapshot();

        var second = world.Provision(Gold(), now: ProvisionWorld.T0.AddDays(3));

        Assert.True(second.WrittenFiles.Count == 0, string.Join(", ", second.WrittenFiles) + "\n" + string.Join("\n", second.WrittenFiles.Select(File.ReadAllText)));
        HandEditTests.AssertUnchanged(before, world.Snapshot());
    }

    [Fact]
    public void A_new_env_file_is_owner_only_and_starts_with_the_header()
    {
        using var world = new ProvisionWorld();

        world.Provision(Gold());

        Assert.Equal(AtomicFile.OwnerOnly, UnixMode.Of(world.EnvFile));
        Assert.Equal(AtomicFile.OwnerOnly, UnixMode.Of(world.SecretsFile));
        var text = File.ReadAllText(world.EnvFile);
        Assert.StartsWith("# ENV_NAME, COMPOSE_PROJECT_NAME, DATABASE_MODE, MONGODB_DATABASE, REDIS_DATABASE, PORT_OFFSET, BACKEND_PORT and WEBUI_PORT are written by Ushadow.Build.\n", text, StringComparison.Ordinal);
        var keys = text.Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).Select(l => l.Split('=')[0]);
        // The keys of Redis prefix mode are written in that mode only.
        Assert.Equal(ResolvedValueCatalogue.All.Where(d => d.WrittenToEnvFile).Select(d => d.Key)
            .Except([ResolvedValueCatalogue.RedisIsolation, ResolvedValueCatalogue.RedisKeyPrefix, ResolvedValueCatalogue.RedisUsername]).Concat(["BACKEND_PORT", "WEBUI_PORT"]), keys);
    }

    [Fact]
    public void An_existing_env_file_keeps_its_mode_and_gets_no_header()
    {
        using var world = new ProvisionWorld();
        File.WriteAllText(world.EnvFile, "API_URL=http://x\n");
        var groupReadable = AtomicFile.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        UnixMode.Set(world.EnvFile, groupReadable);

        world.Provision(Gold());
        world.Provision(Gold(("DATABASE_MODE", "isolated")));

        Assert.Equal(groupReadable, UnixMode.Of(world.EnvFile));
        Assert.StartsWith("API_URL=http://x\n", File.ReadAllText(world.EnvFile), StringComparison.Ordinal);
        Assert.DoesNotContain("written by Ushadow.Build", File.ReadAllText(world.EnvFile), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?, string> BadInputs => new()
    {
        { "ENV_NAME", "feature/login", null, "USH1002" },
        { "DATABASE_MODE", "both", null, "USH1001" },
        { "SHARED_DATABASE_NAME", "a.b", null, "USH1003" },
        { "PORT_OFFSET", "abc", null, "USH1013" },
        { "ENV_NAME", "gold", "x", "USH1014" },
        { "ENV_NAME", "gold", "0", "USH1014" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Every_bad_input_error_leaves_every_file_byte_identical(string variable, string value, string? count, string code)
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("""{ "default_admin_email": "a@example.com", "default_admin_password": "pw" }""");
        world.Provision(Gold());
        File.AppendAllText(world.EnvFile, "MINE=1\n");
        var before = world.Snapshot();

        var error = world.Refused(Gold((variable, value)) , new BuildProperties { RedisDatabaseCount = count, DatabaseMode = "isolated" });

        Assert.Equal(code, error.Code);
        HandEditTests.AssertUnchanged(before, world.Snapshot());
    }

    [Fact]
    public void A_bad_input_on_the_first_run_creates_no_env_or_secrets_file()
    {
        using var world = new ProvisionWorld();

        world.Refused(Gold(("SHARED_DATABASE_NAME", "a b")));

        Assert.False(File.Exists(world.EnvFile));
        Assert.False(Directory.Exists(Path.Combine(world.Root, "config")));
        Assert.False(File.Exists(world.RegistryFile));
    }
}
