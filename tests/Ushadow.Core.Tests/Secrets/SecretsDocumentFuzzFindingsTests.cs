using Ushadow.Core.Diagnostics;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;
using Ushadow.Core.Tests.Fuzz;

namespace Ushadow.Core.Tests.Secrets;

/// <summary>Defects build/fuzz found in the secrets.yaml editor, each as its shrunk case.</summary>
public class SecretsDocumentFuzzFindingsTests
{
    [Theory]
    // YamlDotNet's scanner threw InvalidOperationException (USH1000 in a build) instead of a YamlException.
    [InlineData(":\t[\n<", 1)]
    [InlineData("...", 1)]
    // An alias to no anchor passed the event parser; every loader refuses the file.
    [InlineData(": *0", 1)]
    [InlineData("admin:\n  email: *nowhere\n", 2)]
    public void Text_no_YAML_loader_reads_is_USH1006_naming_the_line(string text, int line)
    {
        var error = Assert.Throws<UshadowException>(() => SecretsDocument.Parse(text, "/x/secrets.yaml").AddIfMissing("admin", "email", "e"));

        Assert.Equal(DiagnosticCodes.InvalidSecretsFile, error.Diagnostic.Code);
        Assert.Contains($"/x/secrets.yaml: line {line}:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // A new 'security:' section hid the merged one, and with it security.d, from PyYAML.
    [InlineData("<<: {security: {d: 1}}\n", "security", "auth_secret_key")]
    // A new key hid the merged value of the same key: session_secret was 'd' for PyYAML, then the new value.
    [InlineData("<<: {security: {session_secret: d}}\n", "security", "session_secret")]
    [InlineData("base: &b\n  email: a@b.c\nadmin:\n  <<: *b\n", "admin", "email")]
    public void Adding_to_a_mapping_with_a_merge_key_is_USH1006_and_changes_nothing(string text, string section, string key)
    {
        var document = SecretsDocument.Parse(text, "/x/secrets.yaml");

        var error = Assert.Throws<UshadowException>(() => document.AddIfMissing(section, key, "new"));

        Assert.Equal(DiagnosticCodes.InvalidSecretsFile, error.Diagnostic.Code);
        Assert.Contains("merge key", error.Message, StringComparison.Ordinal);
        Assert.Equal(text, document.Text);
        Assert.False(document.Changed);
    }

    [Fact]
    public void A_mapping_with_a_merge_key_still_takes_keys_into_its_other_sections()
    {
        const string Text = "base: &b\n  email: a@b.c\nadmin:\n  <<: *b\nsecurity:\n  auth_secret_key: k\n";
        var fuzzCase = SecretsFuzzer.Apply(0, Text, [new("security", "session_secret", "s")]);

        Assert.Null(fuzzCase.Refusal);
        Assert.Equal("passes", FuzzRun.JudgeOne(fuzzCase));
    }
}
