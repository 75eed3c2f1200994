namespace Ushadow.Core.Shared;

/// <summary>One value the package resolves for an environment.</summary>
/// <param name="Key">Its name: the <c>.env</c> key when it is written there (<c>ENV_NAME</c>), else an upper-case name of the same style.</param>
/// <param name="GeneratedName">The member of <c>UshadowSettings.BuildTime</c> that exposes it.</param>
/// <param name="Kind">Its type in generated code.</param>
/// <param name="WrittenToEnvFile">Whether the package owns this key in <c>.env</c>.</param>
/// <param name="MayBeEmpty">Whether an empty value is a value (the key prefix outside prefix mode), not a missing one.</param>
internal sealed record ResolvedValueDefinition(string Key, string GeneratedName, ResolvedValueKind Kind, bool WrittenToEnvFile, bool MayBeEmpty = false);
