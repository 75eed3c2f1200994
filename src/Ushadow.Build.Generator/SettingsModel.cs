namespace Ushadow.Build.Generator;

/// <summary>Everything the emitter needs to write <c>UshadowSettings</c>, validated; <see cref="Namespace"/> is empty for the global namespace.</summary>
internal sealed record SettingsModel(string Namespace, bool IsPublic, EquatableArray<BuildTimeValue> Values)
{
    /// <summary>The declared schema version (<c>UshadowSchemaVersion</c>), normalised; <c>null</c> when none is declared.</summary>
    public string? SchemaVersion { get; init; }

    /// <summary>With <see cref="SchemaVersion"/> and a file registry: the state folder the run time records migrations in.</summary>
    public string? SchemaStateDirectory { get; init; }
}
