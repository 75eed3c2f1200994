using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Ushadow.TaskHarness;

/// <summary>
/// <c>Ushadow.TaskHarness &lt;tasks folder&gt; &lt;work folder&gt; &lt;record folder&gt; [case...]</c>: runs each case in a fresh
/// world under the work folder and records, under the record folder, what the task wrote (.env, secrets.yaml, the
/// registry, shared keys, the incremental record, file modes) and logged. Random secrets and times are masked
/// (numbered, so equal values stay visibly equal); every other byte is kept. Exit 0 when every case ran (its build may
/// fail on purpose), 2 on a usage error, 1 when the harness itself failed.
/// </summary>
internal static class Program
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // What the package reads from the process: scrubbed before every case, so the user's own never leak in.
    private static readonly string[] PackageVariables =
    {
        "ENV_NAME", "DATABASE_MODE", "SHARED_DATABASE_NAME", "PORT_OFFSET", "USHADOW_LAUNCHER_SETTINGS", "USHADOW_STATE_DIR",
        "USHADOW_REGISTRY", "USHADOW_HOST", "XDG_CONFIG_HOME", "CI", "TF_BUILD", "GITHUB_ACTIONS", "REDIS_URL",
    };

    private static int Main(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: Ushadow.TaskHarness <tasks folder> <work folder> <record folder> [case...]");
            return 2;
        }
        var selected = args.Skip(3).ToHashSet(StringComparer.Ordinal);
        var unknown = selected.Where(name => Cases.All.All(c => c.Name != name)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"unknown case(s): {string.Join(", ", unknown)}; known: {string.Join(", ", Cases.All.Select(c => c.Name))}");
            return 2;
        }
        try
        {
            var task = new PackedTask(args[0]);
            Console.WriteLine($"task: {task.Location} on {RuntimeDescription()}");
            foreach (var @case in Cases.All.Where(c => selected.Count == 0 || selected.Contains(c.Name)))
            {
                Run(task, @case, Path.Combine(Path.GetFullPath(args[1]), @case.Name), Path.Combine(Path.GetFullPath(args[2]), @case.Name));
                Console.WriteLine($"ran {@case.Name}");
            }
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("harness failed: " + e);
            return 1;
        }
    }

    private static string RuntimeDescription() =>
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + (Type.GetType("Mono.Runtime") is null ? "" : " (Mono)");

    private static void Run(PackedTask task, Case @case, string root, string recordFolder)
    {
        var world = new World(root);
        var events = new List<string>();
        var outputs = new List<string>();
        for (var i = 0; i < @case.Steps.Length; i++)
        {
            var step = @case.Steps[i];
            step.Before?.Invoke(world);
            foreach (var name in PackageVariables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
            Environment.SetEnvironmentVariable("USHADOW_STATE_DIR", world.StateDirectory);
            Environment.SetEnvironmentVariable("USHADOW_LAUNCHER_SETTINGS", world.LauncherSettings);
            foreach (var variable in step.Variables ?? new())
            {
                Environment.SetEnvironmentVariable(variable.Key, variable.Value);
            }
            var parameters = new Dictionary<string, string>
            {
                ["ProjectDirectory"] = world.Project,
                ["WriteFiles"] = "true",
                ["ResolvedValuesFile"] = Path.Combine(world.Project, "obj", "ushadow", "resolved.txt"),
            };
            var engine = new BuildEngine(); // one build per step: registered task objects do not carry over
            var (succeeded, resolved) = task.Run(engine, parameters, step.Properties ?? new());
            events.AddRange(engine.Events.Select(e => $"step {i + 1}: {e}"));
            events.Add($"step {i + 1}: {(succeeded ? "succeeded" : "failed")}");
            outputs.Add($"step {i + 1}: {resolved}");
        }
        foreach (var name in PackageVariables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        Record(world, recordFolder, events, outputs);
    }

    private static void Record(World world, string folder, List<string> events, List<string> outputs)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        var masks = new Masks(world.Root);
        var files = new List<(string Name, string Path)>
        {
            ("env", world.EnvFile),
            ("secrets.yaml", world.SecretsFile),
            ("registry.json", world.RegistryFile),
            ("launcher-settings.json", world.LauncherSettings),
            ("resolved.txt", Path.Combine(world.Project, "obj", "ushadow", "resolved.txt")),
            ("resolved.log", Path.Combine(world.Project, "obj", "ushadow", "resolved.log")),
            ("resolved.inputs", Path.Combine(world.Project, "obj", "ushadow", "resolved.inputs")),
            ("resolved.outputs", Path.Combine(world.Project, "obj", "ushadow", "resolved.outputs")),
            ("git-info-exclude", Path.Combine(world.Repository, ".git", "info", "exclude")),
        };
        var shared = Path.Combine(world.StateDirectory, "shared");
        if (Directory.Exists(shared))
        {
            files.AddRange(Directory.GetFiles(shared).OrderBy(f => f, StringComparer.Ordinal).Select(f => ("shared-" + Path.GetFileName(f), f)));
        }
        var modes = new StringBuilder();
        foreach (var (name, path) in files)
        {
            if (File.Exists(path))
            {
                File.WriteAllBytes(Path.Combine(folder, name), Utf8.GetBytes(masks.Apply(Utf8.GetString(File.ReadAllBytes(path)))));
                modes.Append(name).Append(' ').Append(Mode(path)).Append('\n');
            }
        }
        // Files left behind by a write (temp files) would show here.
        foreach (var path in Directory.GetFiles(world.Root, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains(Path.DirectorySeparatorChar + ".git" + Path.DirectorySeparatorChar) || f.EndsWith("exclude", StringComparison.Ordinal))
                     .OrderBy(f => f, StringComparer.Ordinal))
        {
            modes.Append("exists ").Append(masks.Apply(path)).Append('\n');
        }
        // Folders the task made (the state folder is owner-only) and their modes.
        foreach (var path in Directory.GetDirectories(world.Root, "*", SearchOption.AllDirectories)
                     .Where(d => !d.Contains(Path.DirectorySeparatorChar + ".git"))
                     .OrderBy(d => d, StringComparer.Ordinal))
        {
            modes.Append("folder ").Append(masks.Apply(path)).Append(' ').Append(Mode(path)).Append('\n');
        }
        File.WriteAllBytes(Path.Combine(folder, "files.txt"), Utf8.GetBytes(modes.ToString()));
        File.WriteAllBytes(Path.Combine(folder, "log.txt"), Utf8.GetBytes(masks.Apply(string.Join("\n", events) + "\n")));
        File.WriteAllBytes(Path.Combine(folder, "outputs.txt"), Utf8.GetBytes(masks.Apply(string.Join("\n", outputs) + "\n")));
    }

    /// <summary>The file's permission bits (octal), from <c>stat</c>, the same program on both runtimes.</summary>
    private static string Mode(string path)
    {
        if (Path.DirectorySeparatorChar == '\\')
        {
            return "-";
        }
        var start = new ProcessStartInfo("stat", $"-c %a \"{path}\"") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var mode = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return mode;
    }

    /// <summary>Replaces what differs from run to run by design: random secrets and times, numbered in order of appearance.</summary>
    private sealed class Masks(string root)
    {
        private static readonly Regex Secret = new("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");
        private static readonly Regex Time = new(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?");
        private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);

        public string Apply(string text)
        {
            text = text.Replace(root, "<world>");
            text = Secret.Replace(text, m =>
            {
                if (!_secrets.TryGetValue(m.Value, out var name))
                {
                    _secrets[m.Value] = name = $"<secret{_secrets.Count + 1}>";
                }
                return name;
            });
            return Time.Replace(text, "<time>");
        }
    }
}
