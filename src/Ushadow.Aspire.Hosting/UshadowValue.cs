namespace Aspire.Hosting.ApplicationModel;

/// <summary>One value Ushadow.Build resolved for the AppHost's environment, and where it came from.</summary>
public sealed class UshadowValue
{
    /// <summary>Creates a value; the AppHost's generated <c>AddUshadowEnvironment()</c> makes one per resolved value.</summary>
    /// <param name="key">Its <c>.env</c> key, such as <c>REDIS_DATABASE</c> or <c>BACKEND_PORT</c>.</param>
    /// <param name="value">The value, as <c>.env</c> holds it.</param>
    /// <param name="source">Where the build found it, such as <c>inferred: linked git worktree folder 'gold'</c>.</param>
    public UshadowValue(string key, string value, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        Key = key;
        Value = value;
        Source = source ?? string.Empty;
    }

    /// <summary>The <c>.env</c> key, such as <c>REDIS_DATABASE</c>.</summary>
    public string Key { get; }

    /// <summary>The value, as <c>.env</c> holds it.</summary>
    public string Value { get; }

    /// <summary>Where the build found it (a hand edit, a variable, a property, the launcher settings, the registry, or how it was inferred).</summary>
    public string Source { get; }
}
