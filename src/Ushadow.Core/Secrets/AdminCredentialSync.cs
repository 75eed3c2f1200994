using Ushadow.Core.Diagnostics;
using Ushadow.Core.Launcher;
using Ushadow.Core.Registry;

namespace Ushadow.Core.Secrets;

/// <summary>
/// Closes the credential gap of an admin settings change: the build only ever adds <c>admin.*</c> to a
/// <c>secrets.yaml</c>, so existing environments keep the old value. The rule: a value equal to the launcher's
/// previous value was written by the package from the old setting and is replaced by the new one; any other
/// differing value is a hand edit and is kept. A file without the field gets it at its next build.
/// </summary>
internal sealed class AdminCredentialSync
{
    private const string Section = "admin";

    private readonly Dictionary<string, (SecretsDocument Document, List<(string Field, string Value)> Updates)> _edits;

    private AdminCredentialSync(IReadOnlyList<AdminSecretDifference> differences, Dictionary<string, (SecretsDocument, List<(string, string)>)> edits)
    {
        Differences = differences;
        _edits = edits;
    }

    /// <summary>Every differing field, environment by environment.</summary>
    public IReadOnlyList<AdminSecretDifference> Differences { get; }

    /// <summary>The fields that <see cref="Apply"/> brings in line.</summary>
    public IEnumerable<AdminSecretDifference> ToUpdate => Differences.Where(d => d.State == AdminSecretState.FollowsOldSetting);

    /// <summary>The <c>secrets.yaml</c> of a registered environment (the build's default place).</summary>
    public static string SecretsPath(RegisteredEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Path.Combine(environment.Root, "config", "SECRETS", "secrets.yaml");
    }

    /// <summary>
    /// Classifies one field: <c>null</c> when nothing is to be done (no value yet, or already the new value).
    /// </summary>
    /// <param name="current">The value in <c>secrets.yaml</c>, or <c>null</c> when absent.</param>
    /// <param name="previous">The launcher's effective value before the change, or <c>null</c> when it gave none.</param>
    /// <param name="next">The launcher's effective value after the change.</param>
    public static AdminSecretState? Classify(string? current, string? previous, string next)
    {
        if (current is null || current == next)
        {
            return null;
        }
        return current == previous ? AdminSecretState.FollowsOldSetting : AdminSecretState.HandEdited;
    }

    /// <summary>
    /// Reads each registered environment's <c>secrets.yaml</c> and compares its <c>admin.*</c> fields with the
    /// effective admin credentials <paramref name="before"/> and <paramref name="after"/> the change (the build
    /// writes them only when email and password are both set; the name defaults to <c>Administrator</c>).
    /// Writes nothing.
    /// </summary>
    public static AdminCredentialSync Plan(IEnumerable<RegisteredEnvironment> entries, LauncherSettings before, LauncherSettings after)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var differences = new List<AdminSecretDifference>();
        var edits = new Dictionary<string, (SecretsDocument, List<(string, string)>)>(StringComparer.Ordinal);
        if (after.Admin is not { } next)
        {
            return new AdminCredentialSync(differences, edits); // the build writes no admin account without email and password
        }
        var previous = before.Admin;
        var changed = new List<(string Field, string? Previous, string Next)>();
        if (previous?.Email != next.Email)
        {
            changed.Add(("email", previous?.Email, next.Email));
        }
        if (previous?.Name != next.Name)
        {
            changed.Add(("name", previous?.Name, next.Name));
        }
        if (previous?.Password != next.Password)
        {
            changed.Add(("password", previous?.Password, next.Password));
        }
        if (changed.Count == 0)
        {
            return new AdminCredentialSync(differences, edits);
        }

        foreach (var entry in entries.OrderBy(e => e.AppName, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = SecretsPath(entry);
            if (!File.Exists(path))
            {
                continue; // its next build writes the new values
            }
            SecretsDocument document;
            try
            {
                document = SecretsFile.Read(path);
                foreach (var field in changed)
                {
                    document.Get(Section, field.Field); // surfaces a malformed section before anything is planned
                }
            }
            catch (UshadowException e)
            {
                differences.Add(new AdminSecretDifference(entry, path, "", AdminSecretState.Unreadable, e.Diagnostic));
                continue;
            }
            var updates = new List<(string, string)>();
            foreach (var (field, old, value) in changed)
            {
                if (Classify(document.Get(Section, field), old, value) is { } state)
                {
                    differences.Add(new AdminSecretDifference(entry, path, field, state));
                    if (state == AdminSecretState.FollowsOldSetting)
                    {
                        updates.Add((field, value));
                    }
                }
            }
            if (updates.Count > 0)
            {
                edits[path] = (document, updates);
            }
        }
        return new AdminCredentialSync(differences, edits);
    }

    /// <summary>
    /// Replaces the fields of <see cref="ToUpdate"/> and writes each file (atomically, mode 0600). A file that
    /// cannot be edited or written is left as it is and reported; the others are still written.
    /// </summary>
    /// <returns>The problems, one per file that was not written.</returns>
    public IReadOnlyList<UshadowDiagnostic> Apply()
    {
        var problems = new List<UshadowDiagnostic>();
        foreach (var (path, (document, updates)) in _edits)
        {
            try
            {
                foreach (var (field, value) in updates)
                {
                    document.Replace(Section, field, value);
                }
                SecretsFile.Write(path, document);
            }
            catch (UshadowException e)
            {
                problems.Add(e.Diagnostic);
            }
        }
        return problems;
    }
}
