namespace Ushadow.Core.Secrets;

/// <summary>The launcher's default administrator (<c>default_admin_*</c> settings).</summary>
/// <param name="Name">Display name; <c>Administrator</c> when empty.</param>
/// <param name="Email">Login e-mail; nothing is added without it.</param>
/// <param name="Password">Password; nothing is added without it.</param>
internal sealed record AdminDefaults(string? Name, string? Email, string? Password)
{
    /// <summary>The name used when none is set, as in the launcher.</summary>
    public const string DefaultName = "Administrator";

    /// <inheritdoc/>
    // A record prints its properties; the password must never reach a log.
    public override string ToString() => $"AdminDefaults {{ Name = {Name}, Email = {Email} }}";
}
