using FsCheck;
using FsCheck.Xunit;
using Ushadow.Core.Secrets;
using YamlDotNet.Serialization;

namespace Ushadow.Core.Tests.Secrets;

public class SecretsDocumentProperties
{
    private const string Existing = "# keep\nadmin:\n  email: a@b.c # note\napi_keys:\n  openai: 'sk-1'\n";

    [Property(MaxTest = 500)]
    public bool Any_value_of_valid_text_reads_back_unchanged_and_the_rest_of_the_file_stays(NonNull<string> generated)
    {
        // Text from a JSON or YAML source is valid UTF-16; a lone surrogate cannot be written as UTF-8 at all.
        var value = new string(generated.Get.Where(c => !char.IsSurrogate(c)).ToArray());
        var document = SecretsDocument.Parse(Existing, "/x/secrets.yaml");

        document.AddIfMissing("admin", "password", value);

        var yaml = new DeserializerBuilder().Build().Deserialize<Dictionary<string, Dictionary<string, string>>>(document.Text);
        return yaml["admin"]["password"] == value
            && document.Text.StartsWith("# keep\nadmin:\n  email: a@b.c # note\n", StringComparison.Ordinal)
            && document.Text.EndsWith("api_keys:\n  openai: 'sk-1'\n", StringComparison.Ordinal);
    }
}
