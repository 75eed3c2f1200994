namespace Ushadow.Core.Lifecycle;

/// <summary>Whether the marker <c>ushadow:env:name</c> was set in an environment's Redis database.</summary>
/// <param name="Database">The database number.</param>
/// <param name="Name">The name it holds.</param>
/// <param name="Problem">Why it was not set (no server answered, or it refused), or <c>null</c> when it was.</param>
internal sealed record MarkerOutcome(int Database, string Name, string? Problem)
{
    /// <summary>Whether the marker was set.</summary>
    public bool Written => Problem is null;
}
