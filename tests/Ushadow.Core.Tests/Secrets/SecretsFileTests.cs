using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Model;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Tests.Secrets;

public class SecretsFileTests
{
    private const UnixFileMode Mode0644 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public void A_new_secrets_file_is_written_with_mode_0600()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "config", "SECRETS", "secrets.yaml");
        var document = SecretsFile.Read(path);
        EnvironmentSecrets.Complete(document, DatabaseMode.Isolated, null, null);

        Assert.True(SecretsFile.Write(path, document));

        Assert.Equal(document.Text, File.ReadAllText(path));
        Assert.Equal(AtomicFile.OwnerOnly, UnixMode.Of(path));
    }

    [Fact]
    public void An_existing_0644_file_becomes_0600_when_a_value_is_added()
    {
        using var folder = new TempFolder();
        var path = folder.File("secrets.yaml");
        File.WriteAllText(path, "security:\n  auth_secret_key: k\n");
        UnixMode.Set(path, Mode0644);

        var document = SecretsFile.Read(path);
        EnvironmentSecrets.Complete(document, DatabaseMode.Isolated, null, null);
        SecretsFile.Write(path, document);

        Assert.Equal(AtomicFile.OwnerOnly, UnixMode.Of(path));
        Assert.StartsWith("security:\n  auth_secret_key: k\n  session_secret: \"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_nothing_missing_is_not_rewritten_but_still_becomes_0600()
    {
        using var folder = new TempFolder();
        var path = folder.File("secrets.yaml");
        File.WriteAllText(path, "security:\n  auth_secret_key: k\n  session_secret: s\n");
        UnixMode.Set(path, Mode0644);
        var past = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, past);

        var document = SecretsFile.Read(path);
        EnvironmentSecrets.Complete(document, DatabaseMode.Isolated, null, null);

        Assert.False(SecretsFile.Write(path, document));
        Assert.Equal(past, File.GetLastWriteTimeUtc(path));
        Assert.Equal(AtomicFile.OwnerOnly, UnixMode.Of(path));
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_USH1007_naming_the_path()
    {
        using var folder = new TempFolder();
        var blocker = folder.File("config");
        File.WriteAllText(blocker, "a file where the folder should be");
        var path = Path.Combine(blocker, "secrets.yaml");
        var document = SecretsDocument.Parse(null, path);
        document.AddIfMissing("security", "session_secret", "s3cr3t-value");

        var error = Assert.Throws<UshadowException>(() => SecretsFile.Write(path, document));

        Assert.Equal(DiagnosticCodes.CannotWrite, error.Diagnostic.Code);
        Assert.Contains(path, error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", error.Message, StringComparison.Ordinal);
    }
}
