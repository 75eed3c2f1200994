using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Ushadow.TestSupport;

/// <summary>
/// A program started by <see cref="Processes.Start"/>. Its output is read from the start, whatever the test does, into
/// <see cref="StandardOutput"/>, <see cref="StandardError"/> and <see cref="Output"/>; its standard output can also be
/// read line by line (<see cref="ReadLineAsync"/>), for programs that report a state ("ready") and then wait.
/// </summary>
public sealed class RunningProcess : IDisposable
{
    // After the program exits, how long its output may take to reach its end: a grandchild that inherited the pipes
    // (a daemon it left running) would hold them open for ever.
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly StringBuilder _standardError = new();
    private readonly StringBuilder _output = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Task _outputRead;
    private bool _disposed;

    internal RunningProcess(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        string? standardInput)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        if (standardInput is not null)
        {
            start.StandardInputEncoding = Utf8;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        CommandLine = string.Join(' ', start.ArgumentList.Prepend(fileName));
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{CommandLine} did not start.");
        Id = _process.Id;
        _outputRead = Task.WhenAll(
            ReadAsync(_process.StandardOutput, _standardOutput, _lines.Writer),
            ReadAsync(_process.StandardError, _standardError, lines: null));
        if (standardInput is not null)
        {
            _ = WriteInputAsync(standardInput);
        }
        Exited = ExitAsync();
    }

    /// <summary>The program and its arguments, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>The process id (still known after it exited).</summary>
    public int Id { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; <see cref="InvalidOperationException"/> while it runs.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Completes once the program has exited and its output has been read to its end (or the grace for that ran out).</summary>
    public Task Exited { get; }

    /// <summary>What it wrote to standard output so far, as written.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _standardOutput.ToString();
            }
        }
    }

    /// <summary>What it wrote to standard error so far, as written.</summary>
    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _standardError.ToString();
            }
        }
    }

    /// <summary>Both streams so far, line by line in the order they came.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Whether it exited, its output read, within <paramref name="timeout"/>; it keeps running when not.</summary>
    public bool WaitForExit(TimeSpan timeout) => Exited.Wait(timeout);

    /// <inheritdoc cref="WaitForExit"/>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var stop = new CancellationTokenSource();
        var first = await Task.WhenAny(Exited, Task.Delay(timeout, stop.Token)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        return first == Exited;
    }

    /// <summary>
    /// Waits for the end and returns how it ended; a program still running after <paramref name="timeout"/> is killed with
    /// its children, and this throws <see cref="TimeoutException"/> with what it wrote.
    /// </summary>
    public ProcessResult Wait(TimeSpan timeout)
    {
        if (!WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"{CommandLine} did not finish within {timeout}; it wrote:\n{Output}");
        }
        lock (_gate)
        {
            return new ProcessResult(_process.ExitCode, _standardOutput.ToString(), _standardError.ToString(), _output.ToString());
        }
    }

    /// <summary>
    /// The next line of standard output this method has not returned yet (without its line end), or <c>null</c> once the
    /// output has ended; <see cref="TimeoutException"/> when no line comes within <paramref name="timeout"/>.
    /// </summary>
    public async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(bound.Token).ConfigureAwait(false))
            {
                if (_lines.Reader.TryRead(out var line))
                {
                    return line;
                }
            }
            return null;
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            throw new TimeoutException($"{CommandLine} wrote no line within {timeout}; it wrote:\n{Output}");
        }
    }

    /// <summary>Kills the program and every process it started, and waits (briefly) until it is gone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
        _process.WaitForExit(KillGrace);
    }

    /// <summary>Kills what still runs (see <see cref="Kill"/>); may be called more than once.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    private async Task ExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        using var stop = new CancellationTokenSource();
        await Task.WhenAny(_outputRead, Task.Delay(OutputGrace, stop.Token)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Reads one stream to its end: its exact text, and its lines into <see cref="Output"/> (and to <paramref name="lines"/>).</summary>
    private async Task ReadAsync(StreamReader stream, StringBuilder exact, ChannelWriter<string>? lines)
    {
        var buffer = new char[4096];
        var line = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_gate)
                {
                    exact.Append(buffer, 0, read);
                }
                foreach (var c in buffer.AsSpan(0, read))
                {
                    if (c == '\n')
                    {
                        EndLine(line, lines);
                    }
                    else
                    {
                        line.Append(c);
                    }
                }
            }
            if (line.Length > 0)
            {
                EndLine(line, lines);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Disposed while a grandchild still held the pipe: what was read is what there is.
        }
        finally
        {
            lines?.TryComplete();
        }
    }

    private void EndLine(StringBuilder line, ChannelWriter<string>? lines)
    {
        var text = line.ToString().TrimEnd('\r');
        line.Clear();
        lock (_gate)
        {
            _output.Append(text).Append('\n');
        }
        lines?.TryWrite(text);
    }

    private async Task WriteInputAsync(string input)
    {
        try
        {
            await _process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // It ended (or was killed) without reading all its input.
        }
    }
}
