namespace Ushadow.Core.Shared;

/// <summary>How a resolved value is typed in the generated <c>UshadowSettings</c> class.</summary>
internal enum ResolvedValueKind
{
    /// <summary>A string.</summary>
    Text,
    /// <summary>A whole number.</summary>
    Number,
    /// <summary><c>shared</c> or <c>isolated</c>.</summary>
    DatabaseMode,
}
