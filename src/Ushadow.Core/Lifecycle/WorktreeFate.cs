namespace Ushadow.Core.Lifecycle;

/// <summary>What <c>env remove</c> does with an environment's folder.</summary>
internal enum WorktreeFate
{
    /// <summary>A linked worktree of this machine: removed with <c>git worktree remove</c> (its branch stays).</summary>
    Removed,
    /// <summary>Another machine's entry (a team registry): its folder is not this machine's to remove, even at the same path.</summary>
    OnAnotherMachine,
    /// <summary>The folder is gone already.</summary>
    Gone,
    /// <summary>Kept, as <c>--keep-worktree</c> asked.</summary>
    Kept,
    /// <summary>Kept: it is not a linked worktree (a clone is never deleted).</summary>
    NotALinkedWorktree,
}
