using Ushadow.Core.Diagnostics;

namespace Ushadow.Core.Registry;

/// <summary>The registry as read without a lock.</summary>
/// <param name="Environments">Every registered environment.</param>
/// <param name="Diagnostics">Warnings about the read (the Redis store offline, answering from its cache).</param>
internal sealed record RegistrySnapshot(IReadOnlyList<RegisteredEnvironment> Environments, IReadOnlyList<UshadowDiagnostic> Diagnostics);
