using Ushadow.Core.Diagnostics;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;
using YamlDotNet.Serialization;

namespace Ushadow.Core.Tests.Secrets;

public class SecretsDocumentTests
{
    private const string FilePath = "/envs/dev/config/SECRETS/secrets.yaml";
    private const string Secret = "Zq7-s3cr3t-v4lue";

    private static Dictionary<string, Dictionary<string, string>> Deserialize(string text) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<string, Dictionary<string, string>>>(text);

    [Fact]
    public void Existing_values_are_never_overwritten()
    {
        var text = "security:\n  auth_secret_key: old-key\n  session_secret: 'old-session'\n";
        var document = SecretsDocument.Parse(text, FilePath);

        Assert.False(document.AddIfMissing("security", "auth_secret_key", "new-key"));
        Assert.False(document.AddIfMissing("security", "session_secret", "new-session"));

        Assert.Equal(text, document.Text);
        Assert.False(document.Changed);
        Assert.Equal("old-session", document.Get("security", "session_secret"));
    }

    [Fact]
    public void A_comment_and_an_existing_openai_key_survive_byte_for_byte()
    {
        var text =
            "# my notes: keep me   \n" +
            "api_keys:\n" +
            "  openai: 'sk-proj-abc'   # the team key\n" +
            "security:\n" +
            "  auth_secret_key: \"kept\"\n";
        var document = SecretsDocument.Parse(text, FilePath);

        Assert.True(document.AddIfMissing("security", "session_secret", "s"));
        Assert.True(document.AddIfMissing("admin", "email", "a@b.c"));

        Assert.Equal(
            text + "  session_secret: \"s\"\n" + "admin:\n  email: \"a@b.c\"\n",
            document.Text);
        Assert.Equal("sk-proj-abc", document.Get("api_keys", "openai"));
    }

    [Fact]
    public void A_password_with_quotes_colons_hashes_backslashes_and_newlines_round_trips()
    {
        var password = "p\"a:ss #w'o\\rd\nline two\ttab\u0001";
        var document = SecretsDocument.Parse("admin:\n  email: a@b.c\n", FilePath);

        Assert.True(document.AddIfMissing("admin", "password", password));

        Assert.Equal(password, Deserialize(document.Text)["admin"]["password"]);
        Assert.Equal(password, SecretsDocument.Parse(document.Text, FilePath).Get("admin", "password"));
    }

    [Fact]
    public void A_value_is_appended_to_a_file_without_a_final_newline()
    {
        var document = SecretsDocument.Parse("security:\n  auth_secret_key: k", FilePath);

        document.AddIfMissing("security", "session_secret", "s");
        document.AddIfMissing("admin", "name", "n");

        Assert.Equal("security:\n  auth_secret_key: k\n  session_secret: \"s\"\nadmin:\n  name: \"n\"\n", document.Text);
    }

    [Fact]
    public void A_key_is_inserted_into_a_section_that_is_followed_by_comments_and_another_section()
    {
        var text =
            "security:\n" +
            "  auth_secret_key: k # inline\n" +
            "  # session_secret: to be generated\n" +
            "\n" +
            "# API keys below\n" +
            "api_keys:\n" +
            "  openai: x\n";
        var document = SecretsDocument.Parse(text, FilePath);

        document.AddIfMissing("security", "session_secret", "s");

        Assert.Equal(
            "security:\n" +
            "  auth_secret_key: k # inline\n" +
            "  session_secret: \"s\"\n" +
            "  # session_secret: to be generated\n" +
            "\n" +
            "# API keys below\n" +
            "api_keys:\n" +
            "  openai: x\n",
            document.Text);
    }

    [Fact]
    public void A_key_after_a_nested_mapping_or_block_scalar_goes_after_its_last_line()
    {
        var text = "admin:\n  note: |\n    line one\n    line two\n  nested:\n    deep: 1\nsecurity:\n  a: b\n";
        var document = SecretsDocument.Parse(text, FilePath);

        document.AddIfMissing("admin", "email", "e");

        Assert.Equal("admin:\n  note: |\n    line one\n    line two\n  nested:\n    deep: 1\n  email: \"e\"\nsecurity:\n  a: b\n", document.Text);
    }

    [Fact]
    public void An_indentation_of_four_spaces_is_respected()
    {
        var document = SecretsDocument.Parse("security:\n    auth_secret_key: k\n", FilePath);

        document.AddIfMissing("security", "session_secret", "s");
        document.AddIfMissing("admin", "email", "e");

        Assert.Equal("security:\n    auth_secret_key: k\n    session_secret: \"s\"\nadmin:\n    email: \"e\"\n", document.Text);
    }

    [Fact]
    public void Windows_line_breaks_are_kept()
    {
        var document = SecretsDocument.Parse("security:\r\n  auth_secret_key: k\r\n", FilePath);

        document.AddIfMissing("security", "session_secret", "s");

        Assert.Equal("security:\r\n  auth_secret_key: k\r\n  session_secret: \"s\"\r\n", document.Text);
    }

    [Fact]
    public void An_empty_section_gets_its_entries_on_the_following_lines()
    {
        var document = SecretsDocument.Parse("admin: # filled by the build\nsecurity:\n  a: b\n", FilePath);

        document.AddIfMissing("admin", "email", "e");

        Assert.Equal("admin: # filled by the build\n  email: \"e\"\nsecurity:\n  a: b\n", document.Text);
    }

    [Fact]
    public void A_key_with_nothing_after_its_colon_is_filled_in_place_but_an_empty_string_counts_as_present()
    {
        var document = SecretsDocument.Parse("security:\n  auth_secret_key:   # todo\n  session_secret: \"\"\n", FilePath);

        Assert.Null(document.Get("security", "auth_secret_key"));
        Assert.True(document.AddIfMissing("security", "auth_secret_key", "k"));
        Assert.False(document.AddIfMissing("security", "session_secret", "s"));

        Assert.Equal("security:\n  auth_secret_key: \"k\"   # todo\n  session_secret: \"\"\n", document.Text);
        Assert.Null(document.Get("security", "session_secret"));
    }

    [Fact]
    public void A_new_section_goes_before_an_explicit_document_end()
    {
        var document = SecretsDocument.Parse("---\nsecurity:\n  a: b\n...\n", FilePath);

        document.AddIfMissing("admin", "email", "e");

        Assert.Equal("---\nsecurity:\n  a: b\nadmin:\n  email: \"e\"\n...\n", document.Text);
    }

    [Fact]
    public void A_missing_file_is_an_empty_document_that_takes_new_sections()
    {
        var document = SecretsDocument.Parse(null, FilePath);

        Assert.True(document.IsNew);
        Assert.Null(document.Get("security", "auth_secret_key"));
        document.AddIfMissing("security", "auth_secret_key", "k");

        Assert.Equal("security:\n  auth_secret_key: \"k\"\n", document.Text);
        Assert.True(document.Changed);
    }

    [Theory]
    [InlineData("security:\n  auth_secret_key: \"" + Secret + "\n", 2)]
    [InlineData("security:\n  auth_secret_key: " + Secret + "\n    bad: " + Secret + ": x\n", 3)]
    [InlineData(Secret + "\n", 1)]
    [InlineData("- " + Secret + "\n", 1)]
    [InlineData("{security: {auth_secret_key: " + Secret + "}}\n", 1)]
    [InlineData("a: " + Secret + "\n---\nb: " + Secret + "\n", 2)]
    public void An_unusable_file_is_USH1006_naming_the_file_and_line_without_any_value(string text, int line)
    {
        var error = Assert.Throws<UshadowException>(() => SecretsDocument.Parse(text, FilePath));

        Assert.Equal(DiagnosticCodes.InvalidSecretsFile, error.Diagnostic.Code);
        Assert.Equal(FilePath, error.Diagnostic.File);
        Assert.StartsWith($"{FilePath}: line {line}: ", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Theory]
    [InlineData("security: {auth_secret_key: " + Secret + "}\n", "a flow mapping")]
    [InlineData("security: " + Secret + "\n", "a single value")]
    [InlineData("security:\n  - " + Secret + "\n", "a list")]
    [InlineData("security:\n  a: 1\nsecurity:\n  b: " + Secret + "\n", "second time")]
    [InlineData("security:\n  session_secret: " + Secret + "\n  session_secret: x\n", "second time")]
    public void A_section_that_is_not_a_block_mapping_is_USH1006_without_any_value(string text, string problem)
    {
        var document = SecretsDocument.Parse(text, FilePath);

        var error = Assert.Throws<UshadowException>(() => document.AddIfMissing("security", "session_secret", "s"));

        Assert.Equal(DiagnosticCodes.InvalidSecretsFile, error.Diagnostic.Code);
        Assert.StartsWith(FilePath + ": line ", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.Equal(text, document.Text);
    }

    [Fact]
    public void Foreign_sections_of_any_shape_are_left_alone()
    {
        var text = "extra: {a: 1}\nlist: [1, 2]\nsecurity:\n  a: b\n";
        var document = SecretsDocument.Parse(text, FilePath);

        document.AddIfMissing("security", "session_secret", "s");

        Assert.Equal(text + "  session_secret: \"s\"\n", document.Text);
    }

    [Fact]
    public void An_edit_whose_result_differs_from_the_intended_content_is_refused_and_changes_nothing()
    {
        var text = "security:\n  a: b\n";
        var document = SecretsDocument.Parse(text, FilePath);

        // Meant as a new top-level section, but the indentation would put it inside 'security'.
        var error = Assert.Throws<UshadowException>(() => document.AppendVerbatim("  extra: 1\n"));

        Assert.Equal(DiagnosticCodes.InvalidSecretsFile, error.Diagnostic.Code);
        Assert.Equal(text, document.Text);
        Assert.False(document.Changed);
    }

    [Fact]
    public void A_byte_order_mark_is_kept_and_does_not_hide_the_first_section()
    {
        var document = SecretsDocument.Parse("\uFEFFsecurity:\n  auth_secret_key: k\n", FilePath);

        Assert.Equal("k", document.Get("security", "auth_secret_key"));
        document.AddIfMissing("security", "session_secret", "s");

        Assert.Equal("\uFEFFsecurity:\n  auth_secret_key: k\n  session_secret: \"s\"\n", document.Text);
    }

    [Fact]
    public void A_top_level_mapping_that_is_indented_gets_new_sections_at_its_indentation()
    {
        var document = SecretsDocument.Parse("  security:\n      auth_secret_key: k\n", FilePath);

        document.AddIfMissing("admin", "email", "e");

        Assert.Equal("  security:\n      auth_secret_key: k\n  admin:\n      email: \"e\"\n", document.Text);
    }
}
