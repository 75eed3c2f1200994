using Ushadow.Core.Diagnostics;

namespace Ushadow.Core.Secrets;

/// <summary>
/// The <c>auth_secret_key</c> of one shared MongoDB database, kept in
/// <c>&lt;state dir&gt;/shared/&lt;database&gt;.secrets.yaml</c> (mode 0600): secrets encrypted in the shared
/// database must decrypt in every environment that uses it. Callers hold the cross-process lock.
/// </summary>
internal static class SharedSecretStore
{
    /// <summary>The section and key of the value, the same as in <c>secrets.yaml</c> so it can be copied.</summary>
    public const string Section = "security";

    /// <summary>The key of the value in <see cref="Section"/>.</summary>
    public const string Key = "auth_secret_key";

    private const string Header =
        "# auth_secret_key shared by every environment that uses this MongoDB database in shared mode.\n" +
        "# Written once by Ushadow.Build; changing it makes secrets stored in the database unreadable.\n";

    /// <summary>The state file of <paramref name="database"/>.</summary>
    public static string PathFor(string stateDirectory, string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentException.ThrowIfNullOrEmpty(database);
        // The name becomes a file name; MongoDB names never hold these, so this only guards against misuse.
        if (database is "." or ".." || database.IndexOfAny(['/', '\\']) >= 0 || database.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException("The database name cannot be used as a file name.", nameof(database));
        }
        return Path.Combine(stateDirectory, "shared", database + ".secrets.yaml");
    }

    /// <summary>
    /// The shared key of <paramref name="database"/>, created on first use. When <paramref name="persist"/> is
    /// false (a build that must not write) and no key is stored yet, a new value is returned and nothing is written.
    /// </summary>
    /// <exception cref="UshadowException">The state file cannot be read, parsed or written.</exception>
    public static string GetOrCreateAuthSecretKey(string stateDirectory, string database, bool persist)
    {
        if (Read(stateDirectory, database) is { } existing)
        {
            return existing;
        }
        var key = SecretGenerator.NewSecret();
        if (persist)
        {
            Save(stateDirectory, database, key);
        }
        return key;
    }

    /// <summary>The stored shared key of <paramref name="database"/>, or <c>null</c> when none is stored yet. Writes nothing.</summary>
    /// <exception cref="UshadowException">The state file cannot be read or parsed.</exception>
    public static string? Read(string stateDirectory, string database) =>
        SecretsFile.Read(PathFor(stateDirectory, database)).Get(Section, Key);

    /// <summary>Stores <paramref name="key"/> as the shared key of <paramref name="database"/> unless one is stored (callers hold the registry lock).</summary>
    /// <returns>Whether the file was written.</returns>
    /// <exception cref="UshadowException">The state file cannot be read, parsed or written.</exception>
    public static bool Save(string stateDirectory, string database, string key)
    {
        var path = PathFor(stateDirectory, database);
        var document = SecretsFile.Read(path);
        if (document.Get(Section, Key) is not null)
        {
            return false;
        }
        if (document.IsNew)
        {
            document.AppendVerbatim(Header);
        }
        document.AddIfMissing(Section, Key, key);
        return SecretsFile.Write(path, document);
    }
}
