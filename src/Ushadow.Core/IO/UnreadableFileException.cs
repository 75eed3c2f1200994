namespace Ushadow.Core.IO;

/// <summary>A file the package must read is not a readable text file; each reader maps it to its own USH code.</summary>
internal sealed class UnreadableFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>, with <paramref name="reason"/> saying what is wrong and what would do.</summary>
    public UnreadableFileException(string path, UnreadableFileKind kind, string reason)
        : base($"{path}: {reason}")
    {
        Path = path;
        Kind = kind;
        Reason = reason;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>What is wrong.</summary>
    public UnreadableFileKind Kind { get; }

    /// <summary>What is wrong and what would be valid, without the path.</summary>
    public string Reason { get; }
}
