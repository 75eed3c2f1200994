using Ushadow.Core.Diagnostics;
using Ushadow.Core.EnvFile;
using Ushadow.Core.Inputs;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Shared;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Resolution;

/// <summary>
/// One test's world: a temp folder holding the environment root, the state directory and the launcher
/// settings file, passed through <c>USHADOW_STATE_DIR</c> / <c>USHADOW_LAUNCHER_SETTINGS</c> so nothing
/// touches the real HOME. Deleted afterwards.
/// </summary>
internal sealed class ProvisionWorld : IDisposable
{
    /// <summary>The variables of environment <c>gold</c>, plus <paramref name="more"/>.</summary>
    public static Dictionary<string, string> Gold(params (string Key, string Value)[] more)
    {
        var variables = new Dictionary<string, string> { ["ENV_NAME"] = "gold" };
        foreach (var (key, value) in more)
        {
            variables[key] = value;
        }
        return variables;
    }

    public static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public ProvisionWorld(string rootName = "app")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ushadow-resolution-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        StateDirectory = System.IO.Path.Combine(Path, "state");
        LauncherFile = System.IO.Path.Combine(Path, "launcher", "settings.json");
        Root = System.IO.Path.Combine(Path, rootName);
        Directory.CreateDirectory(Root);
    }

    public string Path { get; }

    /// <summary>The environment root and project folder (unless a test points elsewhere).</summary>
    public string Root { get; set; }

    public string StateDirectory { get; }

    /// <summary>The TCP ports the world pretends are in use (none unless a test adds some).</summary>
    public HashSet<int> PortsInUse { get; } = [];

    public string LauncherFile { get; }

    public string EnvFile => System.IO.Path.Combine(Root, ".env");

    public string SecretsFile => System.IO.Path.Combine(Root, "config", "SECRETS", "secrets.yaml");

    public string RegistryFile => System.IO.Path.Combine(StateDirectory, "environments.json");

    /// <summary>The variables every request carries: only the two that keep the world inside the temp folder.</summary>
    public Dictionary<string, string> BaseVariables() => new()
    {
        [VariableNames.StateDirectory] = StateDirectory,
        [VariableNames.LauncherSettings] = LauncherFile,
    };

    public ProvisionRequest Request(
        IReadOnlyDictionary<string, string>? variables = null,
        BuildProperties? properties = null,
        bool writeFiles = true,
        DateTimeOffset? now = null,
        string? projectDirectory = null)
    {
        var all = BaseVariables();
        foreach (var (key, value) in variables ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        return new ProvisionRequest
        {
            ProjectDirectory = projectDirectory ?? Root,
            Variables = all,
            Properties = properties ?? new BuildProperties(),
            WriteFiles = writeFiles,
            Now = now ?? T0,
            LockTimeout = TimeSpan.FromSeconds(10),
            // This machine's listeners must not steer allocations in tests; PortOffsetTests set their own.
            PortInUse = PortsInUse.Contains,
        };
    }

    public ProvisionResult Provision(
        IReadOnlyDictionary<string, string>? variables = null,
        BuildProperties? properties = null,
        bool writeFiles = true,
        DateTimeOffset? now = null,
        string? projectDirectory = null) =>
        EnvironmentProvisioner.Provision(Request(variables, properties, writeFiles, now, projectDirectory));

    /// <summary>Runs a provision that must fail, and returns its diagnostic.</summary>
    public UshadowDiagnostic Refused(
        IReadOnlyDictionary<string, string>? variables = null,
        BuildProperties? properties = null,
        bool writeFiles = true,
        string? projectDirectory = null) =>
        Assert.Throws<UshadowException>(() => Provision(variables, properties, writeFiles, projectDirectory: projectDirectory)).Diagnostic;

    public void WriteLauncher(string json)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(LauncherFile)!);
        File.WriteAllText(LauncherFile, json);
    }

    public string? EnvValue(string key) => EnvFileDocument.Parse(File.ReadAllText(EnvFile)).Get(key);

    /// <summary>Rewrites one owned key in <c>.env</c> the way a user would (a text edit of that line).</summary>
    public void EditEnv(string key, string? value)
    {
        var lines = File.ReadAllText(EnvFile).Split('\n').ToList();
        var at = lines.FindIndex(l => l.StartsWith(key + "=", StringComparison.Ordinal));
        Assert.True(at >= 0, $"{key} is not in .env");
        if (value is null)
        {
            lines.RemoveAt(at);
        }
        else
        {
            lines[at] = $"{key}={value}";
        }
        File.WriteAllText(EnvFile, string.Join('\n', lines));
    }

    /// <summary>Every file under the world with its bytes and last write time.</summary>
    public Dictionary<string, (byte[] Bytes, DateTime Written)> Snapshot() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}.git{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => f, f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)));

    /// <summary>Runs git in <paramref name="directory"/> with a throw-away identity; fails the test when git fails.</summary>
    public static string Git(string directory, params string[] arguments)
    {
        var git = Processes.Run(
            "git",
            ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always", .. arguments],
            TimeSpan.FromMinutes(1),
            directory,
            new Dictionary<string, string?> { ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_CONFIG_GLOBAL"] = "/dev/null" });
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {git.StandardError}");
        var output = git.StandardOutput;
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
