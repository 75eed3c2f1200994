using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ushadow.TestSupport;
using Xunit.Abstractions;

namespace Ushadow.Build.Tests;

/// <summary>
/// The bad-input catalogue (issue 9): every variable, property, launcher key, hand edit, file kind and tool
/// argument that takes a value, given something bad. Each row must end in exit ≠ 0 with the expected USH code,
/// a message naming the culprit and what would be valid, no USH1000 and no file changed or created.
/// </summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.Template>
{
    private readonly Template _template;
    private readonly ITestOutputHelper _output;

    public BadInputTests(Template template, ITestOutputHelper output)
    {
        _template = template;
        _output = output;
    }

    /// <summary>One consumer, restored and built once (environment <c>gold</c>); every row starts from a copy of it.</summary>
    public sealed class Template : IDisposable
    {
        public Template()
        {
            World = new World(PackageFeed.Instance);
            App = World.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
            World.BuildOk(App);
        }

        public World World { get; }

        public string App { get; }

        public void Dispose() => World.Dispose();
    }

    /// <summary>A row's world: a copy of the template with the template's paths rewritten to its own.</summary>
    public sealed class Case : IDisposable
    {
        private readonly World _world;

        public Case(Template template)
        {
            _world = new World(PackageFeed.Instance);
            CopyTree(template.World.Root, _world.Root, template.World.Root, _world.Root);
            App = Path.Combine(Root, "app");
        }

        public string Root => _world.Root;

        public string App { get; }

        public string Home => _world.Home;

        public string EnvFile => Path.Combine(App, ".env");

        public string SecretsFile => Path.Combine(App, "config", "SECRETS", "secrets.yaml");

        public string LauncherDirectory => _world.LauncherDirectory;

        public string LauncherFile => Path.Combine(LauncherDirectory, "settings.json");

        public string RegistryFile => _world.RegistryFile;

        /// <summary>A path under the row's root for the row's own things.</summary>
        public string Spare(string name) => Path.Combine(Root, "spare", name);

        public ProcessResult Build(Dictionary<string, string?>? variables = null, params string[] arguments) =>
            _world.Dotnet(App, variables, ["build", "--no-restore", "-nodeReuse:false", "-v:n", .. arguments]);

        public ProcessResult Tool(params string[] arguments) => ToolWith(null, arguments);

        public ProcessResult ToolWith(Dictionary<string, string?>? variables, params string[] arguments) =>
            UshadowTool.Instance.Run(_world, "", arguments, variables);

        public void WriteLauncher(string json)
        {
            Directory.CreateDirectory(LauncherDirectory);
            File.WriteAllText(LauncherFile, json);
        }

        /// <summary>Replaces an owned line of <c>.env</c> with <paramref name="key"/>=<paramref name="value"/>, as a person would.</summary>
        public void HandEdit(string key, string value)
        {
            var lines = File.ReadAllLines(EnvFile).Select(l => l.StartsWith(key + "=", StringComparison.Ordinal) ? $"{key}={value}" : l);
            File.WriteAllText(EnvFile, string.Join("\n", lines) + "\n");
        }

        /// <summary>Replaces a file by a folder, a symbolic link, garbage or a huge file.</summary>
        public void MakeDirectory(string path)
        {
            Delete(path);
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "inside"), "a folder where a file should be");
        }

        public void MakeDanglingLink(string path)
        {
            Delete(path);
            File.CreateSymbolicLink(path, Spare("missing-target"));
        }

        public void MakeLinkToFolder(string path)
        {
            Delete(path);
            Directory.CreateDirectory(Spare("a-folder"));
            File.CreateSymbolicLink(path, Spare("a-folder"));
        }

        public static void MakeBinary(string path)
        {
            var bytes = new byte[4096];
            new Random(9).NextBytes(bytes);
            bytes[10] = 0;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        /// <summary>50 MB of lines a parser would accept, so only the size is wrong.</summary>
        public static void MakeHuge(string path, string line)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = File.Create(path);
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 1 + (1 << 16) / line.Length)));
            for (long written = 0; written < 50L << 20; written += chunk.Length)
            {
                stream.Write(chunk);
            }
        }

        private static void Delete(string path)
        {
            if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
            {
                Directory.Delete(path, recursive: true);
            }
            else if (Path.Exists(path) || new FileInfo(path).LinkTarget is not null)
            {
                File.Delete(path);
            }
        }

        /// <summary>Every file, folder and link under the root except build output: kind, mode, bytes and timestamp.</summary>
        public Dictionary<string, string> Snapshot()
        {
            var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
            void Walk(DirectoryInfo directory)
            {
                foreach (var entry in directory.EnumerateFileSystemInfos())
                {
                    var relative = Path.GetRelativePath(Root, entry.FullName);
                    if (relative is "app/bin" or "app/obj" or "dotnet-home")
                    {
                        continue;
                    }
                    if (entry.LinkTarget is { } target)
                    {
                        snapshot[relative] = "link → " + target;
                    }
                    else if (entry is DirectoryInfo sub)
                    {
                        snapshot[relative] = $"folder {sub.UnixFileMode}";
                        Walk(sub);
                    }
                    else
                    {
                        var file = (FileInfo)entry;
                        using var stream = file.OpenRead();
                        snapshot[relative] = $"file {file.UnixFileMode} {file.Length} {file.LastWriteTimeUtc:O} {Convert.ToHexString(SHA256.HashData(stream))}";
                    }
                }
            }
            Walk(new DirectoryInfo(Root));
            return snapshot;
        }

        public void Dispose() => _world.Dispose();

        /// <summary>Copies the template (of its build output only the restore's files), rewriting its root path in text files.</summary>
        private static void CopyTree(string from, string to, string templateRoot, string rowRoot)
        {
            Directory.CreateDirectory(to);
            foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
            {
                var target = Path.Combine(to, entry.Name);
                var relative = Path.GetRelativePath(templateRoot, entry.FullName);
                if (relative is "app/bin" || relative.StartsWith("app/obj/", StringComparison.Ordinal) && entry is DirectoryInfo)
                {
                    continue;
                }
                if (entry is DirectoryInfo directory)
                {
                    CopyTree(directory.FullName, target, templateRoot, rowRoot);
                    File.SetUnixFileMode(target, directory.UnixFileMode);
                    continue;
                }
                var bytes = File.ReadAllBytes(entry.FullName);
                var text = Encoding.UTF8.GetString(bytes);
                if (text.Contains(templateRoot, StringComparison.Ordinal))
                {
                    bytes = Encoding.UTF8.GetBytes(text.Replace(templateRoot, rowRoot, StringComparison.Ordinal));
                }
                File.WriteAllBytes(target, bytes);
                File.SetUnixFileMode(target, ((FileInfo)entry).UnixFileMode);
            }
        }
    }

    /// <summary>One row: what to spoil, what to run, the code expected and the words its message must hold.</summary>
    public sealed record Row(string Name, string Code, Action<Case> Arrange, Func<Case, ProcessResult> Act, params string[] Mentions)
    {
        public bool NeedsNonRoot { get; init; }

        public override string ToString() => Name;
    }

    private static Dictionary<string, string?> Variable(string name, string value) => new() { [name] = value };

    private static void Nothing(Case c)
    {
    }

    private static string NameRule => "^[a-z0-9][a-z0-9_-]{0,47}$";

    private static string DatabaseRule => "shorter than 64 bytes";

    private const string Launcher = "settings.json";

    /// <summary>The catalogue. Mentions: the culprit first, then what would be valid.</summary>
    public static IReadOnlyList<Row> Catalogue() =>
    [
        // Variables.
        new("ENV_NAME=feature/login", "USH1002", Nothing, c => c.Build(Variable("ENV_NAME", "feature/login")), "ENV_NAME", "'feature/login'", NameRule),
        new("DATABASE_MODE=sharded", "USH1001", Nothing, c => c.Build(Variable("DATABASE_MODE", "sharded")), "DATABASE_MODE", "'sharded'", "'shared' or 'isolated'"),
        new("SHARED_DATABASE_NAME=my.db", "USH1003", Nothing, c => c.Build(Variable("SHARED_DATABASE_NAME", "my.db")), "SHARED_DATABASE_NAME", "'my.db'", DatabaseRule),
        new("REDIS_ISOLATION=cluster", "USH1070", Nothing, c => c.Build(Variable("REDIS_ISOLATION", "cluster")), "REDIS_ISOLATION", "'cluster'", "'database' or 'prefix'"),
        new("PORT_OFFSET=-10", "USH1013", Nothing, c => c.Build(Variable("PORT_OFFSET", "-10")), "PORT_OFFSET", "'-10'", "whole number from 0"),
        new("PORT_OFFSET=forty", "USH1013", Nothing, c => c.Build(Variable("PORT_OFFSET", "forty")), "PORT_OFFSET", "'forty'", "whole number from 0"),
        new("USHADOW_LAUNCHER_SETTINGS is a folder", "USH1004", c => Directory.CreateDirectory(c.Spare("settings-folder")),
            c => c.Build(Variable("USHADOW_LAUNCHER_SETTINGS", c.Spare("settings-folder"))), "settings-folder", "USHADOW_LAUNCHER_SETTINGS", "must be a file"),
        new("USHADOW_STATE_DIR is a file", "USH1007", c => { Directory.CreateDirectory(c.Spare("")); File.WriteAllText(c.Spare("state-file"), "x"); },
            c => c.Build(Variable("USHADOW_STATE_DIR", c.Spare("state-file"))), "state-file", "USHADOW_STATE_DIR", "a folder"),

        // MSBuild properties.
        new("UshadowAppName=My/App", "USH1015", Nothing, c => c.Build(null, "-p:UshadowAppName=My/App"), "UshadowAppName", "'My/App'", NameRule),
        new("UshadowEnvName=feature/login", "USH1002", Nothing, c => c.Build(null, "-p:UshadowEnvName=feature/login"), "UshadowEnvName", "'feature/login'", NameRule),
        new("UshadowDatabaseMode=foo", "USH1001", Nothing, c => c.Build(null, "-p:UshadowDatabaseMode=foo"), "UshadowDatabaseMode", "'foo'", "'shared' or 'isolated'"),
        new("UshadowSharedDatabaseName of 64 bytes", "USH1003", Nothing, c => c.Build(null, "-p:UshadowSharedDatabaseName=" + new string('d', 64)), "UshadowSharedDatabaseName", "64 bytes", DatabaseRule),
        new("UshadowRedisIsolation=keys", "USH1070", Nothing, c => c.Build(null, "-p:UshadowRedisIsolation=keys"), "UshadowRedisIsolation", "'keys'", "'database' or 'prefix'"),
        new("UshadowRedisDatabaseCount=0", "USH1014", Nothing, c => c.Build(null, "-p:UshadowRedisDatabaseCount=0"), "UshadowRedisDatabaseCount", "'0'", "from 1 to 65536"),
        new("UshadowRedisDatabaseCount=many", "USH1014", Nothing, c => c.Build(null, "-p:UshadowRedisDatabaseCount=many"), "UshadowRedisDatabaseCount", "'many'", "from 1 to 65536"),
        new("UshadowSchemaVersion=-3", "USH1060", Nothing, c => c.Build(null, "-p:UshadowSchemaVersion=-3"), "UshadowSchemaVersion", "'-3'", "from 0 to 9223372036854775807"),
        new("UshadowPortOffset=70000", "USH1013", Nothing, c => c.Build(null, "-p:UshadowPortOffset=70000"), "UshadowPortOffset", "'70000'", "whole number from 0 to"),
        new("UshadowPorts=backend=80", "USH1018", Nothing, c => c.Build(null, "-p:UshadowPorts=backend=80"), "UshadowPorts", "'backend=80'", "ending in _PORT"),
        new("UshadowPorts=BACKEND_PORT=0", "USH1018", Nothing, c => c.Build(null, "-p:UshadowPorts=BACKEND_PORT=0"), "UshadowPorts", "'BACKEND_PORT=0'", "a port from 1 to 65535"),
        new("UshadowEnvironmentRoot is a file", "USH1007", c => { Directory.CreateDirectory(c.Spare("")); File.WriteAllText(c.Spare("root-file"), "x"); },
            c => c.Build(null, "-p:UshadowEnvironmentRoot=" + c.Spare("root-file")), "root-file", "a folder"),
        new("UshadowEnvFile is a folder", "USH1007", c => Directory.CreateDirectory(c.Spare("env-folder")),
            c => c.Build(null, "-p:UshadowEnvFile=" + c.Spare("env-folder")), "env-folder", "a file"),
        new("UshadowSecretsFile is a folder", "USH1007", c => Directory.CreateDirectory(c.Spare("secrets-folder")),
            c => c.Build(null, "-p:UshadowSecretsFile=" + c.Spare("secrets-folder")), "secrets-folder", "a file"),
        new("UshadowLauncherSettingsFile is a folder", "USH1004", c => Directory.CreateDirectory(c.Spare("launcher-folder")),
            c => c.Build(null, "-p:UshadowLauncherSettingsFile=" + c.Spare("launcher-folder")), "launcher-folder", "must be a file"),
        new("UshadowStateDirectory is a file", "USH1007", c => { Directory.CreateDirectory(c.Spare("")); File.WriteAllText(c.Spare("state-file"), "x"); },
            c => c.Build(null, "-p:UshadowStateDirectory=" + c.Spare("state-file")), "state-file", "a folder"),

        // Launcher settings keys.
        new("launcher database_mode=sharded", "USH1001", c => c.WriteLauncher("""{"database_mode": "sharded"}"""), c => c.Build(), Launcher, "database_mode", "'shared' or 'isolated'"),
        new("launcher database_mode is a number", "USH1004", c => c.WriteLauncher("""{"database_mode": 5}"""), c => c.Build(), Launcher, "database_mode", "must be a string"),
        new("launcher shared_database_name=a/b", "USH1003", c => c.WriteLauncher("""{"shared_database_name": "a/b"}"""), c => c.Build(), Launcher, "shared_database_name", DatabaseRule),
        new("launcher shared_database_name is true", "USH1004", c => c.WriteLauncher("""{"shared_database_name": true}"""), c => c.Build(), Launcher, "shared_database_name", "must be a string"),
        new("launcher environments.gold.database_mode=both", "USH1001", c => c.WriteLauncher("""{"environments": {"gold": {"database_mode": "both"}}}"""), c => c.Build(), Launcher, "environments.gold.database_mode", "'shared' or 'isolated'"),
        new("launcher environments.gold.shared_database_name=a.b", "USH1003", c => c.WriteLauncher("""{"environments": {"gold": {"shared_database_name": "a.b"}}}"""), c => c.Build(), Launcher, "environments.gold.shared_database_name", DatabaseRule),
        new("launcher redis_isolation=numbers", "USH1070", c => c.WriteLauncher("""{"redis_isolation": "numbers"}"""), c => c.Build(), Launcher, "redis_isolation", "'database' or 'prefix'"),
        new("launcher environments.gold.redis_isolation=both", "USH1070", c => c.WriteLauncher("""{"environments": {"gold": {"redis_isolation": "both"}}}"""), c => c.Build(), Launcher, "environments.gold.redis_isolation", "'database' or 'prefix'"),
        new("launcher environments.gold.port_offset=-5", "USH1013", c => c.WriteLauncher("""{"environments": {"gold": {"port_offset": -5}}}"""), c => c.Build(), Launcher, "environments.gold.port_offset", "whole number from 0"),
        new("launcher environments.gold.port_offset is a list", "USH1004", c => c.WriteLauncher("""{"environments": {"gold": {"port_offset": [40]}}}"""), c => c.Build(), Launcher, "environments.gold.port_offset", "must be a number"),
        new("launcher environments is a list", "USH1004", c => c.WriteLauncher("""{"environments": ["gold"]}"""), c => c.Build(), Launcher, "'environments'", "must be an object"),
        new("launcher environments.gold is a string", "USH1004", c => c.WriteLauncher("""{"environments": {"gold": "isolated"}}"""), c => c.Build(), Launcher, "environments.gold", "must be an object"),

        // Hand edits of every owned .env key.
        new(".env ENV_NAME=Feature/Login", "USH1002", c => c.HandEdit("ENV_NAME", "Feature/Login"), c => c.Build(), ".env (ENV_NAME)", "'Feature/Login'", NameRule),
        new(".env COMPOSE_PROJECT_NAME=My.Project", "USH1021", c => c.HandEdit("COMPOSE_PROJECT_NAME", "My.Project"), c => c.Build(), ".env", "COMPOSE_PROJECT_NAME", "'My.Project'", "^[a-z0-9][a-z0-9_-]*$"),
        new(".env COMPOSE_PROJECT_NAME=-gold", "USH1021", c => c.HandEdit("COMPOSE_PROJECT_NAME", "-gold"), c => c.Build(), ".env", "COMPOSE_PROJECT_NAME", "'-gold'", "starting with a lower-case letter or digit"),
        new(".env DATABASE_MODE=both", "USH1001", c => c.HandEdit("DATABASE_MODE", "both"), c => c.Build(), ".env (DATABASE_MODE)", "'both'", "'shared' or 'isolated'"),
        new(".env MONGODB_DATABASE=a.b", "USH1003", c => c.HandEdit("MONGODB_DATABASE", "a.b"), c => c.Build(), ".env (MONGODB_DATABASE)", "'a.b'", DatabaseRule),
        new(".env REDIS_DATABASE=99", "USH1012", c => c.HandEdit("REDIS_DATABASE", "99"), c => c.Build(), ".env", "REDIS_DATABASE '99'", "from 0 to 15"),
        new(".env REDIS_DATABASE of another environment", "USH1010", c => { var n = RegisterBlue(c); c.HandEdit("REDIS_DATABASE", n); }, c => c.Build(), ".env", "'blue'", "Delete the line"),
        new(".env REDIS_ISOLATION=keys", "USH1070", c => File.AppendAllText(c.EnvFile, "REDIS_ISOLATION=keys\n"), c => c.Build(), ".env (REDIS_ISOLATION)", "'keys'", "'database' or 'prefix'"),
        new(".env PORT_OFFSET=-1", "USH1013", c => c.HandEdit("PORT_OFFSET", "-1"), c => c.Build(), ".env (PORT_OFFSET)", "'-1'", "whole number from 0"),
        new(".env BACKEND_PORT=70000", "USH1018", c => c.HandEdit("BACKEND_PORT", "70000"), c => c.Build(), ".env", "BACKEND_PORT '70000'", "a port from 1 to 65535"),
        new(".env WEBUI_PORT=web", "USH1018", c => c.HandEdit("WEBUI_PORT", "web"), c => c.Build(), ".env", "WEBUI_PORT 'web'", "a port from 1 to 65535"),

        // .env as every wrong kind of file.
        new(".env is a folder", "USH1007", c => c.MakeDirectory(c.EnvFile), c => c.Build(), ".env", "a file"),
        new(".env is a dangling symbolic link", "USH1007", c => c.MakeDanglingLink(c.EnvFile), c => c.Build(), ".env", "missing-target", "symbolic link"),
        new(".env is a symbolic link to a folder", "USH1007", c => c.MakeLinkToFolder(c.EnvFile), c => c.Build(), ".env", "a-folder", "a file"),
        new(".env is binary", "USH1022", c => Case.MakeBinary(c.EnvFile), c => c.Build(), ".env", "text"),
        new(".env is 50 MB", "USH1022", c => Case.MakeHuge(c.EnvFile, "FOREIGN_KEY=some value of a foreign tool\n"), c => c.Build(), ".env", "MB"),
        new(".env folder is read-only", "USH1007", c => File.SetUnixFileMode(c.App, UnixFileMode.UserRead | UnixFileMode.UserExecute),
            c => c.Build(Variable("DATABASE_MODE", "isolated")), ".env", "not writable") { NeedsNonRoot = true },

        // secrets.yaml as every wrong kind of file.
        new("secrets.yaml is a folder", "USH1007", c => c.MakeDirectory(c.SecretsFile), c => c.Build(), "secrets.yaml", "a file"),
        new("secrets.yaml is a dangling symbolic link", "USH1007", c => c.MakeDanglingLink(c.SecretsFile), c => c.Build(), "secrets.yaml", "missing-target", "symbolic link"),
        new("secrets.yaml is a symbolic link to a folder", "USH1007", c => c.MakeLinkToFolder(c.SecretsFile), c => c.Build(), "secrets.yaml", "a-folder", "a file"),
        new("secrets.yaml is binary", "USH1006", c => Case.MakeBinary(c.SecretsFile), c => c.Build(), "secrets.yaml", "text"),
        new("secrets.yaml is 50 MB", "USH1006", c => Case.MakeHuge(c.SecretsFile, "# a comment line of a very long file\n"), c => c.Build(), "secrets.yaml", "MB"),
        new("secrets.yaml is read-only in a read-only folder", "USH1007", c => { File.Delete(c.SecretsFile); File.SetUnixFileMode(Path.GetDirectoryName(c.SecretsFile)!, UnixFileMode.UserRead | UnixFileMode.UserExecute); },
            c => c.Build(), "SECRETS", "not writable") { NeedsNonRoot = true },

        // Launcher settings as every wrong kind of file.
        new("settings.json is a folder", "USH1004", c => c.MakeDirectory(c.LauncherFile), c => c.Build(), Launcher, "must be a file"),
        new("settings.json is a symbolic link to a folder", "USH1004", c => c.MakeLinkToFolder(c.LauncherFile), c => c.Build(), Launcher, "must be a file"),
        new("settings.json is empty", "USH1004", c => c.WriteLauncher(""), c => c.Build(), Launcher, "not valid JSON"),
        new("settings.json is binary", "USH1004", c => Case.MakeBinary(c.LauncherFile), c => c.Build(), Launcher, "text"),
        new("settings.json is 50 MB", "USH1004", c => Case.MakeHuge(c.LauncherFile, "                                        \n"), c => c.Build(), Launcher, "MB"),

        // The registry as every wrong kind of file.
        new("environments.json is a folder", "USH1005", c => c.MakeDirectory(c.RegistryFile), c => c.Build(), "environments.json", "a file"),
        new("environments.json is a symbolic link to a folder", "USH1005", c => c.MakeLinkToFolder(c.RegistryFile), c => c.Build(), "environments.json", "a file"),
        new("environments.json is a dangling symbolic link", "USH1005", c => c.MakeDanglingLink(c.RegistryFile), c => c.Build(), "environments.json", "missing-target", "symbolic link"),
        new("environments.json is empty", "USH1005", c => File.WriteAllText(c.RegistryFile, ""), c => c.Build(), "environments.json", "fix or delete the file"),
        new("environments.json is binary", "USH1005", c => Case.MakeBinary(c.RegistryFile), c => c.Build(), "environments.json", "text"),
        new("environments.json is 50 MB", "USH1005", c => Case.MakeHuge(c.RegistryFile, "                                        \n"), c => c.Build(), "environments.json", "MB"),

        // Arguments of the ushadow tool.
        new("settings set database_mode foo", "USH1001", Nothing, c => c.Tool("settings", "set", "database_mode", "foo", "--yes"), "database_mode", "'foo'", "'shared' or 'isolated'"),
        new("settings set shared_database_name a/b", "USH1003", Nothing, c => c.Tool("settings", "set", "shared_database_name", "a/b", "--yes"), "shared_database_name", "'a/b'", DatabaseRule),
        new("settings set default_admin_email x", "USH1016", Nothing, c => c.Tool("settings", "set", "default_admin_email", "x"), "default_admin_email", "'@'"),
        new("settings set --env Bad/Name", "USH1002", Nothing, c => c.Tool("settings", "set", "database_mode", "isolated", "--env", "Bad/Name", "--yes"), "'Bad/Name'", NameRule),
        new("settings set into a binary settings.json", "USH1004", c => Case.MakeBinary(c.LauncherFile), c => c.Tool("settings", "set", "database_mode", "isolated", "--yes"), Launcher, "text"),
        new("env create Bad/Name", "USH1002", Nothing, c => c.Tool("env", "create", "Bad/Name"), "'Bad/Name'", NameRule),
        new("env remove of an unknown name", "USH1036", Nothing, c => c.Tool("env", "remove", "nosuch", "--yes"), "'nosuch'", "ushadow env list"),
        new("env list of a binary registry", "USH1005", c => Case.MakeBinary(c.RegistryFile), c => c.Tool("env", "list"), "environments.json", "text"),
        new("doctor --redis notaurl", "USH1040", Nothing, c => c.Tool("doctor", "--redis", "http://notaurl"), "http://notaurl", "redis://"),
        new("explain -p:UshadowDatabaseMode=foo", "USH1001", Nothing, c => c.Tool("explain", "--project", c.App, "-p:UshadowDatabaseMode=foo"), "UshadowDatabaseMode", "'foo'", "'shared' or 'isolated'"),
        new("explain with ENV_NAME=feature/login", "USH1002", Nothing, c => c.ToolWith(Variable("ENV_NAME", "feature/login"), "explain", "--project", c.App), "ENV_NAME", NameRule),
        new("explain --project of a malformed project", "USH1017", c => { Directory.CreateDirectory(c.Spare("")); File.WriteAllText(c.Spare("broken.csproj"), "<Project"); },
            c => c.Tool("explain", "--project", c.Spare("broken.csproj")), "broken.csproj"),
    ];

    /// <summary>Registers an environment <c>blue</c> of another existing root and returns its Redis number.</summary>
    private static string RegisterBlue(Case c)
    {
        var registry = JsonNode.Parse(File.ReadAllText(c.RegistryFile))!.AsObject();
        var environments = registry["environments"]!.AsObject();
        var gold = environments.First().Value!.AsObject();
        var blue = gold.DeepClone().AsObject();
        var number = (gold["redis_database"]!.GetValue<int>() + 1) % 16;
        blue["name"] = "blue";
        blue["root"] = c.Spare("blue");
        blue["redis_database"] = number;
        blue["port_offset"] = (gold["port_offset"]!.GetValue<int>() + 10) % 500;
        environments[environments.First().Key.Replace("gold", "blue", StringComparison.Ordinal)] = blue;
        Directory.CreateDirectory(c.Spare("blue"));
        File.WriteAllText(c.RegistryFile, registry.ToJsonString());
        return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Every_bad_input_of_the_catalogue_is_refused_with_its_code_naming_the_culprit_and_changes_no_file()
    {
        var rows = Catalogue();
        Assert.True(rows.Count >= 40, $"the catalogue holds {rows.Count} rows");
        Assert.Equal(rows.Count, rows.Select(r => r.Name).Distinct().Count());
        _ = UshadowTool.Instance; // installed before the rows race for it
        var isRoot = Environment.UserName == "root";
        var failures = new ConcurrentBag<string>();
        var skipped = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(rows, new ParallelOptions { MaxDegreeOfParallelism = 2 }, row =>
        {
            if (row.NeedsNonRoot && isRoot)
            {
                // root writes through any permission bit; the row is kept for every other user.
                skipped.Add(row.Name);
                return;
            }
            var rowClock = Stopwatch.StartNew();
            using var c = new Case(_template);
            try
            {
                row.Arrange(c);
                var before = c.Snapshot();
                var result = row.Act(c);
                var after = c.Snapshot();
                var problems = Judge(row, result, before, after);
                if (problems.Count > 0)
                {
                    failures.Add($"[{row.Name}] {string.Join("; ", problems)}\n--- output ---\n{Excerpt(result.Output)}");
                }
            }
#pragma warning disable CA1031 // every row is reported, whatever it throws
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"[{row.Name}] the test threw {e}");
            }
            _output.WriteLine($"{row.Name}: {rowClock.Elapsed.TotalSeconds:F1} s");
        });
        _output.WriteLine($"{rows.Count} rows ({skipped.Count} skipped as root: {string.Join(", ", skipped)}) in {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {rows.Count} rows failed:\n\n" + string.Join("\n\n", failures.OrderBy(f => f, StringComparer.Ordinal)));
    }

    private static List<string> Judge(Row row, ProcessResult result, Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var problems = new List<string>();
        if (result.ExitCode == 0)
        {
            problems.Add("exit code 0");
        }
        if (result.Output.Contains("USH1000", StringComparison.Ordinal))
        {
            problems.Add("USH1000");
        }
        if (result.Output.Contains("MSB4018", StringComparison.Ordinal))
        {
            problems.Add("MSB4018");
        }
        var line = result.Output.Split('\n').FirstOrDefault(l => l.Contains("error " + row.Code, StringComparison.Ordinal));
        if (line is null)
        {
            problems.Add($"no 'error {row.Code}'");
        }
        else
        {
            problems.AddRange(row.Mentions.Where(m => !line.Contains(m, StringComparison.Ordinal)).Select(m => $"the {row.Code} message does not say \"{m}\""));
        }
        foreach (var (path, was) in before)
        {
            if (!after.TryGetValue(path, out var now))
            {
                problems.Add($"{path} was deleted");
            }
            else if (now != was)
            {
                problems.Add($"{path} changed: {was} → {now}");
            }
        }
        problems.AddRange(after.Keys.Except(before.Keys).Select(path => $"{path} was created"));
        return problems;
    }

    private static string Excerpt(string output)
    {
        var lines = output.Split('\n').Where(l => l.Contains("USH", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(8).ToList();
        return lines.Count > 0 ? string.Join('\n', lines) : output[Math.Max(0, output.Length - 2000)..];
    }
}
