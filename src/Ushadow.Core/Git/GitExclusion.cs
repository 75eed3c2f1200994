using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Git;

/// <summary>
/// Keeps a <c>.env</c> or <c>secrets.yaml</c> the package has just created out of git's reach: a file git would
/// not ignore is one <c>git add -A</c> away from history, and USH3002 only fires once it is tracked. The pattern
/// goes into the repository's own <c>info/exclude</c>, which is never tracked, so no tracked file changes. Runs
/// only when a build creates one of the files, so a normal build starts no process.
/// </summary>
internal static class GitExclusion
{
    // Without git, or past this bound, nothing is protected and the build goes on: the worst case is a missing message.
    private static readonly TimeSpan GitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// For each of <paramref name="createdFiles"/> inside a git work tree that git does not ignore, adds an anchored
    /// pattern to <c>info/exclude</c> and returns a message saying so. Without git, or outside a repository, nothing happens.
    /// </summary>
    public static IReadOnlyList<UshadowDiagnostic> EnsureIgnored(IReadOnlyList<string> createdFiles)
    {
        var messages = new List<UshadowDiagnostic>();
        foreach (var file in createdFiles)
        {
            var directory = Path.GetDirectoryName(file)!;
            // Exit 1: not ignored; 0: ignored already; anything else (128 outside a repository, no git): leave it.
            if (GitRunner.Run(directory, ["check-ignore", "-q", "--", file], GitTimeout).ExitCode != 1)
            {
                continue;
            }
            var paths = GitRunner.Run(directory, ["rev-parse", "--show-toplevel", "--git-path", "info/exclude"], GitTimeout);
            if (!paths.Succeeded || InputRules.SplitTrimmed(paths.Output, '\n') is not [var top, var exclude])
            {
                continue;
            }
            exclude = Path.GetFullPath(exclude, directory);
            var pattern = "/" + Path.GetRelativePath(top, file).Replace('\\', '/');
            try
            {
                var existing = AtomicFile.ReadAllTextOrNull(exclude) ?? "";
                if (!existing.Split('\n').Any(line => line.Trim() == pattern))
                {
                    var separator = existing.Length == 0 || existing.EndsWith('\n') ? "" : "\n";
                    AtomicFile.WriteIfChanged(exclude, existing + separator + "# added by Ushadow.Build: per-environment values and secrets\n" + pattern + "\n");
                }
                messages.Add(new UshadowDiagnostic("", DiagnosticSeverity.Message,
                    $"Created {file}, which git would not have ignored: added '{pattern}' to {exclude} (the repository's own ignore list; no tracked file changed), so 'git add -A' leaves it out.", file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                messages.Add(UshadowDiagnostic.Warning(DiagnosticCodes.SecretFileTrackedByGit,
                    $"Created {file}, which git does not ignore, and could not add '{pattern}' to {exclude} ({e.Message}): add it to .gitignore before 'git add -A'.", file));
            }
        }
        return messages;
    }
}
