using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;

namespace Ushadow.Core.Provisioning;

/// <summary>What one provisioning run found and did.</summary>
/// <param name="Environment">The resolved values with provenance.</param>
/// <param name="Paths">The files involved.</param>
/// <param name="Diagnostics">Warnings and messages to report (errors are thrown as <see cref="UshadowException"/>).</param>
/// <param name="WrittenFiles">The files whose content changed.</param>
internal sealed record ProvisionResult(
    ResolvedEnvironment Environment,
    EnvironmentPaths Paths,
    IReadOnlyList<UshadowDiagnostic> Diagnostics,
    IReadOnlyList<string> WrittenFiles)
{
    /// <summary>
    /// The files a real build guarantees exist afterwards (<c>.env</c>, <c>secrets.yaml</c>, the registry, and
    /// in shared mode the shared key file): when one is deleted, the next build must run again and restore it.
    /// </summary>
    public IReadOnlyList<string> EnsuredFiles { get; init; } = [];

    /// <summary>
    /// The local file of the registry this run read: <c>environments.json</c>, or the Redis registry's local cache
    /// (a later build depends on it; the Redis server itself is never asked on a no-op build).
    /// </summary>
    public string RegistryFile { get; init; } = Paths.RegistryFile;
}
