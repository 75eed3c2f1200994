namespace Ushadow.Cli;

/// <summary>The colours the tool uses, sparingly.</summary>
internal enum CliColour
{
    Bold,
    Dim,
    Red,
    Yellow,
    Green,
}
