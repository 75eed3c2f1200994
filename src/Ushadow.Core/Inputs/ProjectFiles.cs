using Ushadow.Core.Diagnostics;

namespace Ushadow.Core.Inputs;

/// <summary>Which project file the tool means when it is given a folder, or none.</summary>
internal static class ProjectFiles
{
    /// <summary>The project files in <paramref name="folder"/> (<c>*.csproj</c>, <c>*.fsproj</c>, ...; not shared projects).</summary>
    public static IReadOnlyList<string> In(string folder) =>
        Directory.GetFiles(folder, "*.*proj").Where(f => !f.EndsWith(".shproj", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary><paramref name="path"/> when it is a project file, else the one project file in that folder (<c>explain --project</c>).</summary>
    /// <exception cref="UsageException">Neither a file nor a folder, or a folder without exactly one project file.</exception>
    public static string Find(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return full;
        }
        if (!Directory.Exists(full))
        {
            throw new UsageException($"'{path}' is neither a project file nor a folder.");
        }
        var projects = In(full);
        return projects.Count switch
        {
            1 => projects[0],
            0 => throw new UsageException($"No project file in '{full}': pass --project <file>."),
            _ => throw new UsageException($"Several project files in '{full}' ({string.Join(", ", projects.Select(Path.GetFileName))}): pass --project <file>."),
        };
    }
}
