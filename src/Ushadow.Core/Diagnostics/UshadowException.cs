namespace Ushadow.Core.Diagnostics;

/// <summary>
/// Thrown by the core when input is invalid; carries the diagnostic to report.
/// The MSBuild task catches it and logs the error, so no build ever sees an unhandled exception.
/// </summary>
internal sealed class UshadowException : Exception
{
    /// <summary>Creates the exception for <paramref name="diagnostic"/>.</summary>
    public UshadowException(UshadowDiagnostic diagnostic, Exception? inner = null)
        : base(diagnostic.ToString(), inner) => Diagnostic = diagnostic;

    /// <summary>Creates an error exception.</summary>
    public UshadowException(string code, string message, string? file = null, Exception? inner = null)
        : this(UshadowDiagnostic.Error(code, message, file), inner) { }

    /// <summary>The diagnostic to report.</summary>
    public UshadowDiagnostic Diagnostic { get; }
}
