using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ushadow.HostingTests;

/// <summary>
/// A throw-away <c>redis-server</c> (the Debian package) on a free loopback port, with persistence off.
/// A missing server fails the tests that use it; they are never skipped.
/// </summary>
public sealed class RedisServerFixture : IDisposable
{
    private const string ServerPath = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process? process;
    private readonly StringBuilder output = new();
    private bool disposed;

    public RedisServerFixture()
    {
        if (!File.Exists(ServerPath))
        {
            StartError = $"{ServerPath} is missing: install the Debian package 'redis-server' (apt-get install redis-server) to run the Redis tests.";
            return;
        }

        Port = FreePort();
        var start = new ProcessStartInfo(ServerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!Pings())
        {
            if (process.HasExited || deadline.Elapsed > StartTimeout)
            {
                lock (output)
                {
                    StartError = $"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s (exited: {process.HasExited}). Output:\n{output}";
                }
                return;
            }
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    /// <summary>Why the server is not usable, or <c>null</c> when it answers.</summary>
    public string? StartError { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>Stops the server; a test may call it early to take the server down, and again at its end.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        process?.Dispose();
    }

    private bool Pings()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer, 0, buffer.Length);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
