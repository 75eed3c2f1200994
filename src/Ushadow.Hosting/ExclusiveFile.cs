using System.Diagnostics;

namespace Ushadow.Hosting;

/// <summary>
/// A cross-process lock on a file, as the build's registry lock works: an exclusive open (an <c>flock</c> on Unix, a
/// sharing lock on Windows), which the operating system drops when the process dies, so a killed holder never leaves
/// a stale lock. The file itself is never deleted.
/// </summary>
internal sealed class ExclusiveFile : IDisposable
{
    private readonly FileStream _stream;

    private ExclusiveFile(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, waiting at most <paramref name="timeout"/>; <c>null</c> when it is not free in time.</summary>
    public static async Task<ExclusiveFile?> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new ExclusiveFile(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                if (clock.Elapsed >= timeout)
                {
                    return null;
                }
                // Short, jittered waits so waiting processes do not retry in lockstep.
                await Task.Delay(Random.Shared.Next(10, 60), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
