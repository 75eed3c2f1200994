using System.Text;

namespace Ushadow.TaskHarness;

/// <summary>
/// One case's own machine: a repository folder (with <c>.git</c>) holding the project, a state folder and a launcher
/// settings file, reached through the variables the package reads (never the user's own).
/// </summary>
internal sealed class World
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public World(string root)
    {
        Root = root;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        Repository = Path.Combine(root, "repo");
        Directory.CreateDirectory(Path.Combine(Repository, ".git"));
        Directory.CreateDirectory(Project);
        Directory.CreateDirectory(Home);
    }

    public string Root { get; }
    public string Repository { get; private set; }
    public string Project => Path.Combine(Repository, "app");
    public string Home => Path.Combine(Root, "home");
    public string StateDirectory => Path.Combine(Root, "state");
    public string LauncherSettings => Path.Combine(Root, "launcher", "settings.json");
    public string EnvFile => Path.Combine(Repository, ".env");
    public string SecretsFile => Path.Combine(Repository, "config", "SECRETS", "secrets.yaml");
    public string RegistryFile => Path.Combine(StateDirectory, "environments.json");

    public void UseSecondWorktree()
    {
        Repository = Path.Combine(Root, "repo2");
        Directory.CreateDirectory(Path.Combine(Repository, ".git"));
        Directory.CreateDirectory(Project);
    }

    /// <summary>Moves to a real git repository, in a folder whose name holds a space (git is started with it as an argument).</summary>
    public void UseGitRepository()
    {
        Repository = Path.Combine(Root, "git repo");
        Directory.CreateDirectory(Project);
        var start = new System.Diagnostics.ProcessStartInfo("git", "init -q .") { WorkingDirectory = Repository, UseShellExecute = false };
        using var git = System.Diagnostics.Process.Start(start)!;
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git init failed in {Repository}.");
        }
    }

    public void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Utf8.GetBytes(text));
    }

    public void Launcher(string json) => Write(LauncherSettings, json);

    public void ReplaceInEnv(string from, string to)
    {
        var text = File.ReadAllText(EnvFile);
        if (!text.Contains(from))
        {
            throw new InvalidOperationException($"{EnvFile} holds no '{from}'.");
        }
        Write(EnvFile, text.Replace(from, to));
    }

    public void ReplaceLineInEnv(string prefix, string line)
    {
        var lines = File.ReadAllText(EnvFile).Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (index < 0)
        {
            throw new InvalidOperationException($"{EnvFile} has no line starting '{prefix}'.");
        }
        lines[index] = line;
        Write(EnvFile, string.Join("\n", lines));
    }

    /// <summary>What a newer package might have written: a top-level field and a field in every entry object.</summary>
    public void AddUnknownRegistryFields()
    {
        var text = File.ReadAllText(RegistryFile);
        var first = text.IndexOf('{');
        text = text.Substring(0, first + 1) + "\n  \"fromTheFuture\": {\"kept\": [1, 2, \"three\"]}," + text.Substring(first + 1);
        const string Root = "\"root\":";
        if (!text.Contains(Root))
        {
            throw new InvalidOperationException($"{RegistryFile} has no entry with a root.");
        }
        Write(RegistryFile, text.Replace(Root, "\"addedLater\": \"keep me\", " + Root));
    }
}
