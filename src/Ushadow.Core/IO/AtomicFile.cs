using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ushadow.Core.Diagnostics;

namespace Ushadow.Core.IO;

/// <summary>
/// Writes files the way every output of the package must be written: only when the content changes
/// (so timestamps and incremental builds stay put), atomically (temp file in the same folder, then
/// rename), keeping an existing file's Unix mode and giving a new file the mode asked for.
/// </summary>
internal static partial class AtomicFile
{
    /// <summary>Mode 0600: read and write for the owner only, as the original system creates secret files.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The largest file the package reads: its files hold a few settings, never megabytes.</summary>
    public const long MaxReadBytes = 8L << 20;

    /// <summary>
    /// Reads a file as UTF-8 text, or returns <c>null</c> when it does not exist. A symbolic link is read through;
    /// a link whose target is missing, a folder, a file over <see cref="MaxReadBytes"/> or one that is not text
    /// (NUL bytes, invalid UTF-8) throws <see cref="UnreadableFileException"/> saying which.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="keepByteOrderMark">
    /// Keep a UTF-8 byte-order mark as a leading U+FEFF, for files edited in place (<c>.env</c>, <c>secrets.yaml</c>):
    /// their text, written back, then starts with the same bytes.
    /// </param>
    public static string? ReadAllTextOrNull(string path, bool keepByteOrderMark = false)
    {
        var info = new FileInfo(path);
        var linked = info.LinkTarget is not null ? WriteTarget(path) : null;
        if (linked is not null && !Path.Exists(linked))
        {
            throw new UnreadableFileException(path, UnreadableFileKind.DanglingLink,
                $"it is a symbolic link to '{linked}', which does not exist; create the target or replace the link by a file");
        }
        if (Directory.Exists(path))
        {
            throw new UnreadableFileException(path, UnreadableFileKind.Folder,
                linked is null ? "it is a folder; it must be a file" : $"it is a symbolic link to the folder '{linked}'; it must be a file");
        }
        byte[] bytes;
        try
        {
            if (info.Exists && info.Length > MaxReadBytes)
            {
                throw new UnreadableFileException(path, UnreadableFileKind.TooLarge,
                    $"it is {info.Length / (1 << 20)} MB; the package reads files of at most {MaxReadBytes >> 20} MB, and this one cannot be its own");
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        if (bytes.Length > MaxReadBytes)
        {
            throw new UnreadableFileException(path, UnreadableFileKind.TooLarge,
                $"it is {bytes.Length / (1 << 20)} MB; the package reads files of at most {MaxReadBytes >> 20} MB, and this one cannot be its own");
        }
        if (Array.IndexOf(bytes, (byte)0) >= 0 || !IsUtf8(bytes))
        {
            throw new UnreadableFileException(path, UnreadableFileKind.NotText,
                "it is not a text file (it holds NUL bytes or is not valid UTF-8); it must be UTF-8 text");
        }
        return DecodeText(bytes, keepByteOrderMark);
    }

    private static bool IsUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    /// <summary>
    /// Where a write to <paramref name="path"/> lands: a symbolic link is written through to its final target (the
    /// link is kept); anything else is the path itself.
    /// </summary>
    public static string WriteTarget(string path) =>
        new FileInfo(path).LinkTarget is not null && File.ResolveLinkTarget(path, returnFinalTarget: true) is { } target
            ? target.FullName
            : path;

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> unless the file already holds exactly it.
    /// Returns whether the file was written. On failure the file holds its old bytes and no temp file is left.
    /// </summary>
    /// <exception cref="UshadowException">USH1023 when another process held the file open (Windows) for longer than <see cref="PlatformFiles.ReplaceRetryBound"/>.</exception>
    /// <param name="path">The file to write.</param>
    /// <param name="content">The whole new content.</param>
    /// <param name="newFileMode">Mode for a file that does not exist yet (on Windows, an owner-only mode becomes an owner-only access list).</param>
    /// <param name="forceMode">When set, the file always ends up with this mode, even if it existed.</param>
    public static bool WriteIfChanged(string path, string content, UnixFileMode? newFileMode = null, UnixFileMode? forceMode = null)
    {
        RemoveStaleTemporaryFiles(path);
        // Content that starts with a byte-order mark (an edited file that had one) is compared with the mark.
        var existing = ReadAllTextOrNull(path, keepByteOrderMark: content.StartsWith('\uFEFF'));
        if (existing == content)
        {
            if (forceMode is { } mode && !PlatformFiles.HasMode(path, mode))
            {
                PlatformFiles.SetMode(path, mode);
            }
            return false;
        }

        // A symbolic link (a shared .env, say) keeps being one: the new content goes to its target.
        path = WriteTarget(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = TemporaryPath(directory, Path.GetFileName(path));
        // The new file keeps the old one's mode (none to keep on Windows), unless a mode is forced.
        var fileMode = forceMode ?? (existing is not null ? PlatformFiles.GetMode(path) : null) ?? newFileMode ?? DefaultMode;
        try
        {
            // The temp file gets its final mode before any byte is written, so a secret is never world-readable.
            using (var stream = PlatformFiles.CreateNew(temp, fileMode))
            {
                CrashPoint.Reach("temp-created:" + Path.GetFileName(path));
                // UnixCreateMode is filtered by the umask: set the mode exactly (on Windows: the owner-only access list).
                PlatformFiles.SetMode(temp, fileMode);
                var bytes = EncodeText(content);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
            CrashPoint.Reach("temp-written:" + Path.GetFileName(path));
            // Windows refuses the rename while another process holds the target open: retried for a bounded time, then USH1023.
            PlatformFiles.Replace(temp, path);
            CrashPoint.Reach("renamed:" + Path.GetFileName(path));
            return true;
        }
        finally
        {
            DeleteTemporary(temp);
        }
    }

    /// <summary>Deletes a temp file this process made; one that cannot be deleted is left to <see cref="RemoveStaleTemporaryFiles"/> of a later write.</summary>
    private static void DeleteTemporary(string temp)
    {
        try
        {
            File.Delete(temp); // no error when it was renamed away
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Never hide the error that is on its way out of WriteIfChanged behind this one.
        }
    }

    /// <summary>
    /// A new temporary file's path next to a file named <paramref name="fileName"/> in <paramref name="directory"/>:
    /// <c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c>, so <see cref="RemoveStaleTemporaryFiles"/> can tell whose it is.
    /// </summary>
    internal static string TemporaryPath(string directory, string fileName) =>
        Path.Combine(directory, $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Deletes the temporary files of <paramref name="path"/> (and write probes in its folder) left by processes that
    /// are no longer running: a process killed between creating its temp file and renaming it cannot delete it itself.
    /// A live process's temp files are never touched. Never throws: a file that cannot be deleted stays.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public static int RemoveStaleTemporaryFiles(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        var fileName = Path.GetFileName(fullPath);
        var removed = 0;
        try
        {
            foreach (var candidate in Directory.EnumerateFiles(directory, ".*.tmp"))
            {
                var name = Path.GetFileName(candidate);
                var match = TemporaryName().Match(name);
                if (!match.Success || (match.Groups["file"].Value != fileName && match.Groups["file"].Value != WriteProbeName))
                {
                    continue;
                }
                if (!int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
                {
                    continue;
                }
                try
                {
                    File.Delete(candidate);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Someone else's file or a read-only folder: leaving it is harmless, failing the build is not.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder does not exist yet or cannot be listed: nothing to clean.
        }
        return removed;
    }

    /// <summary>The file name part of the write probes <see cref="TemporaryPath"/> names before a folder is written.</summary>
    internal const string WriteProbeName = "ushadow-write-probe";

    // Generated at compile time, like the other patterns: constructing it at run time cost every build's fresh process a few ms.
    [GeneratedRegex(@"^\.(?<file>.+)\.(?<pid>[0-9]+)\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true; // cannot tell: keep the file
        }
    }

    /// <summary>Mode 0700: the state folder holds the registry and shared secret keys.</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) owner-only; an existing folder keeps its mode (see <see cref="PlatformFiles.CreatePrivateDirectory"/> for Windows).</summary>
    public static void CreatePrivateDirectory(string path) => PlatformFiles.CreatePrivateDirectory(path);

    /// <summary>Whether anyone on the machine may write <paramref name="path"/> (a file or folder); <c>false</c> when it does not exist or on Windows.</summary>
    public static bool IsWorldWritable(string path) => PlatformFiles.IsWorldWritable(path);

    /// <summary>The text of a file's bytes, as <see cref="ReadAllTextOrNull"/> reads them.</summary>
    internal static string DecodeText(byte[] bytes, bool keepByteOrderMark = false)
    {
        // Without the mark: what File.ReadAllText does (a UTF-8 byte-order mark is dropped); with it: every byte as text.
        using var reader = new StreamReader(new MemoryStream(bytes), Utf8NoBom, detectEncodingFromByteOrderMarks: !keepByteOrderMark);
        return reader.ReadToEnd();
    }

    /// <summary>The bytes <see cref="WriteIfChanged"/> writes for <paramref name="content"/>.</summary>
    internal static byte[] EncodeText(string content) => Utf8NoBom.GetBytes(content);

    private const UnixFileMode DefaultMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
}
