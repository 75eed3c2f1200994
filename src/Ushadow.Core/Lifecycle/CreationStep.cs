namespace Ushadow.Core.Lifecycle;

/// <summary>The steps of <c>env create</c> that change something, in the order they run; each is taken back when a later one fails.</summary>
internal enum CreationStep
{
    /// <summary>The new branch and its linked worktree.</summary>
    Worktree,
    /// <summary>The mode recorded as the environment's override in the launcher settings.</summary>
    Mode,
    /// <summary>The environment's <c>.env</c>, secrets and registry entry, as its first build would write them.</summary>
    Provisioning,
    /// <summary>The marker <c>ushadow:env:name</c> in its Redis database.</summary>
    Marker,
}
