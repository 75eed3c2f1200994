using Ushadow.Core.Diagnostics;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;
using YamlDotNet.Serialization;

namespace Ushadow.Core.Tests.Secrets;

public class SecretsDocumentReplaceTests
{
    private const string FilePath = "/envs/dev/config/SECRETS/secrets.yaml";

    private static string ReadBack(string text, string section, string key) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<string, Dictionary<string, string>>>(text)[section][key];

    [Fact]
    public void A_plain_value_is_replaced_and_every_other_byte_stays()
    {
        var text = "# admin account\nadmin:\n  name: Administrator\n  password: old-one\n  email: a@b.c\nsecurity:\n  auth_secret_key: k\n";
        var document = SecretsDocument.Parse(text, FilePath);

        Assert.True(document.Replace("admin", "password", "new-one"));

        Assert.Equal(text.Replace("password: old-one", "password: \"new-one\"", StringComparison.Ordinal), document.Text);
    }

    [Theory]
    [InlineData("'old one'")]
    [InlineData("\"old \\\" one\"")]
    [InlineData("\"old\\nline\"")]
    public void A_quoted_value_is_replaced_quotes_and_all(string oldScalar)
    {
        var document = SecretsDocument.Parse($"admin:\n  password: {oldScalar}\n  email: a@b.c\n", FilePath);

        document.Replace("admin", "password", "B");

        Assert.Equal("admin:\n  password: \"B\"\n  email: a@b.c\n", document.Text);
    }

    [Fact]
    public void A_comment_after_the_value_survives()
    {
        var document = SecretsDocument.Parse("admin:\n  password: old   # set by the launcher\n  email: a@b.c # login\n", FilePath);

        document.Replace("admin", "password", "new");

        Assert.Equal("admin:\n  password: \"new\"   # set by the launcher\n  email: a@b.c # login\n", document.Text);
    }

    [Theory]
    [InlineData("with \"quotes\"")]
    [InlineData("a:b")]
    [InlineData("has # hash")]
    [InlineData("line one\nline two")]
    [InlineData("p\"a:ss #w'o\\rd\nline two\ttab")]
    public void A_value_with_yaml_characters_reads_back_exactly(string value)
    {
        var document = SecretsDocument.Parse("admin:\n  password: old # note\n  email: a@b.c\n", FilePath);

        document.Replace("admin", "password", value);

        Assert.Equal(value, ReadBack(document.Text, "admin", "password"));
        Assert.Equal(value, SecretsDocument.Parse(document.Text, FilePath).Get("admin", "password"));
        Assert.Equal("a@b.c", ReadBack(document.Text, "admin", "email"));
        Assert.EndsWith(" # note\n  email: a@b.c\n", document.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("|")]
    [InlineData(">-")]
    public void A_block_scalar_becomes_one_quoted_line_and_the_next_key_keeps_its_place(string indicator)
    {
        var text = $"admin:\n  password: {indicator}\n    old\n    text\n  email: a@b.c\nsecurity:\n  k: v\n";
        var document = SecretsDocument.Parse(text, FilePath);

        document.Replace("admin", "password", "new");

        Assert.Equal("new", ReadBack(document.Text, "admin", "password"));
        Assert.Equal("a@b.c", ReadBack(document.Text, "admin", "email"));
        Assert.StartsWith("admin:\n  password: \"new\"\n", document.Text, StringComparison.Ordinal);
        Assert.EndsWith("  email: a@b.c\nsecurity:\n  k: v\n", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_line_breaks_are_kept()
    {
        var document = SecretsDocument.Parse("admin:\r\n  password: old\r\n  email: a@b.c\r\n", FilePath);

        document.Replace("admin", "password", "new");

        Assert.Equal("admin:\r\n  password: \"new\"\r\n  email: a@b.c\r\n", document.Text);
    }

    [Fact]
    public void The_same_value_changes_nothing()
    {
        var text = "admin:\n  password: 'same'\n";
        var document = SecretsDocument.Parse(text, FilePath);

        Assert.False(document.Replace("admin", "password", "same"));

        Assert.False(document.Changed);
        Assert.Equal(text, document.Text);
    }

    [Fact]
    public void A_missing_key_or_section_is_added()
    {
        var document = SecretsDocument.Parse("admin:\n  email: a@b.c\n  name:\n", FilePath);

        Assert.True(document.Replace("admin", "password", "p"));
        Assert.True(document.Replace("admin", "name", "n"));
        Assert.True(document.Replace("security", "session_secret", "s"));

        Assert.Equal("admin:\n  email: a@b.c\n  name: \"n\"\n  password: \"p\"\nsecurity:\n  session_secret: \"s\"\n", document.Text);
    }

    [Fact]
    public void A_list_is_not_overwritten_and_the_error_quotes_no_text()
    {
        var text = "admin:\n  password:\n    - secret-item\n";
        var document = SecretsDocument.Parse(text, FilePath);

        var error = Assert.Throws<UshadowException>(() => document.Replace("admin", "password", "new"));

        Assert.Equal(DiagnosticCodes.InvalidSecretsFile, error.Diagnostic.Code);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-item", error.Message, StringComparison.Ordinal);
        Assert.Equal(text, document.Text);
    }

    [Fact]
    public void A_tagged_value_is_replaced_tag_and_all()
    {
        var document = SecretsDocument.Parse("admin:\n  password: !!str old\n", FilePath);

        document.Replace("admin", "password", "new");

        Assert.Equal("admin:\n  password: \"new\"\n", document.Text);
    }

    [Fact]
    public void A_value_with_an_anchor_used_elsewhere_is_refused_and_left_alone()
    {
        var text = "admin:\n  password: &pw old\n  backup: *pw\n";
        var document = SecretsDocument.Parse(text, FilePath);

        var error = Assert.Throws<UshadowException>(() => document.Replace("admin", "password", "new"));

        Assert.Equal(DiagnosticCodes.InvalidSecretsFile, error.Diagnostic.Code);
        Assert.Equal(text, document.Text);
    }
}
