using System.Text.RegularExpressions;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;
using YamlDotNet.Serialization;

namespace Ushadow.Core.Tests.Secrets;

public partial class EnvironmentSecretsTests
{
    private static readonly AdminDefaults Admin = new(null, "admin@example.com", "pa\"ss: #1\nx");

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex Base64UrlSecret();

    private static SecretsDocument NewEnvironment(TempFolder folder, string environment) =>
        SecretsDocument.Parse(null, folder.File(environment + ".secrets.yaml"));

    [Fact]
    public void Two_shared_mode_environments_hold_the_same_auth_secret_key_and_an_isolated_one_its_own()
    {
        using var folder = new TempFolder();
        var state = folder.File("state");

        var sharedKeyA = SharedSecretStore.GetOrCreateAuthSecretKey(state, "ushadow", persist: true);
        var sharedKeyB = SharedSecretStore.GetOrCreateAuthSecretKey(state, "ushadow", persist: true);
        var a = NewEnvironment(folder, "a");
        var b = NewEnvironment(folder, "b");
        var c = NewEnvironment(folder, "c");
        EnvironmentSecrets.Complete(a, DatabaseMode.Shared, sharedKeyA, null);
        EnvironmentSecrets.Complete(b, DatabaseMode.Shared, sharedKeyB, null);
        EnvironmentSecrets.Complete(c, DatabaseMode.Isolated, null, null);

        Assert.Equal(sharedKeyA, a.Get("security", "auth_secret_key"));
        Assert.Equal(sharedKeyA, b.Get("security", "auth_secret_key"));
        Assert.NotEqual(sharedKeyA, c.Get("security", "auth_secret_key"));
        Assert.Matches(Base64UrlSecret(), c.Get("security", "auth_secret_key"));
    }

    [Fact]
    public void Session_secret_differs_per_environment_even_in_shared_mode()
    {
        using var folder = new TempFolder();
        var a = NewEnvironment(folder, "a");
        var b = NewEnvironment(folder, "b");

        EnvironmentSecrets.Complete(a, DatabaseMode.Shared, "shared-key", null);
        EnvironmentSecrets.Complete(b, DatabaseMode.Shared, "shared-key", null);

        Assert.Matches(Base64UrlSecret(), a.Get("security", "session_secret"));
        Assert.NotEqual(a.Get("security", "session_secret"), b.Get("security", "session_secret"));
    }

    [Fact]
    public void Secrets_are_43_characters_of_base64url_and_never_repeat()
    {
        var secrets = Enumerable.Range(0, 200).Select(_ => SecretGenerator.NewSecret()).ToList();

        Assert.All(secrets, secret => Assert.Matches(Base64UrlSecret(), secret));
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
    }

    [Fact]
    public void A_new_file_gets_a_header_and_the_original_structure_in_block_style()
    {
        using var folder = new TempFolder();
        var document = NewEnvironment(folder, "dev");

        EnvironmentSecrets.Complete(document, DatabaseMode.Isolated, null, Admin);

        Assert.StartsWith("# ", document.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", document.Text, StringComparison.Ordinal);
        var yaml = new DeserializerBuilder().Build().Deserialize<Dictionary<string, Dictionary<string, object>>>(document.Text);
        Assert.Equal(["admin", "security", "api_keys", "services"], yaml.Keys);
        Assert.Equal("Administrator", yaml["admin"]["name"]);
        Assert.Equal(Admin.Email, yaml["admin"]["email"]);
        Assert.Equal(Admin.Password, yaml["admin"]["password"]);
        Assert.Equal(["auth_secret_key", "session_secret"], yaml["security"].Keys);
        Assert.Equal(["openai", "anthropic", "deepgram", "mistral", "pieces"], yaml["api_keys"].Keys);
        Assert.All(yaml["api_keys"].Values, value => Assert.Equal("", value));
        var services = yaml["services"];
        Assert.Equal(["openmemory", "chronicle"], services.Keys);
        Assert.All(services.Values, service => Assert.Equal("", ((Dictionary<object, object>)service)["api_key"]));
    }

    [Theory]
    [InlineData("", "secret")]
    [InlineData("admin@example.com", "")]
    [InlineData(null, "secret")]
    public void Admin_credentials_are_added_only_when_both_email_and_password_are_set(string? email, string password)
    {
        using var folder = new TempFolder();
        var document = NewEnvironment(folder, "dev");

        EnvironmentSecrets.Complete(document, DatabaseMode.Isolated, null, new AdminDefaults("Root", email, password));

        Assert.Null(document.Get("admin", "email"));
        Assert.DoesNotContain("admin:", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_secrets_and_admin_values_are_never_overwritten()
    {
        var text = "admin:\n  email: mine@example.com\nsecurity:\n  auth_secret_key: own\n  session_secret: own-session\n";
        var document = SecretsDocument.Parse(text, "/x/secrets.yaml");

        var warnings = EnvironmentSecrets.Complete(document, DatabaseMode.Isolated, null, Admin);

        Assert.Empty(warnings);
        Assert.Equal("mine@example.com", document.Get("admin", "email"));
        Assert.Equal("own", document.Get("security", "auth_secret_key"));
        Assert.Equal("own-session", document.Get("security", "session_secret"));
        Assert.Equal(Admin.Password, document.Get("admin", "password"));
        Assert.Equal(
            "admin:\n  email: mine@example.com\n  name: \"Administrator\"\n  password: \"pa\\\"ss: #1\\nx\"\n" +
            "security:\n  auth_secret_key: own\n  session_secret: own-session\n",
            document.Text);
    }

    [Fact]
    public void A_complete_file_is_not_changed()
    {
        var text = "# mine\nsecurity:\n  auth_secret_key: shared-key\n  session_secret: s\n";
        var document = SecretsDocument.Parse(text, "/x/secrets.yaml");

        var warnings = EnvironmentSecrets.Complete(document, DatabaseMode.Shared, "shared-key", null);

        Assert.Empty(warnings);
        Assert.False(document.Changed);
        Assert.Equal(text, document.Text);
    }

    [Fact]
    public void A_differing_auth_secret_key_in_shared_mode_is_USH3003_without_either_key()
    {
        const string Own = "own-key-1234567890";
        const string Shared = "shared-key-0987654321";
        var document = SecretsDocument.Parse($"security:\n  auth_secret_key: {Own}\n", "/envs/dev/secrets.yaml");

        var warnings = EnvironmentSecrets.Complete(document, DatabaseMode.Shared, Shared, null, "/state/shared/ushadow.secrets.yaml");

        var warning = Assert.Single(warnings);
        Assert.Equal(DiagnosticCodes.AuthSecretKeyDiffers, warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("/envs/dev/secrets.yaml", warning.File);
        Assert.Contains("/envs/dev/secrets.yaml", warning.Message, StringComparison.Ordinal);
        Assert.Contains("/state/shared/ushadow.secrets.yaml", warning.Message, StringComparison.Ordinal);
        Assert.Contains("delete the auth_secret_key line", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Own, warning.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Shared, warning.ToString(), StringComparison.Ordinal);
        Assert.Equal(Own, document.Get("security", "auth_secret_key"));
    }

    [Fact]
    public void Admin_defaults_never_print_the_password()
    {
        Assert.DoesNotContain(Admin.Password!, Admin.ToString(), StringComparison.Ordinal);
    }
}
