namespace Ushadow.Core.Diagnostics;

/// <summary>How serious a <see cref="UshadowDiagnostic"/> is.</summary>
internal enum DiagnosticSeverity
{
    /// <summary>Shown at normal verbosity; never fails a build.</summary>
    Message,
    /// <summary>Something the user should look at.</summary>
    Warning,
    /// <summary>The build must fail before any file is written.</summary>
    Error,
}
