using Ushadow.Core.Provisioning;

namespace Ushadow.Core.Lifecycle;

/// <summary>What <c>env create</c> made.</summary>
/// <param name="Plan">The plan it carried out.</param>
/// <param name="Provisioned">The provisioning, or <c>null</c> when the project turns Ushadow off (<c>UshadowEnabled=false</c>).</param>
/// <param name="Marker">The Redis marker's outcome, or <c>null</c> when nothing was provisioned.</param>
internal sealed record CreationResult(CreationPlan Plan, ProvisionResult? Provisioned, MarkerOutcome? Marker);
