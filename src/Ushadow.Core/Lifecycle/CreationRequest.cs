namespace Ushadow.Core.Lifecycle;

/// <summary>What <c>ushadow env create</c> was asked for, as typed.</summary>
internal sealed record CreationRequest
{
    /// <summary>The environment name: also the worktree folder's name and, unless <see cref="Branch"/>, the new branch's.</summary>
    public required string Name { get; init; }

    /// <summary><c>--mode</c>: the mode to record as the environment's override, if any.</summary>
    public string? Mode { get; init; }

    /// <summary><c>--branch</c>: the new branch, if not the name.</summary>
    public string? Branch { get; init; }

    /// <summary><c>--from</c>: where the branch starts, if not <c>HEAD</c>.</summary>
    public string? From { get; init; }

    /// <summary><c>--project</c>: the project to provision, relative to the repository's top.</summary>
    public string? Project { get; init; }

    /// <summary>The folder the command runs in: inside the app's repository.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The variables a build would read (the tool's options already among them).</summary>
    public required IReadOnlyDictionary<string, string> Variables { get; init; }

    /// <summary>The Redis server of the marker (<c>--redis</c>, else <c>REDIS_URL</c>, else <c>localhost:6379</c>).</summary>
    public required string RedisUrl { get; init; }
}
