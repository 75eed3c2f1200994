/// <summary>Which MongoDB database the environments of one app use; Redis databases are never shared.</summary>
[GeneratedCode]
internal enum UshadowDatabaseMode
{
    /// <summary>Every environment uses one MongoDB database, the shared database name.</summary>
    Shared = 0,

    /// <summary>Each environment has its own MongoDB database: the app name, or <c>&lt;app&gt;_&lt;env&gt;</c>.</summary>
    Isolated = 1,
}

/// <summary>
/// Thrown when an environment variable or configuration key read by <see cref="UshadowSettings"/> holds a value it
/// cannot use. The message names the variable or key and the accepted form, and never repeats a connection string.
/// </summary>
[GeneratedCode]
internal sealed class UshadowSettingsException : global::System.InvalidOperationException
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
