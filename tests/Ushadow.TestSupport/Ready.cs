using System.Diagnostics;

namespace Ushadow.TestSupport;

/// <summary>
/// Waits for something to become ready (a server to answer, a text to appear on a screen, a health check to turn) by
/// polling a probe. Whatever the probe throws means "not yet", like a probe that answers no: a port that accepts the
/// connection and then says nothing within the client's timeout is as unready as one that refuses it. Only the wait's
/// own bound ends it, with a <see cref="TimeoutException"/> naming what it waited for and how the attempts failed.
/// </summary>
public static class Ready
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ShortestAttempt = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestAttempt = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="probe"/> until it returns true; see <see cref="Wait{T}"/>.</summary>
    public static void Wait(Func<bool> probe, TimeSpan bound, string what, Action? failFast = null) =>
        Wait(() => probe() ? what : null, bound, what, failFast);

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns something (not <c>null</c>), and returns that. A synchronous probe
    /// bounds each attempt itself (a socket's read timeout, a process's timeout), short next to <paramref name="bound"/>.
    /// </summary>
    /// <param name="what">What is awaited, for the message at the bound: "redis-server on port 6390 (PING)".</param>
    /// <param name="failFast">
    /// Runs before every attempt; what it throws ends the wait at once, for what no waiting can mend (the process that
    /// was to answer has exited).
    /// </param>
    public static T Wait<T>(Func<T?> probe, TimeSpan bound, string what, Action? failFast = null)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        var attempts = new Attempts();
        for (var pause = FirstPause; ; pause = Longer(pause))
        {
            failFast?.Invoke();
            try
            {
                if (probe() is { } ready)
                {
                    return ready;
                }
                attempts.AnsweredNo();
            }
#pragma warning disable CA1031 // any failure of the probe means "not ready yet"; the message at the bound names the last
            catch (Exception e)
#pragma warning restore CA1031
            {
                attempts.Failed(e);
            }
            var left = bound - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw attempts.NotReady(what, bound);
            }
            Thread.Sleep(Min(pause, left));
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns true; see <see cref="WaitAsync{T}"/>.</summary>
    public static Task WaitAsync(Func<CancellationToken, Task<bool>> probe, TimeSpan bound, string what, Action? failFast = null, TimeSpan? attempt = null) =>
        WaitAsync(async cancel => await probe(cancel).ConfigureAwait(false) ? what : null, bound, what, failFast, attempt);

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns something (not <c>null</c>), and returns that. Each attempt gets a
    /// token cancelled after <paramref name="attempt"/> (by default a tenth of the bound, between 1 and 10 s) and is
    /// abandoned then even if the probe ignores it, so one hanging request cannot use up the whole bound.
    /// </summary>
    /// <inheritdoc cref="Wait{T}" path="/param"/>
    public static async Task<T> WaitAsync<T>(Func<CancellationToken, Task<T?>> probe, TimeSpan bound, string what, Action? failFast = null, TimeSpan? attempt = null)
        where T : class
    {
        var perAttempt = attempt ?? Clamp(bound / 10, ShortestAttempt, LongestAttempt);
        var clock = Stopwatch.StartNew();
        var attempts = new Attempts();
        for (var pause = FirstPause; ; pause = Longer(pause))
        {
            failFast?.Invoke();
            using (var cancel = new CancellationTokenSource(Min(perAttempt, Max(bound - clock.Elapsed, ShortestAttempt))))
            {
                try
                {
                    if (await probe(cancel.Token).WaitAsync(cancel.Token).ConfigureAwait(false) is { } ready)
                    {
                        return ready;
                    }
                    attempts.AnsweredNo();
                }
#pragma warning disable CA1031 // any failure of the probe means "not ready yet"; the message at the bound names the last
                catch (Exception e)
#pragma warning restore CA1031
                {
                    attempts.Failed(e);
                }
            }
            var left = bound - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw attempts.NotReady(what, bound);
            }
            await Task.Delay(Min(pause, left)).ConfigureAwait(false);
        }
    }

    private static TimeSpan Longer(TimeSpan pause) => Min(pause * 2, LongestPause);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => Max(low, Min(value, high));

    /// <summary>How the attempts went, for the message at the bound.</summary>
    private sealed class Attempts
    {
        private int _count;
        private Exception? _lastFailure;
        private bool _lastFailed;

        public void AnsweredNo()
        {
            _count++;
            _lastFailed = false;
        }

        public void Failed(Exception failure)
        {
            _count++;
            _lastFailure = failure;
            _lastFailed = true;
        }

        public TimeoutException NotReady(string what, TimeSpan bound)
        {
            var last = _lastFailed
                ? $"the last one failed: {Describe(_lastFailure!)}"
                : "the last one answered not yet" + (_lastFailure is null ? "" : $" (an earlier one failed: {Describe(_lastFailure)})");
            return new TimeoutException($"{what} was not ready within {bound.TotalSeconds:0.#} s ({_count} attempts; {last}).", _lastFailure);
        }

        private static string Describe(Exception failure) => $"{failure.GetType().Name}: {failure.Message}";
    }
}
