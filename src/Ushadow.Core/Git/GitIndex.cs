using System.Buffers.Binary;
using System.Text;
using Ushadow.Core.Inputs;

namespace Ushadow.Core.Git;

/// <summary>
/// Answers "does git track this file?" by reading the repository's index file (formats 2, 3 and 4) instead of
/// running <c>git ls-files</c>: a build must not spawn a process on every run. Any index it cannot read (a
/// split index, an unknown format) counts as tracking nothing, so the worst case is a missing warning.
/// </summary>
internal static class GitIndex
{
    /// <summary>The files among <paramref name="files"/> that the git repository around <paramref name="start"/> tracks.</summary>
    public static IReadOnlyList<string> TrackedAmong(string start, IReadOnlyList<string> files)
    {
        try
        {
            if (FindWorkTree(start) is not { } workTree || IndexPath(workTree) is not { } indexPath || !File.Exists(indexPath))
            {
                return [];
            }
            var wanted = files
                .Select(f => (File: f, Relative: Path.GetRelativePath(workTree, f).Replace('\\', '/')))
                .Where(f => !f.Relative.StartsWith("../", StringComparison.Ordinal) && f.Relative != "..")
                .ToList();
            if (wanted.Count == 0)
            {
                return [];
            }
            var paths = ReadPaths(File.ReadAllBytes(indexPath), HashSize(workTree, indexPath));
            return wanted.Where(f => paths.Contains(f.Relative)).Select(f => f.File).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            return [];
        }
    }

    /// <summary>The folder holding <c>.git</c> above <paramref name="start"/>, or <c>null</c> outside a repository.</summary>
    private static string? FindWorkTree(string start)
    {
        var top = EnvironmentRoot.Find(start);
        var git = Path.Combine(top, ".git");
        return Directory.Exists(git) || File.Exists(git) ? top : null;
    }

    /// <summary>The index of a work tree: <c>.git/index</c>, or for a linked worktree or submodule the one in the folder its <c>.git</c> file names.</summary>
    private static string? IndexPath(string workTree)
    {
        var git = Path.Combine(workTree, ".git");
        if (Directory.Exists(git))
        {
            return Path.Combine(git, "index");
        }
        var line = File.ReadLines(git).FirstOrDefault() ?? "";
        const string Prefix = "gitdir:";
        return line.StartsWith(Prefix, StringComparison.Ordinal)
            ? Path.Combine(Path.GetFullPath(line[Prefix.Length..].Trim(), workTree), "index")
            : null;
    }

    /// <summary>SHA-1 repositories store 20-byte object names, SHA-256 ones 32.</summary>
    private static int HashSize(string workTree, string indexPath)
    {
        var config = Path.Combine(Path.GetDirectoryName(indexPath)!, "config");
        var common = Path.Combine(Path.GetDirectoryName(indexPath)!, "commondir");
        if (File.Exists(common))
        {
            config = Path.Combine(Path.GetFullPath(File.ReadAllText(common).Trim(), Path.GetDirectoryName(indexPath)!), "config");
        }
        return File.Exists(config) && File.ReadAllText(config).Contains("sha256", StringComparison.OrdinalIgnoreCase) ? 32 : 20;
    }

    /// <summary>Every path of the index (git's index-format documentation, formats 2 to 4).</summary>
    internal static HashSet<string> ReadPaths(byte[] index, int hashSize)
    {
        var span = index.AsSpan();
        if (span.Length < 12 || !span[..4].SequenceEqual("DIRC"u8))
        {
            throw new FormatException("not a git index");
        }
        var version = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(span[8..]);
        if (version is < 2 or > 4)
        {
            throw new FormatException($"index format {version}");
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        var position = 12;
        var previous = Array.Empty<byte>();
        var fixedSize = 40 + hashSize + 2; // stat data, object name, flags
        for (var i = 0; i < count; i++)
        {
            var start = position;
            var flags = BinaryPrimitives.ReadUInt16BigEndian(span[(position + 40 + hashSize)..]);
            position += fixedSize;
            if (version >= 3 && (flags & 0x4000) != 0)
            {
                position += 2; // extended flags
            }
            byte[] path;
            if (version == 4)
            {
                // The path is the previous one less N trailing bytes, plus a NUL-terminated suffix.
                var strip = ReadOffset(span, ref position);
                var end = span[position..].IndexOf((byte)0);
                path = [.. previous.AsSpan(0, previous.Length - (int)strip), .. span.Slice(position, end)];
                position += end + 1;
            }
            else
            {
                var end = span[position..].IndexOf((byte)0);
                path = span.Slice(position, end).ToArray();
                position = start + ((position - start + end + 8) & ~7); // NUL padding to a multiple of 8
            }
            paths.Add(Encoding.UTF8.GetString(path));
            previous = path;
        }
        return paths;
    }

    /// <summary>git's variable-length offset encoding (varint.c).</summary>
    private static long ReadOffset(ReadOnlySpan<byte> span, ref int position)
    {
        var b = span[position++];
        long value = b & 0x7f;
        while ((b & 0x80) != 0)
        {
            b = span[position++];
            value = ((value + 1) << 7) | (long)(b & 0x7f);
        }
        return value;
    }
}
