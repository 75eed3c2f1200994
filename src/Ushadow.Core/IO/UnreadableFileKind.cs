namespace Ushadow.Core.IO;

/// <summary>What is wrong with a file the package must read.</summary>
internal enum UnreadableFileKind
{
    /// <summary>A folder stands where the file should be.</summary>
    Folder,
    /// <summary>A symbolic link whose target does not exist.</summary>
    DanglingLink,
    /// <summary>Larger than <see cref="AtomicFile.MaxReadBytes"/>.</summary>
    TooLarge,
    /// <summary>Holds NUL bytes or invalid UTF-8.</summary>
    NotText,
}
