using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>
/// The sample AppHost (samples/SampleAppHost, on the packed Ushadow.Build and Ushadow.Aspire.Hosting) in two worktrees of
/// one repository, <c>gold</c> and <c>blue</c>, made by <c>ushadow env create</c>: its model checked by the sample's own
/// tests (Aspire.Hosting.Testing, nothing started), and both AppHosts run at once (DCP, no Docker) against one local
/// <c>redis-server</c>. The registry lives in a second, password-protected server; the launcher sets an admin password.
/// </summary>
public sealed class AspireAppHostTests : IClassFixture<AspireAppHostTests.Worktrees>
{
    private readonly Worktrees _worktrees;

    public AspireAppHostTests(Worktrees worktrees) => _worktrees = worktrees;

    [Fact]
    public void Each_worktrees_AppHost_model_gives_the_backend_what_its_build_wrote_to_env()
    {
        foreach (var worktree in _worktrees.All)
        {
            // samples/SampleAppHost.Tests: the backend's variables, its Redis connection string and its endpoint equal .env.
            var test = _worktrees.World.Dotnet(worktree, null, "test", "SampleAppHost.Tests", "--no-build", "-nodeReuse:false");
            Assert.True(test.ExitCode == 0, $"the sample AppHost's model test failed in {worktree}:\n{test.Output}");
            Assert.Contains("Passed!  - Failed:     0, Passed:     1", test.Output, StringComparison.Ordinal);
        }

        var gold = World.ReadEnv(_worktrees.Gold);
        var blue = World.ReadEnv(_worktrees.Blue);
        Assert.Equal(("gold", "blue"), (gold["ENV_NAME"], blue["ENV_NAME"]));
        foreach (var key in (string[])["REDIS_DATABASE", "PORT_OFFSET", "BACKEND_PORT", "WEBUI_PORT"])
        {
            Assert.NotEqual(gold[key], blue[key]);
        }
        // Shared mode: one MongoDB database for both.
        Assert.Equal(("shared", "ushadow"), (gold["DATABASE_MODE"], gold["MONGODB_DATABASE"]));
        Assert.Equal(("shared", "ushadow"), (blue["DATABASE_MODE"], blue["MONGODB_DATABASE"]));

        // The AppHost and the backend of one worktree are one environment: two in the registry, not four.
        var listed = _worktrees.Tool("env", "list", "--json");
        Assert.True(listed.ExitCode == 0, listed.Output);
        var names = JsonNode.Parse(listed.Output)!.AsArray().Select(e => e!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["blue", "gold"], names);
    }

    [Fact]
    public async Task Two_worktrees_AppHosts_run_at_once_each_backend_in_its_own_Redis_database_on_its_own_port()
    {
        await using var gold = AppHostRun.Start(_worktrees, _worktrees.Gold);
        await using var blue = AppHostRun.Start(_worktrees, _worktrees.Blue);
        var runs = new[] { gold, blue };

        foreach (var run in runs)
        {
            // The backend on its pinned port (BACKEND_PORT) says who it is and what it wrote into its Redis database.
            var served = await run.WaitForBackendAsync();
            Assert.Equal(run.Env["ENV_NAME"], served["environment"]!.GetValue<string>());
            Assert.Equal(int.Parse(run.Env["REDIS_DATABASE"], CultureInfo.InvariantCulture), served["redisDatabase"]!.GetValue<int>());
            Assert.Equal("ushadow", served["mongoDatabase"]!.GetValue<string>());
            Assert.Equal(run.Env["ENV_NAME"], served["owner"]!.GetValue<string>());
        }
        using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_worktrees.TeamRedis.Port}"))
        {
            foreach (var run in runs)
            {
                var database = redis.GetDatabase(int.Parse(run.Env["REDIS_DATABASE"], CultureInfo.InvariantCulture));
                Assert.Equal(run.Env["ENV_NAME"], (string?)await database.StringGetAsync("demo:owner"));
            }
        }

        foreach (var run in runs)
        {
            // What the dashboard lists (the AppHost's resource service, read by the aspire CLI): the environment resource
            // with each value and its source, and the backend's URL on BACKEND_PORT.
            var resources = await run.DescribeAsync();
            var ushadow = resources.Single(r => r!["name"]!.GetValue<string>() == "ushadow")!;
            Assert.Equal("Ushadow", ushadow["resourceType"]!.GetValue<string>());
            var properties = ushadow["properties"]!.AsObject();
            foreach (var key in (string[])["ENV_NAME", "DATABASE_MODE", "MONGODB_DATABASE", "REDIS_DATABASE", "PORT_OFFSET", "BACKEND_PORT"])
            {
                Assert.Equal(run.Env[key], properties["ushadow." + key]!.GetValue<string>());
                Assert.False(string.IsNullOrEmpty(properties[$"ushadow.{key}.source"]?.GetValue<string>()), key + " has no source");
            }
            var backend = resources.Single(r => r!["displayName"]!.GetValue<string>() == "backend")!;
            Assert.Contains(backend["urls"]!.AsArray(), u => u!["url"]!.GetValue<string>() == $"http://localhost:{run.Env["BACKEND_PORT"]}");
            Assert.Equal(HttpStatusCode.OK, (await run.Http.GetAsync(run.DashboardUrl)).StatusCode);

            // No secret anywhere the AppHost shows or writes: the listing, its log, the generated file.
            var generated = Directory.EnumerateFiles(Path.Combine(run.Worktree, "SampleAppHost", "obj"), "UshadowSettings.g.cs", SearchOption.AllDirectories).Single();
            foreach (var text in new[] { resources.ToJsonString(), run.Output, File.ReadAllText(generated) })
            {
                Assert.DoesNotContain(Worktrees.AdminPassword, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Worktrees.RegistryPassword, text, StringComparison.Ordinal);
            }
        }
        // The secrets exist, so their absence above means something.
        Assert.Contains(Worktrees.AdminPassword, File.ReadAllText(Path.Combine(_worktrees.Gold, "config", "SECRETS", "secrets.yaml")), StringComparison.Ordinal);
    }

    /// <summary>One AppHost running from a worktree's build, its dashboard on free ports, until disposed (SIGTERM).</summary>
    private sealed class AppHostRun : IAsyncDisposable
    {
        private readonly RunningProcess _process;
        private readonly Worktrees _worktrees;

        private AppHostRun(Worktrees worktrees, string worktree)
        {
            _worktrees = worktrees;
            Worktree = worktree;
            Env = World.ReadEnv(worktree);
            DashboardUrl = $"http://localhost:{Loopback.FreePort()}";
            var environment = UshadowTool.EnvironmentFor(worktrees.World);
            // What a launch profile gives an AppHost; free ports here, so two never collide.
            environment["ASPNETCORE_URLS"] = DashboardUrl;
            environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{Loopback.FreePort()}";
            environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{Loopback.FreePort()}";
            environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
            environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
            environment["DOTNET_ENVIRONMENT"] = "Development";
            environment["ConnectionStrings__redis-server"] = $"127.0.0.1:{worktrees.TeamRedis.Port}";
            // No MongoDB server here: the driver connects lazily, and the backend only names its database.
            environment["ConnectionStrings__mongodb"] = "mongodb://127.0.0.1:1";
            _process = Processes.Start("dotnet", [Path.Combine("bin", "Debug", "net10.0", "SampleAppHost.dll")], Path.Combine(worktree, "SampleAppHost"), environment);
        }

        public static AppHostRun Start(Worktrees worktrees, string worktree) => new(worktrees, worktree);

        public string Worktree { get; }

        public Dictionary<string, string> Env { get; }

        public string DashboardUrl { get; }

        public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

        public string Output => _process.Output;

        /// <summary>
        /// The backend's answer at <c>/</c> on <c>BACKEND_PORT</c>, once it serves (two minutes at most). A refused
        /// connection and a request that times out (the port accepts before the backend answers) alike mean "not yet".
        /// </summary>
        public Task<JsonObject> WaitForBackendAsync()
        {
            var url = $"http://localhost:{Env["BACKEND_PORT"]}/";
            return Ready.WaitAsync(
                async cancel => JsonNode.Parse(await Http.GetStringAsync(url, cancel))!.AsObject(),
                TimeSpan.FromMinutes(2),
                $"the backend of the AppHost in {Worktree} at {url}",
                failFast: () => Assert.False(_process.HasExited, $"the AppHost in {Worktree} exited:\n{Output}"));
        }

        /// <summary><c>aspire describe --format json</c> of this AppHost: the resources its dashboard lists.</summary>
        public async Task<JsonArray> DescribeAsync()
        {
            var environment = UshadowTool.EnvironmentFor(_worktrees.World);
            environment["ASPIRE_CLI_TELEMETRY_OPTOUT"] = "1";
            var result = await Task.Run(() => Scrubbed.Run(AspireCli.Instance.Executable, Worktree,
                ["describe", "--apphost", Path.Combine(Worktree, "SampleAppHost", "SampleAppHost.csproj"), "--format", "json", "--nologo", "--non-interactive"],
                environment, TimeSpan.FromMinutes(1)));
            Assert.True(result.ExitCode == 0, $"aspire describe failed:\n{result.Output}");
            return JsonNode.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..])!["resources"]!.AsArray();
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            if (!_process.HasExited)
            {
                // Ctrl+C's way out: the AppHost stops its resources and DCP.
                Scrubbed.Run("kill", Worktree, ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], Scrubbed.Environment(), TimeSpan.FromSeconds(10));
                if (!await _process.WaitForExitAsync(TimeSpan.FromSeconds(60)))
                {
                    _process.Kill();
                }
            }
            _process.Dispose();
        }
    }

    /// <summary>The <c>aspire</c> CLI, installed once per run into a tool path of its own (Aspire.Cli 13.6.5, the feed's).</summary>
    private sealed class AspireCli
    {
        private static readonly Lazy<AspireCli> Shared = new(() => new AspireCli());

        public static AspireCli Instance => Shared.Value;

        private AspireCli()
        {
            var folder = Path.Combine(Path.GetTempPath(), "ushadow-aspire-cli-" + Guid.NewGuid().ToString("N")[..8]);
            var environment = Scrubbed.Environment();
            environment["DOTNET_CLI_HOME"] = Path.Combine(folder, "dotnet-home");
            var result = Scrubbed.Run("dotnet", Path.GetTempPath(),
                ["tool", "install", "Aspire.Cli", "--version", "13.6.5", "--tool-path", Path.Combine(folder, "tools")], environment, TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet tool install Aspire.Cli failed:\n" + result.Output);
            }
            Executable = Path.Combine(folder, "tools", "aspire");
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            };
        }

        public string Executable { get; }
    }

    /// <summary>Two worktrees of a repository holding the samples, each built, with the registry in a password-protected server.</summary>
    public sealed class Worktrees : IDisposable
    {
        public const string AdminPassword = "Adm1n-pass-never-shown";
        public const string RegistryPassword = "Reg1stry-pass-never-shown";

        private readonly UshadowTool _tool = UshadowTool.Instance;

        public Worktrees()
        {
            TeamRedis = new RedisServer();
            Registry = RedisServer.Start(new() { Password = RegistryPassword });
            World.Environment["USHADOW_REGISTRY"] = Registry.Url;
            // The samples keep their registry next to them when built on their own; here it is the world's.
            World.Environment["USHADOW_STATE_DIR"] = World.LauncherDirectory;
            World.WriteLauncherSettings(new JsonObject { ["default_admin_email"] = "admin@example.com", ["default_admin_password"] = AdminPassword });

            var repository = Path.Combine(World.Root, "app");
            CopySamples(repository);
            World.GitOk(repository, "init", "-q", "-b", "main");
            World.GitOk(repository, "add", "-A");
            World.GitOk(repository, "commit", "-q", "-m", "samples");
            foreach (var name in (string[])["gold", "blue"])
            {
                var created = Tool("env", "create", name, "--project", "SampleBackend/SampleBackend.csproj", "--redis", TeamRedis.Url);
                Assert.True(created.ExitCode == 0, $"env create {name} failed:\n{created.Output}");
            }
            Gold = Path.Combine(World.Root, "worktrees", "app", "gold");
            Blue = Path.Combine(World.Root, "worktrees", "app", "blue");
            foreach (var worktree in All)
            {
                // Builds the AppHost (and so the backend, one environment) and the sample's model test.
                var build = World.Dotnet(worktree, null, "build", "SampleAppHost.Tests", "-nodeReuse:false", "-v:q", "-p:EmitCompilerGeneratedFiles=true");
                Assert.True(build.ExitCode == 0, $"build failed in {worktree}:\n{build.Output}");
                BuildOutputs.Add(build.Output);
            }
        }

        public World World { get; } = new(PackageFeed.Instance);

        public RedisServer TeamRedis { get; }

        public RedisServer Registry { get; }

        public string Gold { get; }

        public string Blue { get; }

        public IReadOnlyList<string> All => [Gold, Blue];

        public List<string> BuildOutputs { get; } = [];

        public ProcessResult Tool(params string[] arguments) =>
            Scrubbed.Run(_tool.Executable, Path.Combine(World.Root, "app"), arguments, UshadowTool.EnvironmentFor(World), TimeSpan.FromMinutes(2), "");

        private void CopySamples(string repository)
        {
            var samples = Path.Combine(PackageFeed.Instance.RepositoryRoot, "samples");
            foreach (var file in (string[])[
                "Directory.Build.props", "Directory.Packages.props",
                "SampleBackend/Program.cs", "SampleBackend/SampleBackend.csproj",
                "SampleAppHost/Program.cs", "SampleAppHost/SampleAppHost.csproj", "SampleAppHost/appsettings.json",
                "SampleAppHost.Tests/AppHostModelTests.cs", "SampleAppHost.Tests/SampleAppHost.Tests.csproj"])
            {
                var target = Path.Combine(repository, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                var text = File.ReadAllText(Path.Combine(samples, file));
                // This run's packages, not the 0.1.0 that build/run-sample.sh packs.
                text = Regex.Replace(text, "(Include=\"Ushadow\\.[A-Za-z.]+\" Version=\")0\\.1\\.0\"", "${1}" + PackageFeed.Instance.Version + "\"");
                File.WriteAllText(target, text);
            }
            File.WriteAllText(Path.Combine(repository, ".gitignore"), "bin/\nobj/\n.env\nconfig/SECRETS/\n.ushadow-state/\n");
        }

        public void Dispose()
        {
            World.Dispose();
            Registry.Dispose();
            TeamRedis.Dispose();
        }
    }
}
