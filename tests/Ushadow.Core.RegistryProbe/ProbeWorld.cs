using System.Diagnostics;
using System.Text.Json.Nodes;
using Ushadow.Core.Diagnostics;
using YamlDotNet.Serialization;

namespace Ushadow.Core.RegistryProbe;

/// <summary>
/// A throwaway machine for the harnesses: a state folder, launcher settings and environment roots, each file seeded
/// with content the package does not own (checked byte for byte in .env and the yaml files, as JSON in the others).
/// Child processes are this probe itself.
/// </summary>
internal sealed class ProbeWorld : IDisposable
{
    public const string ForeignEnv =
        "# my own settings, keep them\n" +
        "export API_TOKEN='abc def'\n" +
        "OPENAI_KEY=\"sk-\\\"quoted\\\"\"\n" +
        "EMPTY=\n";

    public const string ForeignSecrets =
        "# team secrets\n" +
        "api_keys:\n" +
        "  openai: \"sk-live-123\"   # rotate monthly\n" +
        "services:\n" +
        "  mail: {host: smtp.example.com, port: 587}\n";

    public const string ForeignSharedKey = "# kept by ops: do not remove\nrotation: yearly\n";

    public const string ForeignSettings = "{\n  \"launcher_theme\": \"dark\",\n  \"recent\": [\"gold\", \"blue\"]\n}\n";

    public const string ForeignRegistry =
        "{\n  \"version\": 2,\n  \"team_note\": {\"owner\": \"ops\", \"n\": 3},\n" +
        "  \"environments\": {\n    \"volumes/cache\": {\"kind\": \"volume\", \"path\": \"/srv/cache\", \"size_gb\": 5}\n  }\n}\n";

    public static readonly string[] OwnedEnvKeys =
        ["ENV_NAME", "COMPOSE_PROJECT_NAME", "DATABASE_MODE", "MONGODB_DATABASE", "REDIS_DATABASE", "PORT_OFFSET", "BACKEND_PORT", "WEBUI_PORT"];

    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    public ProbeWorld(string kind, bool keep)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"ushadow-{kind}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Keep = keep;
        Directory.CreateDirectory(Folder);
        State = Path.Combine(Folder, "state");
        Settings = Path.Combine(Folder, "launcher", "settings.json");
        Directory.CreateDirectory(State);
        Directory.CreateDirectory(Path.GetDirectoryName(Settings)!);
        File.WriteAllText(Settings, ForeignSettings);
        File.WriteAllText(Registry, ForeignRegistry);
        Directory.CreateDirectory(Path.GetDirectoryName(SharedKeyFile)!);
        File.WriteAllText(SharedKeyFile, ForeignSharedKey);
    }

    public string Folder { get; }
    public bool Keep { get; }
    public string State { get; }
    public string Settings { get; }
    public string Registry => Path.Combine(State, "environments.json");
    public string SharedKeyFile => Path.Combine(State, "shared", "ushadow.secrets.yaml");

    public static string ProbeDll => typeof(ProbeWorld).Assembly.Location;

    public string Root(string env) => Path.Combine(Folder, "roots", env);
    public string EnvFile(string env) => Path.Combine(Root(env), ".env");
    public string SecretsFile(string env) => Path.Combine(Root(env), "config", "SECRETS", "secrets.yaml");

    /// <summary>Makes a root with foreign .env and secrets.yaml content.</summary>
    public void AddRoot(string env)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SecretsFile(env))!);
        File.WriteAllText(EnvFile(env), ForeignEnv);
        File.WriteAllText(SecretsFile(env), ForeignSecrets);
    }

    /// <summary>Starts this probe with <paramref name="arguments"/>; <paramref name="stopAt"/> sets the crash point.</summary>
    public static Process Start(string? stopAt, params string[] arguments)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProbeDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("USHADOW_TEST_STOP_AT");
        if (stopAt is not null)
        {
            start.Environment["USHADOW_TEST_STOP_AT"] = stopAt;
        }
        return Process.Start(start)!;
    }

    /// <summary>Runs this probe to the end: exit code, standard output, standard error.</summary>
    public static (int Exit, string Out, string Error) Run(params string[] arguments)
    {
        using var process = Start(null, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill();
            return (-1, output.Result, "timed out after 120 s; " + error.Result);
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The longest lock wait a worker printed.</summary>
    public static double LockWait(string output) => Number(output, "lockwait-ms ");

    /// <summary>The largest number a worker printed after <paramref name="prefix"/>.</summary>
    public static double Number(string output, string prefix) =>
        output.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => double.Parse(l[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>Every temp file or write probe left anywhere in the world.</summary>
    public IReadOnlyList<string> LeftoverTemporaryFiles() =>
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".tmp", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith(".ushadow-write-probe", StringComparison.Ordinal))
            .ToList();

    /// <summary>Problems of the files as they are now (empty when all is well). <paramref name="complete"/>: also every owned value is there and agrees.</summary>
    public List<string> Check(IEnumerable<string> envs, bool complete)
    {
        var problems = new List<string>();
        var registered = new Dictionary<string, JsonObject>();

        // The registry: JSON, the core's own reader, the foreign top-level key and entry kind.
        if (Read(Registry, problems) is { } registryText)
        {
            try
            {
                var document = JsonNode.Parse(registryText)!.AsObject();
                if (!JsonNode.DeepEquals(document["team_note"], JsonNode.Parse("{\"owner\": \"ops\", \"n\": 3}")))
                {
                    problems.Add("registry: the foreign top-level key team_note changed or is gone");
                }
                if (!JsonNode.DeepEquals(document["environments"]?["volumes/cache"], JsonNode.Parse("{\"kind\": \"volume\", \"path\": \"/srv/cache\", \"size_gb\": 5}")))
                {
                    problems.Add("registry: the foreign entry kind volumes/cache changed or is gone");
                }
                foreach (var (key, value) in document["environments"]!.AsObject())
                {
                    if (value is JsonObject entry && entry["kind"] is null)
                    {
                        registered[key] = entry;
                    }
                }
                Ushadow.Core.Registry.EnvironmentRegistry.ReadSnapshot(State);
                var redis = registered.Values.Select(e => (int)e["redis_database"]!).ToList();
                var offsets = registered.Values.Where(e => e["port_offset"] is not null).Select(e => (int)e["port_offset"]!).ToList();
                if (redis.Distinct().Count() != redis.Count)
                {
                    problems.Add("registry: two environments hold one Redis number");
                }
                if (offsets.Distinct().Count() != offsets.Count)
                {
                    problems.Add("registry: two environments hold one port offset");
                }
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or UshadowException or InvalidOperationException or NullReferenceException)
            {
                problems.Add($"registry: does not parse ({e.Message})");
            }
        }
        else if (complete)
        {
            problems.Add("registry: missing");
        }

        // The launcher settings: JSON with the foreign keys.
        if (Read(Settings, problems) is { } settingsText)
        {
            try
            {
                var settings = JsonNode.Parse(settingsText)!.AsObject();
                if ((string?)settings["launcher_theme"] != "dark" || !JsonNode.DeepEquals(settings["recent"], JsonNode.Parse("[\"gold\", \"blue\"]")))
                {
                    problems.Add("settings.json: a foreign key changed or is gone");
                }
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
            {
                problems.Add($"settings.json: does not parse ({e.Message})");
            }
        }
        else
        {
            problems.Add("settings.json: missing (it was seeded)");
        }

        // The shared key file: YAML, the foreign lines byte for byte, the key once healed.
        string? sharedKey = null;
        if (Read(SharedKeyFile, problems) is { } sharedText)
        {
            ForeignLines("shared key file", ForeignSharedKey, sharedText, problems);
            sharedKey = YamlValue("shared key file", sharedText, problems, "security", "auth_secret_key");
        }
        else if (complete)
        {
            problems.Add("shared key file: missing");
        }
        if (complete && sharedKey is null)
        {
            problems.Add("shared key file: no security.auth_secret_key");
        }

        foreach (var env in envs)
        {
            if (Read(SecretsFile(env), problems) is { } secretsText)
            {
                ForeignLines($"{env}/secrets.yaml", ForeignSecrets, secretsText, problems);
                if (YamlValue($"{env}/secrets.yaml", secretsText, problems, "api_keys", "openai") is { } openai && openai != "sk-live-123")
                {
                    problems.Add($"{env}/secrets.yaml: api_keys.openai changed");
                }
                if (complete)
                {
                    var auth = YamlValue($"{env}/secrets.yaml", secretsText, problems, "security", "auth_secret_key");
                    if (auth is null || auth != sharedKey)
                    {
                        problems.Add($"{env}/secrets.yaml: security.auth_secret_key is missing or not the shared one");
                    }
                    if (string.IsNullOrEmpty(YamlValue($"{env}/secrets.yaml", secretsText, problems, "security", "session_secret")))
                    {
                        problems.Add($"{env}/secrets.yaml: security.session_secret is missing");
                    }
                }
            }
            else
            {
                problems.Add($"{env}/secrets.yaml: missing (it was seeded)");
            }

            if (Read(EnvFile(env), problems) is { } envText)
            {
                ForeignLines($"{env}/.env", ForeignEnv, envText, problems);
                if (complete)
                {
                    var values = envText.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
                    foreach (var key in OwnedEnvKeys.Where(k => !values.ContainsKey(k)))
                    {
                        problems.Add($"{env}/.env: owned key {key} is missing");
                    }
                    if (!registered.TryGetValue("ushadow/" + env, out var entry))
                    {
                        problems.Add($"registry: no entry for {env}");
                    }
                    else
                    {
                        if (values.GetValueOrDefault("REDIS_DATABASE") != entry["redis_database"]!.ToJsonString())
                        {
                            problems.Add($"{env}/.env: REDIS_DATABASE {values.GetValueOrDefault("REDIS_DATABASE")} is not the registry's {entry["redis_database"]}");
                        }
                        if (values.GetValueOrDefault("PORT_OFFSET") != entry["port_offset"]?.ToJsonString())
                        {
                            problems.Add($"{env}/.env: PORT_OFFSET {values.GetValueOrDefault("PORT_OFFSET")} is not the registry's {entry["port_offset"]}");
                        }
                    }
                }
            }
            else
            {
                problems.Add($"{env}/.env: missing (it was seeded)");
            }
        }
        return problems;
    }

    private static string? Read(string path, List<string> problems)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
            {
                problems.Add($"{path}: empty (a half-written file)");
            }
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every foreign line is still there, byte for byte, in its order.</summary>
    private static void ForeignLines(string what, string foreign, string text, List<string> problems)
    {
        var at = 0;
        foreach (var line in foreign.Split('\n').Where(l => l.Length > 0))
        {
            var found = text.IndexOf(line + "\n", at, StringComparison.Ordinal);
            if (found < 0)
            {
                problems.Add($"{what}: foreign line '{line}' was lost or changed");
                return;
            }
            at = found + line.Length + 1;
        }
    }

    private static string? YamlValue(string what, string text, List<string> problems, string section, string key)
    {
        try
        {
            var document = Yaml.Deserialize<Dictionary<object, object>?>(text);
            return document?.GetValueOrDefault(section) is Dictionary<object, object> map ? map.GetValueOrDefault(key) as string : null;
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            problems.Add($"{what}: YamlDotNet cannot parse it ({e.Message})");
            return null;
        }
    }

    public void Dispose()
    {
        if (!Keep)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
