namespace Ushadow.Core.Lifecycle;

/// <summary>
/// The changes an operation has made so far, each with the way to take it back. An operation adds a step's undo before
/// the step runs (an undo checks what is actually there, so it is safe for a step that failed halfway); when a later step
/// fails, whatever the exception, <see cref="Unwind"/> takes every change back, newest first.
/// </summary>
internal sealed class UndoLog
{
    private readonly List<(string What, Action Undo)> _steps = [];

    /// <summary>Adds the undo of a change described as <paramref name="what"/> (as in "Undid {what}").</summary>
    public void Add(string what, Action undo) => _steps.Add((what, undo));

    /// <summary>Takes every change back, newest first. An undo that fails is reported, never thrown: the rest still run.</summary>
    public UndoOutcome Unwind()
    {
        var undone = new List<string>();
        var failed = new List<(string What, string Why)>();
        for (var i = _steps.Count - 1; i >= 0; i--)
        {
            var (what, undo) = _steps[i];
            try
            {
                undo();
                undone.Add(what);
            }
#pragma warning disable CA1031 // every undo must get its turn; the caller reports the ones that failed
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed.Add((what, e is Diagnostics.UshadowException u ? u.Diagnostic.Message : e.GetType().Name));
            }
        }
        _steps.Clear();
        return new UndoOutcome(undone, failed);
    }
}
