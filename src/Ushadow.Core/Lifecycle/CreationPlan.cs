using Ushadow.Core.Inputs;

namespace Ushadow.Core.Lifecycle;

/// <summary>An <c>env create</c> that every check has passed, with what it will make.</summary>
/// <param name="Name">The environment name, folded and checked.</param>
/// <param name="Top">The top of the repository's working tree the command runs in.</param>
/// <param name="Folder">The new worktree's folder.</param>
/// <param name="Branch">The new branch.</param>
/// <param name="Start">Where the branch starts, as typed.</param>
/// <param name="Commit">That start's commit.</param>
/// <param name="RelativeProject">The project to provision, relative to the top.</param>
/// <param name="Mode">The mode to record, checked, if any.</param>
/// <param name="Paths">The new environment's files as planned (the launcher settings, the state folder).</param>
/// <param name="Variables">The variables a build would read.</param>
/// <param name="RedisUrl">The Redis server of the marker.</param>
internal sealed record CreationPlan(
    string Name, string Top, string Folder, string Branch, string Start, string Commit, string RelativeProject, string? Mode,
    EnvironmentPaths Paths, IReadOnlyDictionary<string, string> Variables, string RedisUrl);
