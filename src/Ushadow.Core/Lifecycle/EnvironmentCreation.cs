using Ushadow.Core.Diagnostics;
using Ushadow.Core.Git;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Redis;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Lifecycle;

/// <summary>
/// <c>ushadow env create</c>: a linked worktree on a new branch, the mode recorded as the environment's override, the
/// environment provisioned exactly as its first build would (so that build changes no byte), and its Redis database
/// marked. <see cref="Plan"/> checks everything before anything changes; <see cref="Run"/> makes the changes in that
/// order, and when one fails, whatever the exception, takes back every change made so far (<see cref="UndoLog"/>).
/// </summary>
internal sealed class EnvironmentCreation
{
    /// <summary>How long to wait for the launcher settings' and the registry's locks.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A test's fault: called after each step has made its change, so a test can fail there with any exception and see
    /// every change taken back. Never set outside tests.
    /// </summary>
    internal Action<CreationStep>? AfterStep { get; init; }

    /// <summary>
    /// Checks the request against git, the launcher settings and the registry as they are now, changing nothing: a
    /// name that breaks the rule (USH1002), a bad branch or start (USH1033), a folder or branch that exists (USH1031,
    /// USH1032), unreadable launcher settings (USH1004), a name held from another root (USH1009), no Redis number left
    /// (USH1008).
    /// </summary>
    /// <exception cref="UshadowException">The request is refused; nothing changed.</exception>
    /// <exception cref="UsageException">The project to provision cannot be told.</exception>
    public static CreationPlan Plan(CreationRequest request, ProjectEvaluator evaluate)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evaluate);
        var name = Naming.EnvironmentName(request.Name, new Provenance(SettingLayer.LauncherEnvironment, "(the name given to 'ushadow env create')"));
        var top = GitRunner.TopLevel(request.WorkingDirectory);
        var folder = EnvironmentLifecycle.WorktreeFolder(GitRunner.MainWorktree(top), name);
        var branch = request.Branch ?? name;
        if (!GitRunner.Require(top, "check-ref-format", "--branch", branch).Succeeded)
        {
            throw new UshadowException(DiagnosticCodes.GitRefused, $"'{branch}' is not a valid branch name for git; pass another with --branch.");
        }
        var projectFile = FindProject(top, request.WorkingDirectory, request.Project);
        var relativeProject = Path.GetRelativePath(top, projectFile);
        var evaluated = evaluate(projectFile);
        var app = EnvironmentLifecycle.AppName(evaluated.Properties);
        var planned = new ProvisionRequest
        {
            ProjectDirectory = Path.Combine(folder, Path.GetDirectoryName(relativeProject) ?? ""),
            Variables = request.Variables,
            Properties = evaluated.Properties,
        };
        var paths = EnvironmentPaths.For(planned);
        var mode = request.Mode is { } modeText
            ? LauncherSettingKeys.Validate(LauncherSettingKeys.DatabaseMode, modeText,
                new Provenance(SettingLayer.LauncherEnvironment, $"{paths.LauncherSettingsFile} environments.{name}.{LauncherSettingKeys.DatabaseMode} (--mode)"))
            : null;
        if (Directory.Exists(folder) || File.Exists(folder))
        {
            throw new UshadowException(DiagnosticCodes.WorktreeFolderExists,
                $"{folder} exists already; the worktree of environment '{name}' goes there. Remove it, or choose another name.", folder);
        }
        if (GitRunner.BranchExists(top, branch))
        {
            throw new UshadowException(DiagnosticCodes.BranchExists,
                $"Branch '{branch}' exists already in {top}; env create makes a new branch. Pass another with --branch, or delete it (git branch -d {branch}).");
        }
        EnvironmentLifecycle.CheckCanCreate(planned, paths, new EnvironmentId(app, name), folder);
        var start = request.From ?? "HEAD";
        var commit = GitRunner.Require(top, "rev-parse", "--verify", "--quiet", start + "^{commit}");
        if (!commit.Succeeded)
        {
            throw new UshadowException(DiagnosticCodes.GitRefused, $"'{start}' is not a commit in {top} (--from); nothing was created.");
        }
        return new CreationPlan(name, top, folder, branch, start, commit.Output, relativeProject, mode, paths, request.Variables, request.RedisUrl);
    }

    /// <summary>
    /// Makes the changes of <paramref name="plan"/>: worktree (branch, then worktree), the recorded mode, the provisioning,
    /// the marker. <paramref name="done"/> hears each change as it is made. When a step fails, every change made so far is
    /// taken back (what was undone goes to <paramref name="undone"/>) and the failure is thrown on as it was.
    /// </summary>
    public CreationResult Run(CreationPlan plan, ProjectEvaluator evaluate, Action<string> done, Action<UndoOutcome> undone)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(undone);
        var undo = new UndoLog();
        try
        {
            AddWorktree(plan, undo);
            done($"Created worktree {plan.Folder} on new branch '{plan.Branch}' (from {plan.Start}).");
            AfterStep?.Invoke(CreationStep.Worktree);

            if (plan.Mode is { } mode)
            {
                RecordMode(plan, mode, undo);
                done($"Recorded environments.{plan.Name}.{LauncherSettingKeys.DatabaseMode} = {mode} in {plan.Paths.LauncherSettingsFile}.");
                AfterStep?.Invoke(CreationStep.Mode);
            }

            var inWorktree = evaluate(Path.Combine(plan.Folder, plan.RelativeProject));
            if (inWorktree.Disabled)
            {
                return new CreationResult(plan, null, null);
            }
            var request = new ProvisionRequest { ProjectDirectory = inWorktree.Directory, Variables = plan.Variables, Properties = inWorktree.Properties, LockTimeout = LockTimeout };
            undo.Add("its registry entry", ProvisioningUndo.Before(plan.Folder, EnvironmentPaths.For(request), request, LockTimeout).Restore);
            var provisioned = EnvironmentProvisioner.Apply(request);
            AfterStep?.Invoke(CreationStep.Provisioning);

            var marker = MarkRedisDatabase(plan.RedisUrl, provisioned.Environment.RedisDatabase.Value, provisioned.Environment.EnvironmentName.Value, undo);
            AfterStep?.Invoke(CreationStep.Marker);
            return new CreationResult(plan, provisioned, marker);
        }
        catch
        {
            undone(undo.Unwind());
            throw;
        }
    }

    /// <summary>The branch, then the worktree; the undo removes whichever of the two this run made.</summary>
    private static void AddWorktree(CreationPlan plan, UndoLog undo)
    {
        var branchCreated = false;
        undo.Add($"the worktree {plan.Folder} and branch '{plan.Branch}'", () =>
        {
            if (Directory.Exists(plan.Folder))
            {
                Refuse(GitRunner.RunRetrying(plan.Top, ["worktree", "remove", "--force", plan.Folder]), $"remove the worktree {plan.Folder}");
            }
            GitRunner.RunRetrying(plan.Top, ["worktree", "prune"]);
            if (branchCreated)
            {
                Refuse(GitRunner.RunRetrying(plan.Top, ["branch", "-D", plan.Branch]), $"delete branch '{plan.Branch}'");
            }
        });
        var created = GitRunner.RunRetrying(plan.Top, ["branch", "--no-track", plan.Branch, plan.Commit], done: () => GitRunner.BranchExists(plan.Top, plan.Branch));
        Refuse(created, $"create branch '{plan.Branch}' in {plan.Top}");
        branchCreated = true;
        var added = GitRunner.RunRetrying(plan.Top, ["worktree", "add", plan.Folder, plan.Branch], done: () => File.Exists(Path.Combine(plan.Folder, ".git")));
        Refuse(added, $"add the worktree {plan.Folder}");
    }

    private static void Refuse(GitResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new UshadowException(DiagnosticCodes.GitRefused, $"git could not {what}: {result.Message}");
        }
    }

    /// <summary>
    /// Records the mode under the settings lock. The undo puts the file back byte for byte when nobody changed it since
    /// (no file where there was none), and otherwise puts back only the value this run replaced.
    /// </summary>
    private void RecordMode(CreationPlan plan, string mode, UndoLog undo)
    {
        var file = plan.Paths.LauncherSettingsFile;
        using (LauncherSettingsDocument.Lock(file, LockTimeout))
        {
            var original = AtomicFile.ReadAllTextOrNull(file);
            var settings = LauncherSettingsDocument.Load(file);
            var previous = settings.Get(LauncherSettingKeys.DatabaseMode, plan.Name);
            string? written = null;
            undo.Add("the recorded mode", () => RestoreMode(file, plan.Name, previous, original, written));
            settings.Set(LauncherSettingKeys.DatabaseMode, mode, plan.Name);
            settings.Save();
            written = AtomicFile.ReadAllTextOrNull(file);
        }
    }

    private void RestoreMode(string file, string environment, string? previous, string? original, string? written)
    {
        using var held = LauncherSettingsDocument.Lock(file, LockTimeout);
        var now = AtomicFile.ReadAllTextOrNull(file);
        if (now == written || now == original)
        {
            if (original is null)
            {
                File.Delete(file);
            }
            else
            {
                AtomicFile.WriteIfChanged(file, original);
            }
            return;
        }
        var settings = LauncherSettingsDocument.Load(file); // changed by someone else meanwhile: take back only this run's value
        if (previous is null)
        {
            settings.Unset(LauncherSettingKeys.DatabaseMode, environment);
        }
        else
        {
            settings.Set(LauncherSettingKeys.DatabaseMode, previous, environment);
        }
        settings.Save();
    }

    /// <summary>Sets the marker of the environment's Redis database when a server answers; without one, the outcome says why and the run goes on.</summary>
    private static MarkerOutcome MarkRedisDatabase(string url, int database, string name, UndoLog undo)
    {
        try
        {
            using var connection = RedisConnection.Connect(url);
            var db = connection.GetDatabase(database);
            var previous = RedisMarker.Read(db);
            undo.Add("the Redis marker", () =>
            {
                using var again = RedisConnection.Connect(url);
                RedisMarker.Restore(again.GetDatabase(database), previous == name ? null : previous);
            });
            RedisMarker.Write(db, name);
            return new MarkerOutcome(database, name, null);
        }
        catch (UshadowException e)
        {
            return new MarkerOutcome(database, name, e.Diagnostic.Message);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return new MarkerOutcome(database, name, $"the server did not take it ({e.GetType().Name}).");
        }
    }

    /// <summary>
    /// The project to provision: <paramref name="option"/> (<c>--project</c>) relative to the repository's top; else the one
    /// project file at the top; else the one in the current folder.
    /// </summary>
    private static string FindProject(string top, string here, string? option)
    {
        if (option is not null)
        {
            var given = Path.GetFullPath(option, top);
            return File.Exists(given) ? given : throw new UsageException($"--project '{option}' is not a file under {top}.");
        }
        foreach (var folder in new[] { top, here }.Distinct(StringComparer.Ordinal))
        {
            var projects = ProjectFiles.In(folder);
            if (projects.Count == 1)
            {
                return projects[0];
            }
            if (projects.Count > 1)
            {
                throw new UsageException($"Several project files in '{folder}' ({string.Join(", ", projects.Select(Path.GetFileName))}): pass --project <path relative to {top}>.");
            }
        }
        throw new UsageException($"No project file at {top} or in {here}: pass --project <path relative to {top}>.");
    }
}
