using Ushadow.Core.Diagnostics;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using static Ushadow.Core.Tests.Registry.RegistryTestData;

namespace Ushadow.Core.Tests.Registry;

/// <summary>
/// The allocation policy in a registry several machines share (README, Teams on one server), as a pure function.
/// </summary>
public class SharedRegistryAllocationTests
{
    private static readonly Func<string, bool> NothingExists = _ => false;

    [Fact]
    public void The_reserved_database_is_never_handed_out_even_when_preferred_or_lowest_free()
    {
        var preferred = (int)(Fnv1a.Hash("gold") % 4u);

        var allocation = RedisAllocationPolicy.Allocate([], Id("gold"), "/r/gold", null, 4, "registry", reservedDatabase: preferred);
        var taken = new[] { 0, 1 }.Select(n => Environment($"e{n}", $"/r/e{n}", n) with { Host = "a" }).ToList();
        var last = RedisAllocationPolicy.Allocate(taken, Id("gold"), "/r/gold", portOffset: 10, 4, "registry", rootExists: _ => true, currentHost: "a", reservedDatabase: 3);

        Assert.NotEqual(preferred, allocation.Database);
        Assert.Equal(2, last.Database); // 1 is preferred (PORT_OFFSET 10) but taken, 3 is reserved
    }

    [Fact]
    public void Another_hosts_entry_whose_root_is_missing_here_is_never_reclaimed_and_USH1008_names_the_host_and_prune_command()
    {
        var registered = new[] { Environment("a0", "/r/a0", 0) with { Host = "alice" }, Environment("a1", "/r/a1", 1) with { Host = "alice" } };

        var error = Assert.Throws<UshadowException>(() =>
            RedisAllocationPolicy.Allocate(registered, Id("b0"), "/r/b0", null, 3, "registry", NothingExists, currentHost: "bob", reservedDatabase: 2));

        Assert.Equal(DiagnosticCodes.RedisDatabasesExhausted, error.Diagnostic.Code);
        Assert.Contains("host 'alice'", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("ushadow env prune --host alice", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_owning_host_reclaims_its_own_entry_whose_root_is_gone()
    {
        var registered = new[] { Environment("a0", "/r/a0", 0) with { Host = "alice" }, Environment("b1", "/r/b1", 1) with { Host = "bob" } };

        var allocation = RedisAllocationPolicy.Allocate(registered, Id("a2"), "/r/a2", null, 3, "registry", NothingExists, currentHost: "alice", reservedDatabase: 2);

        Assert.Equal(0, allocation.Database);
        Assert.Equal(["a0"], allocation.Reclaimed.Select(e => e.Name));
    }

    [Fact]
    public void A_name_another_host_holds_is_USH1009_naming_that_host_even_when_its_root_is_not_here()
    {
        var registered = new[] { Environment("gold", "/home/alice/gold", 4) with { Host = "alice" } };

        var error = Assert.Throws<UshadowException>(() =>
            RedisAllocationPolicy.Allocate(registered, Id("gold"), "/home/bob/gold", null, 16, "registry", NothingExists, currentHost: "bob", reservedDatabase: 15));

        Assert.Equal(DiagnosticCodes.EnvironmentNameClaimedTwice, error.Diagnostic.Code);
        Assert.Contains("'alice'", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_host_the_policy_is_the_file_registrys_unchanged()
    {
        var registered = new[] { Environment("a0", "/r/a0", 0), Environment("a1", "/r/a1", 1) };

        var allocation = RedisAllocationPolicy.Allocate(registered, Id("b0"), "/r/b0", null, 2, "registry", NothingExists);

        Assert.Equal(2, allocation.Reclaimed.Count);
    }
}
