using System.Diagnostics;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Launcher;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using static Ushadow.Core.Tests.Registry.RegistryTestData;

namespace Ushadow.Core.Tests.Registry;

public class EnvironmentLifecycleTests
{
    [Fact]
    public void A_new_worktree_goes_beside_the_repository_under_worktrees_and_its_folder()
    {
        // A full path of this platform: /src/... on Unix, the current drive's \src\... on Windows.
        Assert.Equal(Path.GetFullPath("/src/worktrees/myapp/gold"), EnvironmentLifecycle.WorktreeFolder("/src/myapp/", "gold"));
    }

    [Fact]
    public void A_name_registered_from_another_existing_root_is_refused_with_USH1009()
    {
        using var folder = new TempStateFolder();
        var registry = new[] { Environment("gold", folder.Root("gold"), 3) };

        var error = Assert.Throws<UshadowException>(() =>
            NameClaim.EnsureFree(registry, Id("gold"), folder.MissingRoot("new-gold"), folder.RegistryFile));

        Assert.Equal(DiagnosticCodes.EnvironmentNameClaimedTwice, error.Diagnostic.Code);
        Assert.Contains(folder.Root("gold"), error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_whose_root_is_gone_or_is_the_same_folder_or_of_another_app_is_free()
    {
        using var folder = new TempStateFolder();
        var gone = new[] { Environment("gold", folder.MissingRoot("gold"), 3) };
        var same = new[] { Environment("gold", folder.Root("gold"), 3) };
        var otherApp = new[] { Environment("gold", folder.Root("gold"), 3) with { AppName = "billing" } };

        NameClaim.EnsureFree(gone, Id("gold"), folder.Root("new"), folder.RegistryFile);
        NameClaim.EnsureFree(same, Id("gold"), folder.Root("gold") + "/", folder.RegistryFile);
        NameClaim.EnsureFree(otherApp, Id("gold"), folder.Root("new"), folder.RegistryFile);
    }

    [Fact]
    public void The_current_environment_is_the_deepest_root_holding_the_folder()
    {
        var outer = Environment("ushadow", "/src/app", 0);
        var inner = Environment("gold", "/src/app/nested/gold", 1);
        var sibling = Environment("gold2", "/src/app/nested/gold2", 2);
        var registry = new[] { outer, inner, sibling };

        Assert.Same(inner, EnvironmentLifecycle.Current(registry, "/src/app/nested/gold/src"));
        Assert.Same(inner, EnvironmentLifecycle.Current(registry, "/src/app/nested/gold"));
        Assert.Same(outer, EnvironmentLifecycle.Current(registry, "/src/app/nested"));
        Assert.Null(EnvironmentLifecycle.Current(registry, "/src/application"));
    }

    [Fact]
    public void Remove_finds_one_entry_and_asks_for_the_app_when_several_have_the_name()
    {
        var registry = new[] { Environment("gold", "/a", 0), Environment("gold", "/b", 1) with { AppName = "billing" } };

        Assert.Equal(DiagnosticCodes.EnvironmentAmbiguous,
            Assert.Throws<UshadowException>(() => EnvironmentLifecycle.FindOne(registry, "gold", null, "r.json")).Diagnostic.Code);
        Assert.Equal(DiagnosticCodes.EnvironmentNotRegistered,
            Assert.Throws<UshadowException>(() => EnvironmentLifecycle.FindOne(registry, "blue", null, "r.json")).Diagnostic.Code);
        Assert.Equal("/b", EnvironmentLifecycle.FindOne(registry, "gold", "billing", "r.json").Root);
    }

    [Fact]
    public void The_drop_command_names_the_database_and_is_only_printed()
    {
        Assert.Equal("mongosh --eval 'db.getSiblingDB(\"ushadow_red\").dropDatabase()'", EnvironmentLifecycle.DropDatabaseCommand("ushadow_red"));
    }

    [Fact]
    public void The_launcher_settings_lock_excludes_a_second_holder_and_times_out_with_USH1037()
    {
        using var folder = new TempStateFolder();
        var settings = Path.Combine(folder.Path, "config", "settings.json");
        using var holder = LauncherSettingsDocument.Lock(settings, TimeSpan.FromSeconds(5));

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<UshadowException>(() => LauncherSettingsDocument.Lock(settings, TimeSpan.FromMilliseconds(200)));

        Assert.Equal(DiagnosticCodes.LauncherSettingsLockTimeout, error.Diagnostic.Code);
        Assert.Contains(settings + ".lock", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(5));
        Assert.False(File.Exists(settings), "the lock creates its folder and lock file, never the settings file");
    }

    [Fact]
    public async Task Ten_concurrent_settings_edits_under_the_lock_lose_no_update()
    {
        using var folder = new TempStateFolder();
        var settings = Path.Combine(folder.Path, "settings.json");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
        {
            using var held = LauncherSettingsDocument.Lock(settings, TimeSpan.FromSeconds(30));
            var document = LauncherSettingsDocument.Load(settings);
            Thread.Sleep(5); // widen the read-modify-write window
            document.Set(LauncherSettingKeys.DatabaseMode, "isolated", $"env{i}");
            document.Save();
        })));

        Assert.Equal(10, LauncherSettingsDocument.Load(settings).EnvironmentNames.Count);
    }
}
