using Ushadow.Core.Shared;

namespace Ushadow.Core.Diagnostics;

/// <summary>
/// One finding with its <c>USH</c> code, a one-line message and the file or variable it is about.
/// </summary>
/// <param name="Code">The code, e.g. <c>USH1001</c>; empty for plain messages.</param>
/// <param name="Severity">Message, warning or error.</param>
/// <param name="Message">One line naming the file or variable involved and what would be valid.</param>
/// <param name="File">The file involved, when there is one (shown by IDEs as the location).</param>
internal sealed record UshadowDiagnostic(string Code, DiagnosticSeverity Severity, string Message, string? File = null)
{
    /// <summary>The README anchor that explains <see cref="Code"/>.</summary>
    public string HelpLink => DiagnosticCodes.HelpLink(Code);

    /// <summary>Creates an error.</summary>
    public static UshadowDiagnostic Error(string code, string message, string? file = null) => new(code, DiagnosticSeverity.Error, message, file);

    /// <summary>Creates a warning.</summary>
    public static UshadowDiagnostic Warning(string code, string message, string? file = null) => new(code, DiagnosticSeverity.Warning, message, file);

    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {Message}";
}
