
namespace Ushadow.Core.Secrets;

/// <summary>How an environment's <c>secrets.yaml</c> stands to a changed <c>default_admin_*</c> setting.</summary>
internal enum AdminSecretState
{
    /// <summary>It holds the launcher's previous value: the package wrote it from the old setting, so it is brought in line.</summary>
    FollowsOldSetting,
    /// <summary>It holds a value that is neither the previous nor the new setting: someone edited it; it is kept.</summary>
    HandEdited,
    /// <summary>The file cannot be read or parsed; it is left as it is.</summary>
    Unreadable,
}
