using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Lifecycle;
using Ushadow.Core.Redis;
using Ushadow.Core.Shared;
using Ushadow.Core.Tests.Resolution;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Lifecycle;

/// <summary>
/// <c>env create</c>'s undo, with a real git repository, real files and a real redis-server: a failure after any step,
/// whatever the exception, leaves the repository, the launcher settings, the registry and the Redis markers as they were.
/// </summary>
public sealed class EnvironmentCreationTests : IClassFixture<EnvironmentCreationTests.Server>, IDisposable
{
    /// <summary>One redis-server for the class: the marker step writes into it.</summary>
    public sealed class Server : IDisposable
    {
        public RedisServer Redis { get; } = new();

        public void Dispose() => Redis.Dispose();
    }

    private readonly RedisServer _redis;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ushadow-create-" + Guid.NewGuid().ToString("N")[..8]);

    public EnvironmentCreationTests(Server server)
    {
        _redis = server.Redis;
        Directory.CreateDirectory(Repository);
        ProvisionWorld.Git(Repository, "init", "-q");
        File.WriteAllText(Path.Combine(Repository, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        ProvisionWorld.Git(Repository, "add", "-A");
        ProvisionWorld.Git(Repository, "commit", "-q", "-m", "app");
    }

    private string Repository => Path.Combine(_folder, "app");

    private string State => Path.Combine(_folder, "state");

    private string Settings => Path.Combine(State, "settings.json");

    public void Dispose()
    {
        using (var connection = _redis.Connect())
        {
            connection.GetServer(connection.GetEndPoints()[0]).FlushAllDatabases();
        }
        foreach (var file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal); // git's object files are read-only
        }
        Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<string, string, bool> Failures()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var step in Enum.GetNames<CreationStep>())
        {
            foreach (var exception in new[] { nameof(UshadowException), nameof(IOException), nameof(InvalidOperationException) })
            {
                data.Add(step, exception, false);
            }
            data.Add(step, nameof(InvalidOperationException), true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_after_any_step_leaves_git_the_settings_the_registry_and_redis_as_they_were(string step, string exception, bool stateExisted)
    {
        if (stateExisted)
        {
            // Someone else's settings and environment were there first: they must survive byte for byte.
            Create("blue", mode: "shared");
            var settings = File.ReadAllText(Settings);
            File.WriteAllText(Settings, "{\n  \"launcher_theme\":   \"dark\"," + settings[1..]); // a layout the tool would not write
        }
        var before = Snapshot();
        var failAt = Enum.Parse<CreationStep>(step);
        Exception thrown = exception switch
        {
            nameof(UshadowException) => new UshadowException(DiagnosticCodes.CannotWrite, "injected"),
            nameof(IOException) => new IOException("injected"),
            _ => new InvalidOperationException("injected"),
        };
        UndoOutcome? outcome = null;

        var caught = Assert.ThrowsAny<Exception>(() => Create("gold", mode: "isolated", after: s =>
        {
            if (s == failAt)
            {
                throw thrown;
            }
        }, undone: o => outcome = o));

        Assert.Same(thrown, caught);
        Assert.NotNull(outcome);
        Assert.Empty(outcome.Failed);
        Assert.Equal(Array.IndexOf(Enum.GetValues<CreationStep>(), failAt) + 1, outcome.Undone.Count);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Without_a_failure_every_step_leaves_its_change()
    {
        var before = Snapshot();

        var result = Create("gold", mode: "isolated");

        var after = Snapshot();
        Assert.NotNull(result.Provisioned);
        Assert.True(result.Marker!.Written, result.Marker.Problem);
        Assert.NotEqual(before.Branches, after.Branches);
        Assert.NotEqual(before.Worktrees, after.Worktrees);
        Assert.NotEqual(before.Settings, after.Settings);
        Assert.NotEqual(before.Registry, after.Registry);
        Assert.NotEqual(before.Markers, after.Markers);
        Assert.True(Directory.Exists(result.Plan.Folder));
    }

    private CreationResult Create(string name, string mode, Action<CreationStep>? after = null, Action<UndoOutcome>? undone = null)
    {
        var variables = new Dictionary<string, string>
        {
            [VariableNames.StateDirectory] = State,
            [VariableNames.LauncherSettings] = Settings,
            [VariableNames.Home] = _folder,
        };
        var plan = EnvironmentCreation.Plan(new CreationRequest
        {
            Name = name,
            Mode = mode,
            WorkingDirectory = Repository,
            Variables = variables,
            RedisUrl = _redis.Url,
        }, Evaluate);
        return new EnvironmentCreation { AfterStep = after, LockTimeout = TimeSpan.FromSeconds(10) }
            .Run(plan, Evaluate, _ => { }, undone ?? (_ => { }));
    }

    /// <summary>The project as MSBuild would evaluate this plain one: in its folder, no Ushadow property set.</summary>
    private static EvaluatedProject Evaluate(string projectFile) => new(Path.GetDirectoryName(projectFile)!, new BuildProperties(), "");

    private Traces Snapshot()
    {
        string? Text(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
        var git = Path.Combine(Repository, ".git");
        var markers = new List<string>();
        using (var connection = _redis.Connect())
        {
            for (var database = 0; database < 16; database++)
            {
                markers.Add($"{database}={connection.GetDatabase(database).StringGet(RedisMarker.Key)}");
            }
        }
        return new Traces(
            ProvisionWorld.Git(Repository, "branch", "--list"),
            ProvisionWorld.Git(Repository, "worktree", "list", "--porcelain"),
            ProvisionWorld.Git(Repository, "status", "--porcelain", "--ignored"),
            Text(Path.Combine(git, "info", "exclude")),
            Text(Settings),
            Text(Path.Combine(State, "environments.json")),
            string.Join(",", Directory.Exists(Path.Combine(State, "shared")) ? Directory.GetFiles(Path.Combine(State, "shared")).Order() : []),
            string.Join(",", Directory.Exists(Path.Combine(_folder, "worktrees")) ? Directory.GetDirectories(Path.Combine(_folder, "worktrees", "app")).Order() : []),
            string.Join(",", markers));
    }

    /// <summary>Everything env create may touch, as text.</summary>
    private sealed record Traces(
        string Branches, string Worktrees, string Status, string? Exclude, string? Settings, string? Registry, string SharedKeys, string WorktreeFolders, string Markers);
}
