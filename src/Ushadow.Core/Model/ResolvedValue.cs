namespace Ushadow.Core.Model;

/// <summary>One resolved value as text, for <c>.env</c>, logs, <c>explain</c> and the generator.</summary>
/// <param name="Key">The catalogue key, e.g. <c>DATABASE_MODE</c>.</param>
/// <param name="Value">The winning value.</param>
/// <param name="From">Where the winner came from.</param>
/// <param name="Candidates">Every layer that offered a value, highest first.</param>
internal sealed record ResolvedValue(string Key, string Value, Provenance From, IReadOnlyList<Candidate> Candidates)
{
    /// <summary>The <c>-v:n</c> line: <c>KEY = value (source)</c>.</summary>
    public override string ToString() => $"{Key} = {Value} ({From})";
}
