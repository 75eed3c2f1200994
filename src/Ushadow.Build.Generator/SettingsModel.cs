namespace Ushadow.Build.Generator;

/// <summary>Everything the emitter needs to write <c>UshadowSettings</c>, validated; <see cref="Namespace"/> is empty for the global namespace.</summary>
internal sealed record SettingsModel(string Namespace, bool IsPublic, EquatableArray<BuildTimeValue> Values);
