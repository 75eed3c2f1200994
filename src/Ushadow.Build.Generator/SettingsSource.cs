namespace Ushadow.Build.Generator;

/// <summary>The input of the source output: the settings and the libraries to write helpers for.</summary>
internal sealed record SettingsSource(SettingsModel Settings, ReferencedLibraries Libraries);
