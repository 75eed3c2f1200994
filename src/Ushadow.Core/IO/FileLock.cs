using System.Diagnostics;
using System.Globalization;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Shared;

namespace Ushadow.Core.IO;

/// <summary>
/// A cross-process lock on a file next to what it guards (the registry's <c>environments.json.lock</c>, the
/// launcher settings' <c>settings.json.lock</c>): held from <see cref="Acquire"/> until disposed.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private FileStream? _stream;
    private readonly Stopwatch _held = Stopwatch.StartNew();

    private FileLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The lock file's path.</summary>
    public string Path { get; }

    /// <summary>
    /// Takes the lock on <paramref name="lockPath"/> (creating the file, not its folder), waiting at most
    /// <paramref name="timeout"/>.
    /// </summary>
    /// <param name="lockPath">The lock file.</param>
    /// <param name="timeout">How long to wait for another holder.</param>
    /// <param name="timeoutCode">The code of the timeout error, e.g. USH1011 for the registry.</param>
    /// <param name="holder">Who holds the lock while this waits, for the message (e.g. "another build").</param>
    /// <exception cref="UshadowException"><paramref name="timeoutCode"/> when the lock is not free in time; USH1007 when the file cannot be opened.</exception>
    public static FileLock Acquire(string lockPath, TimeSpan timeout, string timeoutCode, string holder)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix (per open file description, so it also excludes
                // other streams in this process) and a sharing lock on Windows. The OS drops it when the process
                // dies, so a crash never leaves a stale lock. The file itself is never deleted: deleting it
                // would let two processes lock two different files.
                var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                RecordWait(clock.Elapsed);
                CrashPoint.Reach("lock-held:" + System.IO.Path.GetFileName(lockPath));
                return new FileLock(lockPath, stream);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UshadowException(DiagnosticCodes.CannotWrite, $"{lockPath}: cannot open the lock file ({e.Message})", lockPath, e);
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                    throw new UshadowException(
                        timeoutCode,
                        $"Timed out after {seconds}s waiting for {lockPath}; {holder} holds it. " +
                        "Retry when it ends (the lock is released when its process exits).",
                        lockPath,
                        e);
                }
                // Short, jittered sleeps so waiting processes do not retry in lockstep.
                var sleep = TimeSpan.FromMilliseconds(Random.Shared.Next(5, 30));
                Thread.Sleep(sleep < left ? sleep : left);
            }
            catch (IOException e)
            {
                throw new UshadowException(DiagnosticCodes.CannotWrite, $"{lockPath}: cannot open the lock file ({e.Message})", lockPath, e);
            }
        }
    }

    /// <summary>
    /// The longest time any <see cref="Acquire"/> of this process waited before it got its lock: the concurrency
    /// soak (build/crash) reports it from many processes.
    /// </summary>
    public static TimeSpan LongestWait => TimeSpan.FromTicks(Interlocked.Read(ref LongestWaitTicks));

    /// <summary>The longest time this process held a lock (from getting it to disposing it): what others wait for.</summary>
    public static TimeSpan LongestHold => TimeSpan.FromTicks(Interlocked.Read(ref LongestHoldTicks));

    private static long LongestWaitTicks;
    private static long LongestHoldTicks;

    private static void RecordWait(TimeSpan waited) => RecordLongest(ref LongestWaitTicks, waited);

    private static void RecordLongest(ref long longest, TimeSpan time)
    {
        var ticks = time.Ticks;
        var seen = Interlocked.Read(ref longest);
        while (ticks > seen)
        {
            var before = Interlocked.CompareExchange(ref longest, ticks, seen);
            if (before == seen)
            {
                return;
            }
            seen = before;
        }
    }

    /// <summary>Releases the lock (the file stays).</summary>
    public void Dispose()
    {
        if (_stream is not null)
        {
            RecordLongest(ref LongestHoldTicks, _held.Elapsed);
        }
        _stream?.Dispose();
        _stream = null;
    }
}
