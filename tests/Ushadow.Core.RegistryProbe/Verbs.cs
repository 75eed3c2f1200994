using System.Globalization;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Launcher;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Model;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Registry;

namespace Ushadow.Core.RegistryProbe;

/// <summary>The worker verbs: each runs one core operation the way the build or the tool runs it.</summary>
internal static class Verbs
{
    private static readonly string[] Names = ["provision", "apply", "create", "remove", "settings", "crash", "soak", "versions"];

    /// <summary>The lock timeout of the <c>ushadow</c> tool's commands (CliContext.LockTimeout); builds use the request's default, also 60 s.</summary>
    private static readonly TimeSpan ToolLockTimeout = TimeSpan.FromSeconds(60);

    public static bool Known(string verb) => Names.Contains(verb);

    public static int Run(string[] args)
    {
        try
        {
            return args[0] switch
            {
                "crash" => CrashHarness.Run(args[1..]),
                "soak" => Soak.Run(args[1..]),
                "versions" => Versions.Run(args[1..]),
                "provision" => Provision(Wait(args, 5), create: false),
                "apply" => ApplyFromVariables(Wait(args, 3)),
                "create" => Provision(Wait(args, 5), create: true),
                "remove" => Remove(Wait(args, 3)),
                "settings" => Settings(Wait(args, 4)),
                _ => 2,
            };
        }
        catch (UshadowException e)
        {
            Console.Error.WriteLine(e.Diagnostic.ToString());
            return 1;
        }
    }

    /// <summary>
    /// <c>apply &lt;root&gt; &lt;count&gt;</c>: the whole apply step for the environment at root, with the registry, host,
    /// state folder and name this process's variables give (USHADOW_REGISTRY, ...): the team registry tests' machines.
    /// </summary>
    private static int ApplyFromVariables(string[] args)
    {
        var result = EnvironmentProvisioner.Apply(new ProvisionRequest
        {
            ProjectDirectory = args[1],
            Variables = ProvisionRequest.ReadVariables(Environment.GetEnvironmentVariable),
            Properties = new BuildProperties { EnvironmentRoot = args[1], RedisDatabaseCount = args[2] },
            // Twenty cold processes queue for one registry: each holds it for a cold plan and apply (seconds on 2 cores).
            LockTimeout = TimeSpan.FromMinutes(5),
        });
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Message))
        {
            Console.Error.WriteLine(diagnostic.ToString());
        }
        Console.WriteLine($"database {result.Environment.RedisDatabase.Value}");
        return 0;
    }

    /// <summary>The original probe: claims a Redis number for a name (tests/Ushadow.Core.Tests LockTests).</summary>
    public static int Claim(string[] args)
    {
        if (args.Length is < 3 or > 4)
        {
            Console.Error.WriteLine("usage: <state dir> <name> <root> [<go file>]");
            return 2;
        }
        var (stateDir, name, root) = (args[0], args[1], args[2]);
        Console.WriteLine("ready");
        if (args.Length == 4)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(args[3]))
            {
                if (DateTime.UtcNow > deadline)
                {
                    Console.Error.WriteLine("the go file never appeared");
                    return 3;
                }
                Thread.Sleep(2);
            }
        }
        try
        {
            using var registry = EnvironmentRegistry.Open(stateDir, TimeSpan.FromSeconds(60));
            var allocation = registry.AllocateRedisDatabase(new EnvironmentId("ushadow", name), root, portOffset: null, databaseCount: 16);
            foreach (var gone in allocation.Reclaimed)
            {
                registry.Remove(gone.Id);
            }
            registry.Put(new RegisteredEnvironment(
                name, root, allocation.Database, DatabaseMode.Shared, "ushadow", DateTimeOffset.UtcNow,
                new Dictionary<string, string> { ["ENV_NAME"] = name }));
            registry.Save();
            Console.WriteLine($"database {allocation.Database}");
            return 0;
        }
        catch (UshadowException e)
        {
            Console.Error.WriteLine(e.Diagnostic.ToString());
            return 1;
        }
    }

    /// <summary>The request a build of <paramref name="root"/> makes (no port is "in use", so runs are deterministic).</summary>
    public static ProvisionRequest Request(string state, string settings, string root, string env) => new()
    {
        ProjectDirectory = root,
        Variables = new Dictionary<string, string> { ["ENV_NAME"] = env },
        Properties = new BuildProperties { EnvironmentRoot = root, StateDirectory = state, LauncherSettingsFile = settings },
        PortInUse = _ => false,
    };

    private static int Provision(string[] args, bool create)
    {
        var (state, settings, root, env) = (args[1], args[2], args[3], args[4]);
        var request = Request(state, settings, root, env);
        if (create)
        {
            var paths = EnvironmentPaths.For(request);
            EnvironmentLifecycle.CheckCanCreate(request, paths, new EnvironmentId("ushadow", env), root);
            Directory.CreateDirectory(root);
        }
        var result = EnvironmentProvisioner.Apply(request);
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Message))
        {
            Console.WriteLine("diagnostic " + diagnostic);
        }
        Console.WriteLine($"ok redis {result.Environment.RedisDatabase.Value} written {result.WrittenFiles.Count}");
        PrintLockWait();
        return 0;
    }

    private static int Remove(string[] args)
    {
        var (state, env) = (args[1], args[2]);
        using (var registry = EnvironmentRegistry.Open(state, ToolLockTimeout))
        {
            registry.Remove(new EnvironmentId("ushadow", env));
            registry.Save();
        }
        Console.WriteLine("ok removed " + env);
        PrintLockWait();
        return 0;
    }

    private static int Settings(string[] args)
    {
        var (file, key, value) = (args[1], args[2], args[3]);
        using (LauncherSettingsDocument.Lock(file, ToolLockTimeout))
        {
            var document = LauncherSettingsDocument.Load(file);
            document.Set(key, value);
            document.Save();
        }
        Console.WriteLine("ok set " + key);
        PrintLockWait();
        return 0;
    }

    private static void PrintLockWait() =>
        Console.WriteLine("lockwait-ms " + FileLock.LongestWait.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) +
            "\nlockhold-ms " + FileLock.LongestHold.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));

    /// <summary>With a go file after the <paramref name="fixedCount"/> arguments: says "ready" and waits for it, so many processes start together.</summary>
    private static string[] Wait(string[] args, int fixedCount)
    {
        if (args.Length <= fixedCount)
        {
            return args;
        }
        Console.WriteLine("ready");
        Console.Out.Flush();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!File.Exists(args[fixedCount]))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the go file never appeared");
            }
            Thread.Sleep(2);
        }
        return args[..fixedCount];
    }
}
