namespace Ushadow.Core.Model;

/// <summary>A resolved value with its provenance.</summary>
internal sealed record Resolved<T>(T Value, Provenance From)
{
    /// <summary>Every layer that offered a value, highest first; the winner is among them.</summary>
    public IReadOnlyList<Candidate> Candidates { get; init; } = [];

    /// <inheritdoc/>
    public override string ToString() => $"{Value} ({From})";
}
