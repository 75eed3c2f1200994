namespace Ushadow.Core.Lifecycle;

/// <summary>What <see cref="UndoLog.Unwind"/> took back, and what it could not (with why).</summary>
/// <param name="Undone">The changes taken back, newest first.</param>
/// <param name="Failed">The changes that stay, each with the reason.</param>
internal sealed record UndoOutcome(IReadOnlyList<string> Undone, IReadOnlyList<(string What, string Why)> Failed);
