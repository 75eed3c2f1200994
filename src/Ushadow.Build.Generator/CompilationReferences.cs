namespace Ushadow.Build.Generator;

/// <summary>What the generator reads from the compilation's references.</summary>
internal sealed record CompilationReferences(ReferencedLibraries Libraries, EquatableArray<RuntimePackageVersion> OtherVersions);
