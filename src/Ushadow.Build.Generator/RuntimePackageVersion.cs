namespace Ushadow.Build.Generator;

/// <summary>A runtime package the compilation references in another version than the generator's (USH4003).</summary>
internal sealed record RuntimePackageVersion(string Package, string Version);
