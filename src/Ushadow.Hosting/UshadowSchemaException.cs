namespace Ushadow.Hosting;

/// <summary>
/// <see cref="UshadowSchema.MigrateAsync"/> refused to run: the code is older than its database (USH1061), or another
/// process held the migration longer than this one waits (USH1062). The message names the database and who migrated it.
/// </summary>
public sealed class UshadowSchemaException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The diagnostic code, <c>USH1061</c> or <c>USH1062</c>.</param>
    /// <param name="message">What happened and what to do.</param>
    public UshadowSchemaException(string code, string message)
        : base($"{code}: {message}")
    {
        Code = code;
    }

    /// <summary>The diagnostic code (README, Diagnostics).</summary>
    public string Code { get; }
}
