using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ushadow.Build.Tests;

/// <summary>
/// A throw-away <c>redis-server</c> (the Debian package) on a free loopback port, persistence off, with a chosen
/// <c>databases</c> setting. A missing or silent server fails the tests that use it; they are never skipped.
/// </summary>
public class RedisServer : IDisposable
{
    private const string ServerPath = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public RedisServer() : this(databases: 16)
    {
    }

    protected RedisServer(int databases, string? password = null)
    {
        Password = password;
        if (!File.Exists(ServerPath))
        {
            throw new InvalidOperationException($"{ServerPath} is missing: install the Debian package 'redis-server' (apt-get install redis-server) to run these tests.");
        }
        Port = FreePort();
        var start = new ProcessStartInfo(ServerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--databases", databases.ToString(CultureInfo.InvariantCulture),
        }.Concat(password is null ? Array.Empty<string>() : new[] { "--requirepass", password }))
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (!Pings())
        {
            if (_process.HasExited || clock.Elapsed > StartTimeout)
            {
                string output;
                lock (_output)
                {
                    output = _output.ToString();
                }
                Dispose();
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s. Output:\n{output}");
            }
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    public string? Password { get; }

    public string Url => Password is null ? $"redis://127.0.0.1:{Port}" : $"redis://:{Password}@127.0.0.1:{Port}";

    /// <summary>Stops the server (the tests of a server that does not answer).</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        GC.SuppressFinalize(this);
    }

    private bool Pings()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write(Encoding.ASCII.GetBytes(Password is null ? "PING\r\n" : $"AUTH {Password}\r\nPING\r\n"));
            var buffer = new byte[16];
            var read = stream.Read(buffer, 0, buffer.Length);
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            if (Password is not null && !reply.Contains("PONG", StringComparison.Ordinal))
            {
                read = stream.Read(buffer, 0, buffer.Length);
                reply = Encoding.ASCII.GetString(buffer, 0, read);
            }
            return reply.Contains("+PONG", StringComparison.Ordinal);
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

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
