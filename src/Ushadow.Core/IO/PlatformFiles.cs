using System.Diagnostics;
using System.Globalization;
using System.Security.AccessControl;
using System.Security.Principal;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Shared;

namespace Ushadow.Core.IO;

/// <summary>
/// The one place where files behave differently on Windows and on Unix (docs/decisions.md, Platform seams): how paths
/// compare, how a file is replaced, and how a secret is kept from other users. Each member holds both behaviours side
/// by side; callers never ask which operating system they run on.
/// </summary>
internal static class PlatformFiles
{
    /// <summary>
    /// How long <see cref="Replace"/> keeps retrying a target another process holds open, in total. Like MSBuild's
    /// <c>Copy</c> task: long enough for docker compose, an editor or a virus scanner to let go of a file it
    /// glanced at, short enough that a build stuck on an open file says so within seconds.
    /// </summary>
    public static readonly TimeSpan ReplaceRetryBound = TimeSpan.FromSeconds(5);

    /// <summary>The first pause between two tries of <see cref="Replace"/>; each later pause doubles, up to one second.</summary>
    private static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(25);

    private static readonly TimeSpan LongestRetryPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How file and folder paths compare: Windows and (by default) macOS file systems ignore case, Linux does not.
    /// Compare paths normalised by <see cref="EnvironmentRoot.Normalize"/>, so drive letters and either separator
    /// (<c>C:/src/app</c>, <c>c:\src\app\</c>) end up spelled one way first.
    /// </summary>
    public static StringComparison PathComparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// Moves <paramref name="temporary"/> over <paramref name="target"/> in one step. On Unix a rename never minds
    /// who has the target open. On Windows it is refused while another process holds the target open without
    /// sharing deletion (a sharing violation, or "access denied"); the move is then retried with growing pauses
    /// for <see cref="ReplaceRetryBound"/>. The target is never half-written: it holds either its old bytes or the
    /// new ones. The caller deletes <paramref name="temporary"/> if this throws.
    /// </summary>
    /// <exception cref="UshadowException"><see cref="DiagnosticCodes.FileInUse"/> when the target stayed held open for the whole bound.</exception>
    /// <exception cref="IOException">Any other failure (the caller maps it to its own code).</exception>
    /// <exception cref="UnauthorizedAccessException">The target is read-only or this user may not replace it.</exception>
    public static void Replace(string temporary, string target)
    {
        var clock = Stopwatch.StartNew();
        var pause = FirstRetryPause;
        while (true)
        {
            try
            {
                File.Move(temporary, target, overwrite: true);
                return;
            }
            catch (Exception e) when (IsHeldByAnotherProcess(e, target))
            {
                var left = ReplaceRetryBound - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    var seconds = ReplaceRetryBound.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                    throw new UshadowException(
                        DiagnosticCodes.FileInUse,
                        $"{target}: another process holds it open (an editor, docker compose, a virus scanner?), so it could not be replaced " +
                        $"within {seconds} s. It is unchanged; close the program that has it open and run again.",
                        target,
                        e);
                }
                Thread.Sleep(pause < left ? pause : left);
                pause = pause * 2 < LongestRetryPause ? pause * 2 : LongestRetryPause;
            }
        }
    }

    /// <summary>
    /// Whether a failed replace of <paramref name="target"/> is Windows refusing it because another process has it
    /// open, which passes. A read-only file is refused the same way ("access denied") but never passes: no retry.
    /// </summary>
    private static bool IsHeldByAnotherProcess(Exception failure, string target)
    {
        if (!OperatingSystem.IsWindows())
        {
            return false; // a Unix rename is never refused because of an open handle
        }
        const int SharingViolation = unchecked((int)0x80070020);
        const int LockViolation = unchecked((int)0x80070021);
        return failure switch
        {
            UnauthorizedAccessException => !IsReadOnly(target),
            IOException io when io is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException) =>
                io.HResult is SharingViolation or LockViolation,
            _ => false,
        };
    }

    private static bool IsReadOnly(string path)
    {
        try
        {
            return File.Exists(path) && File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/>, which must not exist yet, for writing, so that it holds <paramref name="mode"/>
    /// from its first byte: on Unix the mode is given at creation (then set exactly by <see cref="SetMode"/>, since the
    /// umask filters it); on Windows, which has no modes, nothing here (<see cref="SetMode"/> protects an owner-only
    /// file by its access list). On .NET Framework (Mono on Unix), which cannot give a mode at creation, the caller's
    /// <see cref="SetMode"/> still runs before any byte is written.
    /// </summary>
    public static FileStream CreateNew(string path, UnixFileMode mode)
    {
#if NETFRAMEWORK
        _ = mode;
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write);
#else
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        return new FileStream(path, options);
#endif
    }

    /// <summary>The Unix mode of an existing file; on Windows <c>null</c> (there is none to keep).</summary>
    public static UnixFileMode? GetMode(string path) =>
        OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);

    /// <summary>
    /// Gives <paramref name="path"/> <paramref name="mode"/>. On Unix: exactly that mode. On Windows, where modes do
    /// not exist: a mode without any group or other bit (a secret's 0600) becomes an access list that lets only
    /// this user (and the system account, which backups and virus scanners run as) in, and no longer inherits the
    /// folder's (a repository under <c>C:\src</c> usually lets every user of the machine read). Any other mode
    /// leaves the inherited access list as it is. Where the file system keeps no access lists (FAT, some network
    /// shares) the file keeps what it has: a write never fails over it.
    /// </summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
            return;
        }
        const UnixFileMode OthersBits = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & OthersBits) == 0)
        {
            RestrictToCurrentUser(new FileInfo(path));
        }
    }

    /// <summary>Whether <paramref name="path"/> already has exactly <paramref name="mode"/> (always on Windows, where the access list is set on every write).</summary>
    public static bool HasMode(string path, UnixFileMode mode) =>
        OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == mode;

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static void RestrictToCurrentUser(FileInfo file)
    {
        try
        {
            using var identity = WindowsIdentity.GetCurrent();
            var security = new FileSecurity();
            security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
            security.AddAccessRule(new FileSystemAccessRule(identity.User!, FileSystemRights.FullControl, AccessControlType.Allow));
            security.AddAccessRule(new FileSystemAccessRule(new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null), FileSystemRights.FullControl, AccessControlType.Allow));
            file.SetAccessControl(security);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or NotSupportedException or IdentityNotMappedException)
        {
            // No access lists here (FAT, a network share, an emulator): the file keeps its folder's, as any other file.
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents). On Unix a new folder is owner-only (0700) and an
    /// existing one keeps its mode; on Windows it inherits its parent's access list (the state folder lives under
    /// the user's profile, which only that user can read).
    /// </summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, AtomicFile.OwnerOnlyDirectory);
        }
    }

    /// <summary>Whether anyone on the machine may write <paramref name="path"/>; <c>false</c> when it does not exist, and on Windows (no modes to read).</summary>
    public static bool IsWorldWritable(string path)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path))
        {
            return false;
        }
        try
        {
            var mode = File.GetUnixFileMode(path);
            // The sticky bit (/tmp) lets others add files but not replace ours.
            return (mode & UnixFileMode.OtherWrite) != 0 && (mode & UnixFileMode.StickyBit) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
