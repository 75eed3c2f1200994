namespace Ushadow.Core.Registry;

/// <summary>The outcome of <see cref="PortOffsetPolicy.Allocate"/>.</summary>
/// <param name="Offset">The port offset the environment gets.</param>
/// <param name="Kept">Whether it keeps the offset the registry already gave it.</param>
internal sealed record PortOffsetAllocation(int Offset, bool Kept)
{
    /// <summary>The block the environment preferred (when allocating).</summary>
    public int Preferred { get; init; }

    /// <summary>Free blocks passed over because something listens on one of their ports right now.</summary>
    public IReadOnlyList<int> SkippedInUse { get; init; } = [];
}
