using Ushadow.Core.IO;

namespace Ushadow.Core.Tests.Secrets;

/// <summary>A folder of its own for one test, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ushadow-secrets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Unix file modes; on Windows, where they do not exist, every file reads as 0600.</summary>
internal static class UnixMode
{
    public static UnixFileMode Of(string path) =>
        OperatingSystem.IsWindows() ? AtomicFile.OwnerOnly : File.GetUnixFileMode(path);

    public static void Set(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
