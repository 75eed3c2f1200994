using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Ushadow.TestSupport;

/// <summary>
/// A throw-away <c>redis-server</c> (the Debian package) on a free loopback port, persistence off. A missing server, or
/// one that does not answer PING in time, throws from the constructor: the tests that use it fail, they are never skipped.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private const string ServerPath = "/usr/bin/redis-server";
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(15);

    private readonly RunningProcess _process;

    /// <summary>A server with Redis' defaults (16 databases, no password), as xunit makes it for <c>IClassFixture&lt;RedisServer&gt;</c>.</summary>
    public RedisServer()
        : this(new RedisServerOptions())
    {
    }

    // xunit wants a class fixture to have one public constructor; other servers come from Start.
    private RedisServer(RedisServerOptions options)
    {
        Options = options;
        if (!File.Exists(ServerPath))
        {
            throw new InvalidOperationException($"{ServerPath} is missing: install the Debian package 'redis-server' (apt-get install redis-server) to run these tests.");
        }
        Port = Loopback.FreePort();
        string[] arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--databases", options.Databases.ToString(CultureInfo.InvariantCulture),
            .. options.Password is null ? [] : (string[])["--requirepass", options.Password],
            .. options.Arguments,
        ];
        _process = Processes.Start(ServerPath, arguments, workingDirectory: Path.GetTempPath());
        try
        {
            Ready.Wait(Pings, StartBound, $"redis-server on port {Port} (PING)", failFast: () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"redis-server on port {Port} exited ({_process.ExitCode}) before answering PING. Output:\n{_process.Output}");
                }
            });
        }
        catch (TimeoutException e)
        {
            _process.Dispose();
            throw new InvalidOperationException($"redis-server on port {Port} did not answer PING within {StartBound.TotalSeconds} s. Output:\n{_process.Output}", e);
        }
        catch
        {
            _process.Dispose();
            throw;
        }
    }

    /// <summary>Starts a server configured by <paramref name="options"/>.</summary>
    public static RedisServer Start(RedisServerOptions options) => new(options);

    public RedisServerOptions Options { get; }

    public int Port { get; }

    public string? Password => Options.Password;

    /// <summary>The <c>redis://</c> URL of the server, with the password when it has one.</summary>
    public string Url => Password is null ? $"redis://127.0.0.1:{Port}" : $"redis://:{Password}@127.0.0.1:{Port}";

    /// <summary>A client for the tests' checks, admin commands allowed.</summary>
    public ConnectionMultiplexer Connect() =>
        ConnectionMultiplexer.Connect(new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", Port } },
            Password = Password,
            AllowAdmin = true,
        });

    /// <summary>Stops the server, for the tests of a server that does not answer; <see cref="Dispose"/> may follow.</summary>
    public void Stop() => _process.Kill();

    public void Dispose() => _process.Dispose();

    /// <summary>Whether the server answers PING (after AUTH, when it has a password), within a second.</summary>
    private bool Pings()
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, Port);
        using var stream = client.GetStream();
        stream.ReadTimeout = 1000;
        var commands = Password is null ? Command("PING") : Command("AUTH", Password) + Command("PING");
        stream.Write(Encoding.UTF8.GetBytes(commands));
        using var replies = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var reply = replies.ReadLine();
        if (Password is not null)
        {
            reply = replies.ReadLine(); // AUTH's reply came first
        }
        return reply == "+PONG";
    }

    /// <summary>A command in the protocol's own form (an array of bulk strings), so an argument may hold any character.</summary>
    private static string Command(params string[] parts) =>
        $"*{parts.Length}\r\n" + string.Concat(parts.Select(part => $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n"));
}
