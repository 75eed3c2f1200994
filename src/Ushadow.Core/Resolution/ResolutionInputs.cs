using Ushadow.Core.Inputs;
using Ushadow.Core.Launcher;
using Ushadow.Core.Registry;

namespace Ushadow.Core.Resolution;

/// <summary>The inputs of the precedence rules, already read from their files.</summary>
/// <param name="Request">Variables and properties.</param>
/// <param name="Launcher">The launcher settings.</param>
/// <param name="HandEdits">Owned <c>.env</c> keys whose value the user changed, with the value typed.</param>
/// <param name="EnvFile">The <c>.env</c> path, for provenance.</param>
/// <param name="Root">The environment root folder.</param>
/// <param name="Registry">The registered environments (a snapshot, or the locked registry's entries).</param>
/// <param name="RegistryFile">The registry (a file, or a Redis server without password), for provenance and errors.</param>
internal sealed record ResolutionInputs(
    ProvisionRequest Request,
    LauncherSettings Launcher,
    IReadOnlyDictionary<string, string> HandEdits,
    string EnvFile,
    string Root,
    IReadOnlyList<RegisteredEnvironment> Registry,
    string RegistryFile)
{
    /// <summary>
    /// This machine in a shared registry (README, Teams on one server); <c>null</c> for the per-user file.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>The Redis registry's own database, never handed out.</summary>
    public int? ReservedDatabase { get; init; }

    /// <summary>
    /// Whether the environment's ACL user was just made (<c>true</c>) or refused by the server (<c>false</c>) in this
    /// apply; <c>null</c> keeps what the registry entry recorded (README, Redis at team scale).
    /// </summary>
    public bool? AclUserMade { get; init; }
}
