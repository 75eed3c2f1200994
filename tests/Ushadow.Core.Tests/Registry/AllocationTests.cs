using Ushadow.Core.Diagnostics;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using static Ushadow.Core.Tests.Registry.RegistryTestData;

namespace Ushadow.Core.Tests.Registry;

public class AllocationTests
{
    private static EnvironmentRegistry Open(TempStateFolder folder) => EnvironmentRegistry.Open(folder.StateDirectory, TimeSpan.FromSeconds(10));

    [Fact]
    public void A_registered_environment_keeps_its_number_after_reopening()
    {
        using var folder = new TempStateFolder();
        var root = folder.Root("gold");
        int first;
        using (var registry = Open(folder))
        {
            first = Claim(registry, "gold", root, portOffset: 30);
        }

        using (var registry = Open(folder))
        {
            // Even a different PORT_OFFSET does not move a registered environment.
            Assert.Equal(first, registry.AllocateRedisDatabase(Id("gold"), root, portOffset: 120, databaseCount: 16).Database);
            Assert.Equal(first, registry.Find(Id("gold"))!.RedisDatabase);
        }
    }

    [Theory]
    [InlineData(0, 16, 0)]
    [InlineData(30, 16, 3)]
    [InlineData(170, 16, 1)]
    [InlineData(39, 16, 3)]
    [InlineData(30, 2, 1)]
    public void Port_offset_sets_the_preferred_number_as_the_original_launcher_did(int offset, int count, int expected)
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);

        var allocation = registry.AllocateRedisDatabase(Id("gold"), folder.Root("gold"), offset, count);

        Assert.Equal(expected, allocation.Database);
        Assert.Empty(allocation.Reclaimed);
    }

    [Fact]
    public void Without_port_offset_the_name_hash_sets_the_preferred_number()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);

        foreach (var name in new[] { "gold", "blue", "feature-x", "ushadow" })
        {
            Assert.Equal((int)(Fnv1a.Hash(name) % 16), registry.AllocateRedisDatabase(Id(name), folder.Root(name), null, 16).Database);
        }
    }

    [Fact]
    public void A_taken_preferred_number_falls_back_to_the_lowest_free_number()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        registry.Put(Environment("zero", folder.Root("zero"), 0));
        registry.Put(Environment("one", folder.Root("one"), 1));
        registry.Put(Environment("three", folder.Root("three"), 3));

        var allocation = registry.AllocateRedisDatabase(Id("gold"), folder.Root("gold"), portOffset: 30, databaseCount: 16);

        Assert.Equal(2, allocation.Database);
    }

    [Fact]
    public void Allocation_changes_nothing_in_the_registry()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        for (var i = 0; i < 4; i++)
        {
            registry.Put(Environment($"gone{i}", folder.MissingRoot($"gone{i}"), i));
        }

        var allocation = registry.AllocateRedisDatabase(Id("gold"), folder.Root("gold"), null, 4);

        Assert.Equal(4, allocation.Reclaimed.Count);
        Assert.Equal(4, registry.Environments.Count);
        Assert.Null(registry.Find(Id("gold")));
    }

    [Fact]
    public void When_every_number_is_held_by_a_live_environment_allocation_fails_listing_each_holder()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        for (var i = 0; i < 16; i++)
        {
            registry.Put(Environment($"env{i}", folder.Root($"env{i}"), i));
        }

        var error = Assert.Throws<UshadowException>(() => registry.AllocateRedisDatabase(Id("gold"), folder.Root("gold"), null, 16));

        Assert.Equal(DiagnosticCodes.RedisDatabasesExhausted, error.Diagnostic.Code);
        for (var i = 0; i < 16; i++)
        {
            Assert.Contains($"{i}=ushadow/env{i} ({folder.Root($"env{i}")})", error.Diagnostic.Message, StringComparison.Ordinal);
        }
        Assert.Contains("UshadowRedisDatabaseCount", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("worktree", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_every_number_is_taken_an_environment_whose_root_was_deleted_is_reclaimed()
    {
        using var folder = new TempStateFolder();
        using (var registry = Open(folder))
        {
            for (var i = 0; i < 16; i++)
            {
                registry.Put(Environment($"env{i}", folder.Root($"env{i}"), i));
            }
            registry.Save();
        }
        Directory.Delete(folder.Root("env5"));

        using (var registry = Open(folder))
        {
            var allocation = registry.AllocateRedisDatabase(Id("gold"), folder.Root("gold"), portOffset: 30, databaseCount: 16);

            Assert.Equal(5, allocation.Database);
            Assert.Equal("env5", Assert.Single(allocation.Reclaimed).Name);
        }
    }

    [Fact]
    public void A_reclaimed_preferred_number_wins_over_a_lower_reclaimed_one()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        for (var i = 0; i < 16; i++)
        {
            var root = i is 2 or 7 ? folder.MissingRoot($"env{i}") : folder.Root($"env{i}");
            registry.Put(Environment($"env{i}", root, i));
        }

        var allocation = registry.AllocateRedisDatabase(Id("gold"), folder.Root("gold"), portOffset: 70, databaseCount: 16);

        Assert.Equal(7, allocation.Database);
        Assert.Equal(["env2", "env7"], allocation.Reclaimed.Select(e => e.Name));
    }

    [Fact]
    public void The_same_name_claimed_from_a_second_existing_root_is_an_error_naming_both_roots()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        var first = folder.Root("first");
        var second = folder.Root("second");
        registry.Put(Environment("gold", first, 4));

        var error = Assert.Throws<UshadowException>(() => registry.AllocateRedisDatabase(Id("gold"), second, null, 16));

        Assert.Equal(DiagnosticCodes.EnvironmentNameClaimedTwice, error.Diagnostic.Code);
        Assert.Contains(first, error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(second, error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clash_names_the_database_isolated_mode_would_use_not_the_shared_one_registered()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        // gold was registered in shared mode on the shared database teamdb (settings set shared_database_name teamdb).
        registry.Put(Environment("gold", folder.Root("first"), 4) with { MongoDatabase = "teamdb" });

        var error = Assert.Throws<UshadowException>(() => registry.AllocateRedisDatabase(Id("gold"), folder.Root("second"), null, 16));

        Assert.Contains("in isolated mode, MongoDB database 'ushadow_gold'", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("teamdb", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_whose_old_root_is_gone_keeps_its_number_from_the_new_root()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        registry.Put(Environment("gold", folder.MissingRoot("old"), 4));

        Assert.Equal(4, registry.AllocateRedisDatabase(Id("gold"), folder.Root("new"), null, 16).Database);
    }

    [Fact]
    public void The_same_root_with_a_trailing_separator_is_the_same_environment()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        var root = folder.Root("gold");
        registry.Put(Environment("gold", root + Path.DirectorySeparatorChar, 4));

        Assert.Equal(root, registry.Find(Id("gold"))!.Root);
        Assert.Equal("gold", registry.FindByRoot(root + Path.DirectorySeparatorChar)!.Name);
        Assert.Equal("gold", registry.FindByRoot(root)!.Name);
        Assert.Null(registry.FindByRoot(folder.Root("other")));
        Assert.Equal(4, registry.AllocateRedisDatabase(Id("gold"), root, null, 16).Database);
    }

    [Fact]
    public void A_number_beyond_a_shrunk_count_is_allocated_again()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        var root = folder.Root("gold");
        registry.Put(Environment("gold", root, 12));

        Assert.Equal(3, registry.AllocateRedisDatabase(Id("gold"), root, portOffset: 30, databaseCount: 8).Database);
    }

    [Fact]
    public void A_number_held_by_another_environment_cannot_be_put()
    {
        using var folder = new TempStateFolder();
        using var registry = Open(folder);
        registry.Put(Environment("blue", folder.Root("blue"), 3));

        Assert.Throws<ArgumentException>(() => registry.Put(Environment("gold", folder.Root("gold"), 3)));
        registry.Put(Environment("blue", folder.Root("blue"), 3) with { MongoDatabase = "ushadow_blue" });
        Assert.Equal("blue", registry.OwnerOf(3)!.Name);
        Assert.Null(registry.OwnerOf(4));
    }
}
