namespace Ushadow.Core.Inputs;

/// <summary>Finds the folder that holds an environment's <c>.env</c> and <c>config/</c>, and whether it is a linked git worktree.</summary>
internal static class EnvironmentRoot
{
    /// <summary>The nearest folder upward from <paramref name="start"/> holding <c>.git</c> (a directory, or the file of a worktree); else <paramref name="start"/>.</summary>
    public static string Find(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return dir.FullName;
            }
        }
        return Path.GetFullPath(start);
    }

    /// <summary>
    /// Whether <paramref name="root"/> is a linked worktree: its <c>.git</c> is a file pointing into
    /// <c>.git/worktrees/</c> (a submodule's <c>.git</c> file points into <c>.git/modules/</c> instead).
    /// </summary>
    public static bool IsLinkedWorktree(string root)
    {
        var git = Path.Combine(root, ".git");
        if (!File.Exists(git))
        {
            return false;
        }
        var line = File.ReadLines(git).FirstOrDefault() ?? "";
        const string Prefix = "gitdir:";
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        // git keeps a linked worktree's admin folder at <common dir>/worktrees/<id>: check the parent
        // segment only, so a submodule of a repository kept under a folder named "worktrees" is not one.
        var segments = line[Prefix.Length..].Trim().Replace('\\', '/').TrimEnd('/').Split('/');
        return segments.Length >= 2 && segments[^2] == "worktrees";
    }

    /// <summary>Normalises a folder path for comparison and storage: absolute, no trailing separator.</summary>
    public static string Normalize(string path) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
