namespace Ushadow.Build.Generator;

/// <summary>
/// The property values as they arrived, <c>null</c> when absent or empty: <see cref="ResolvedValues"/> still encoded
/// (a string compares cheaply, and decoding belongs to the analysis), the others already percent-decoded.
/// </summary>
internal sealed record GeneratorInputs(
    string? Enabled,
    string? ResolvedValues,
    string? SettingsNamespace,
    string? SettingsPublic,
    string? RootNamespace);
