using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Registry;
using Ushadow.Core.Secrets;

namespace Ushadow.Core.Planning;

/// <summary>
/// What a build of one environment would do, worked out without a lock and without writing anything: every
/// value with its provenance and every layer's candidate, the intended <c>.env</c> text, the secrets to add,
/// the registry entry and the diagnostics. <see cref="EnvironmentProvisioner.Apply"/> carries a plan out.
/// </summary>
internal sealed class EnvironmentPlan
{
    internal EnvironmentPlan(
        ProvisionRequest request,
        EnvironmentPaths paths,
        ResolvedEnvironment environment,
        string? envFileText,
        string intendedEnvFileText,
        SecretsDocument secrets,
        RegisteredEnvironment? previous,
        RegisteredEnvironment entry,
        IReadOnlyList<RegisteredEnvironment> reclaimed,
        IReadOnlyList<UshadowDiagnostic> diagnostics)
    {
        Request = request;
        Paths = paths;
        Environment = environment;
        EnvFileText = envFileText;
        IntendedEnvFileText = intendedEnvFileText;
        Secrets = secrets;
        Previous = previous;
        RegistryEntry = entry;
        Reclaimed = reclaimed;
        Diagnostics = diagnostics;
    }

    /// <summary>The request the plan was made from.</summary>
    public ProvisionRequest Request { get; }

    /// <summary>The files involved.</summary>
    public EnvironmentPaths Paths { get; }

    /// <summary>The resolved values with provenance and candidates.</summary>
    public ResolvedEnvironment Environment { get; }

    /// <summary><c>.env</c> as it is now, or <c>null</c> when it does not exist.</summary>
    public string? EnvFileText { get; }

    /// <summary><c>.env</c> as the build would leave it.</summary>
    public string IntendedEnvFileText { get; }

    /// <summary><c>secrets.yaml</c> with the missing values added (in shared mode with the shared key if it exists yet).</summary>
    internal SecretsDocument Secrets { get; }

    /// <summary>The registry entry of this root before the build, if any.</summary>
    public RegisteredEnvironment? Previous { get; }

    /// <summary>The registry entry the build would put.</summary>
    public RegisteredEnvironment RegistryEntry { get; }

    /// <summary>Entries whose root is gone that the build would remove to free a Redis number.</summary>
    public IReadOnlyList<RegisteredEnvironment> Reclaimed { get; }

    /// <summary>Warnings and messages (errors are thrown as <see cref="UshadowException"/> while planning).</summary>
    public IReadOnlyList<UshadowDiagnostic> Diagnostics { get; }

    /// <summary>Whether applying the plan writes <c>.env</c>.</summary>
    public bool ChangesEnvFile => !string.Equals(IntendedEnvFileText, EnvFileText, StringComparison.Ordinal);

    /// <summary>Whether applying the plan adds to <c>secrets.yaml</c> (or creates it).</summary>
    public bool ChangesSecretsFile => Secrets.Changed;

    /// <summary>Whether applying the plan writes into the state folder: the shared key or the registry.</summary>
    public bool ChangesStateDirectory =>
        UnsavedSharedKey is not null || Reclaimed.Count > 0 || Previous is null || !Previous.SameButForTime(RegistryEntry);

    /// <summary>The shared <c>auth_secret_key</c> made for this plan because the shared database has none stored yet.</summary>
    internal string? UnsavedSharedKey { get; init; }

    /// <summary>Whether the apply step should make the environment's ACL user before writing (README, Redis at team scale).</summary>
    internal bool NeedsAclUser { get; init; }

    /// <summary>The same plan with other diagnostics.</summary>
    internal EnvironmentPlan WithDiagnostics(IReadOnlyList<UshadowDiagnostic> diagnostics) =>
        new(Request, Paths, Environment, EnvFileText, IntendedEnvFileText, Secrets, Previous, RegistryEntry, Reclaimed, diagnostics) { UnsavedSharedKey = UnsavedSharedKey, NeedsAclUser = NeedsAclUser };

    /// <summary>The plan as a result that wrote nothing.</summary>
    public ProvisionResult ToResult() => new(Environment, Paths, Diagnostics, []);
}
