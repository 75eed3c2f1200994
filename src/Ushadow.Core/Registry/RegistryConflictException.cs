namespace Ushadow.Core.Registry;

/// <summary>The lease was lost or a claim was taken by another build between planning and commit: re-read and re-plan.</summary>
internal sealed class RegistryConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RegistryConflictException(string message) : base(message)
    {
    }
}
