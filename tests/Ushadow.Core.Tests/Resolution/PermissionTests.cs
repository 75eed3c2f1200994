using Ushadow.Core.Shared;
using static Ushadow.Core.Tests.Resolution.ProvisionWorld;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>The state folder is owner-only, secrets are 0600, and a world-writable state folder or launcher file is warned about.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class PermissionTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void The_state_folder_is_0700_and_every_secret_file_0600()
    {
        using var world = new ProvisionWorld();

        world.Provision(Gold());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(world.StateDirectory));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(world.RegistryFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(world.SecretsFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(world.EnvFile));
        var sharedKey = Assert.Single(Directory.GetFiles(Path.Combine(world.StateDirectory, "shared")));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(sharedKey));
    }

    [Fact]
    public void A_world_writable_state_folder_or_launcher_file_is_USH3006()
    {
        using var world = new ProvisionWorld();
        world.WriteLauncher("{}");
        world.Provision(Gold());
        File.SetUnixFileMode(world.StateDirectory, File.GetUnixFileMode(world.StateDirectory) | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(world.LauncherFile, File.GetUnixFileMode(world.LauncherFile) | UnixFileMode.OtherWrite);

        var warnings = world.Provision(Gold()).Diagnostics.Where(d => d.Code == DiagnosticCodes.WorldWritable).ToList();

        Assert.Equal([world.StateDirectory, world.LauncherFile], warnings.Select(w => w.File));
        Assert.All(warnings, w => Assert.Contains("chmod o-w", w.Message, StringComparison.Ordinal));

        // A shared folder with the sticky bit (like /tmp) cannot have our files replaced: no warning.
        File.SetUnixFileMode(world.StateDirectory, File.GetUnixFileMode(world.StateDirectory) | UnixFileMode.StickyBit);
        Assert.Single(world.Provision(Gold()).Diagnostics, d => d.Code == DiagnosticCodes.WorldWritable);
    }
}
