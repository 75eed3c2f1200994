using System.Security.AccessControl;
using System.Security.Principal;
using static Ushadow.Core.Tests.Resolution.ProvisionWorld;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// Windows' counterpart of <see cref="PermissionTests"/>: where Unix gives a secret mode 0600, Windows gives it an
/// access list of its own that lets in only this user and the system account (build/windows-lane.sh runs it under Wine).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
public class WindowsAccessTests
{
    [SkippableFact]
    public void Every_secret_file_lets_in_only_this_user_and_the_system_account_and_inherits_nothing()
    {
        Skip.IfNot(OperatingSystem.IsWindows(), "Windows access lists; Unix modes are PermissionTests'.");
        using var world = new ProvisionWorld();

        world.Provision(Gold());

        using var me = WindowsIdentity.GetCurrent();
        var expected = new[] { me.User!.Value, new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null).Value }.Order();
        var sharedKey = Assert.Single(Directory.GetFiles(Path.Combine(world.StateDirectory, "shared")));
        foreach (var file in new[] { world.RegistryFile, world.SecretsFile, world.EnvFile, sharedKey })
        {
            var security = new FileInfo(file).GetAccessControl();
            Assert.True(security.AreAccessRulesProtected, $"{file} still inherits its folder's access list");
            var allowed = security.GetAccessRules(includeExplicit: true, includeInherited: true, typeof(SecurityIdentifier))
                .Cast<FileSystemAccessRule>()
                .Select(rule => rule.IdentityReference.Value)
                .Order();
            Assert.Equal(expected, allowed);
        }
    }
}
