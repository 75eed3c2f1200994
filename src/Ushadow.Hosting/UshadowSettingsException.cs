namespace Ushadow.Hosting;

/// <summary>
/// Thrown when an environment variable or configuration key read at run time holds a value that cannot be used.
/// The message names the variable or key and the accepted form, and never repeats a connection string.
/// </summary>
public sealed class UshadowSettingsException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="variable"/>.</summary>
    /// <param name="variable">The environment variable or configuration key whose value is not valid.</param>
    /// <param name="message">What is wrong and what would be accepted.</param>
    public UshadowSettingsException(string variable, string message)
        : base(message)
    {
        Variable = variable;
    }

    /// <summary>
    /// The environment variable or configuration key whose value is not valid, for example <c>REDIS_DATABASE</c>
    /// or <c>Ushadow:RedisDatabase</c>.
    /// </summary>
    public string Variable { get; }
}
