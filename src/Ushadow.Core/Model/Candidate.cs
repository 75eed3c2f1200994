namespace Ushadow.Core.Model;

/// <summary>What one layer offered for a setting: the value and where it came from.</summary>
/// <param name="Value">The value as that layer holds it (not yet validated).</param>
/// <param name="From">The layer and the file, variable or property.</param>
internal sealed record Candidate(string Value, Provenance From);
