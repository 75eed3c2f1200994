namespace Ushadow.Core.Launcher;

/// <summary>The admin account the launcher wants in every environment's secrets.</summary>
/// <param name="Name">Display name (default <c>Administrator</c>).</param>
/// <param name="Email">Login email.</param>
/// <param name="Password">Plain-text password: never log it.</param>
internal sealed record AdminCredentials(string Name, string Email, string Password)
{
    /// <summary>Keeps the password out of any accidental log line.</summary>
    public override string ToString() => $"AdminCredentials {{ Name = {Name}, Email = {Email}, Password = *** }}";
}
