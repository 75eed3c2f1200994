using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Secrets;

/// <summary>Fills the secrets an environment's <c>secrets.yaml</c> is missing (README, What gets written).</summary>
internal static class EnvironmentSecrets
{
    private const string NewFileHeader =
        "# Secrets of this environment. Never commit this file (mode 0600, gitignored).\n" +
        "# Ushadow.Build only adds missing values; your values, keys and comments are kept.\n";

    private static readonly string[] ApiKeys = ["openai", "anthropic", "deepgram", "mistral", "pieces"];

    private const string ServicesSection =
        "services:\n" +
        "  openmemory:\n" +
        "    api_key: \"\"\n" +
        "  chronicle:\n" +
        "    api_key: \"\"\n";

    /// <summary>
    /// Adds what <paramref name="document"/> is missing: the admin credentials (when both e-mail and password
    /// are given), <c>security.auth_secret_key</c> (the shared key in shared mode, else random) and
    /// <c>security.session_secret</c> (random). Existing values are never overwritten. A new file also gets a
    /// header and the empty <c>api_keys</c> and <c>services</c> sections.
    /// </summary>
    /// <param name="document">The environment's <c>secrets.yaml</c>.</param>
    /// <param name="mode">The environment's database mode.</param>
    /// <param name="sharedAuthSecretKey">The shared database's key (<see cref="SharedSecretStore"/>); required in shared mode.</param>
    /// <param name="admin">The launcher's default administrator, if any.</param>
    /// <param name="sharedSecretsPath">The shared key's state file, named in the USH3003 warning when given.</param>
    /// <returns>Warnings: USH3003 when an existing <c>auth_secret_key</c> differs from the shared one.</returns>
    public static IReadOnlyList<UshadowDiagnostic> Complete(
        SecretsDocument document, DatabaseMode mode, string? sharedAuthSecretKey, AdminDefaults? admin, string? sharedSecretsPath = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (mode == DatabaseMode.Shared && string.IsNullOrEmpty(sharedAuthSecretKey))
        {
            throw new ArgumentException("Shared mode needs the shared auth_secret_key.", nameof(sharedAuthSecretKey));
        }

        var warnings = new List<UshadowDiagnostic>();
        var isNewFile = document.IsNew && !document.Changed;
        if (isNewFile)
        {
            document.AppendVerbatim(NewFileHeader);
        }

        if (admin is { Email.Length: > 0, Password.Length: > 0 })
        {
            document.AddIfMissing("admin", "name", string.IsNullOrWhiteSpace(admin.Name) ? AdminDefaults.DefaultName : admin.Name);
            document.AddIfMissing("admin", "email", admin.Email);
            document.AddIfMissing("admin", "password", admin.Password);
        }

        Func<string> authKey = mode == DatabaseMode.Shared ? () => sharedAuthSecretKey! : SecretGenerator.NewSecret;
        if (!document.AddIfMissing("security", "auth_secret_key", authKey)
            && mode == DatabaseMode.Shared
            && document.Get("security", "auth_secret_key") != sharedAuthSecretKey)
        {
            warnings.Add(UshadowDiagnostic.Warning(DiagnosticCodes.AuthSecretKeyDiffers,
                $"{document.FilePath}: security.auth_secret_key differs from the key of the shared database, so secrets " +
                "other environments stored in it will not decrypt here; delete the auth_secret_key line to take the shared " +
                $"key on the next build, or copy security.auth_secret_key from {sharedSecretsPath ?? "<state dir>/shared/<database>.secrets.yaml"} into this file",
                document.FilePath));
        }
        document.AddIfMissing("security", "session_secret", SecretGenerator.NewSecret);

        if (isNewFile)
        {
            foreach (var key in ApiKeys)
            {
                document.AddIfMissing("api_keys", key, "");
            }
            document.AppendVerbatim(ServicesSection);
        }
        return warnings;
    }
}
