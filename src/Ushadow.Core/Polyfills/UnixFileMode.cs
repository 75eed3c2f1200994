// .NET Framework has no UnixFileMode: the same enum as .NET 7's, so PlatformFiles and its callers read alike on both.
// Public only because AtomicFile's public API names it; nothing but the net472 task loads this assembly.
namespace System.IO;

/// <summary>Unix file permissions, as .NET 7's <c>System.IO.UnixFileMode</c> (same values).</summary>
[Flags]
internal enum UnixFileMode
{
    /// <summary>No permission.</summary>
    None = 0,
    /// <summary>Others may execute.</summary>
    OtherExecute = 1,
    /// <summary>Others may write.</summary>
    OtherWrite = 2,
    /// <summary>Others may read.</summary>
    OtherRead = 4,
    /// <summary>The group may execute.</summary>
    GroupExecute = 8,
    /// <summary>The group may write.</summary>
    GroupWrite = 16,
    /// <summary>The group may read.</summary>
    GroupRead = 32,
    /// <summary>The owner may execute.</summary>
    UserExecute = 64,
    /// <summary>The owner may write.</summary>
    UserWrite = 128,
    /// <summary>The owner may read.</summary>
    UserRead = 256,
    /// <summary>Only an entry's owner may delete or rename it (folders).</summary>
    StickyBit = 512,
    /// <summary>Runs with the group of the file.</summary>
    SetGroup = 1024,
    /// <summary>Runs as the owner of the file.</summary>
    SetUser = 2048,
}
