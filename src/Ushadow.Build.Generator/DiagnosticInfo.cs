namespace Ushadow.Build.Generator;

/// <summary>A diagnostic to report, as plain values: its code and its one-line message.</summary>
internal sealed record DiagnosticInfo(string Code, string Message);
