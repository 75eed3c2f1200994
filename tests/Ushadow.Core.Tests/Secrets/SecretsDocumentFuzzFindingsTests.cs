using Ushadow.Core.Secrets;

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
}
