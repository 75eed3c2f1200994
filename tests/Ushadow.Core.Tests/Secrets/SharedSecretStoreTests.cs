using Ushadow.Core.IO;
using Ushadow.Core.Secrets;

namespace Ushadow.Core.Tests.Secrets;

public class SharedSecretStoreTests
{
    [Fact]
    public void The_shared_key_is_created_once_with_mode_0600_and_then_reused()
    {
        using var folder = new TempFolder();

        var first = SharedSecretStore.GetOrCreateAuthSecretKey(folder.Path, "ushadow", persist: true);
        var path = SharedSecretStore.PathFor(folder.Path, "ushadow");
        var written = File.GetLastWriteTimeUtc(path);
        var second = SharedSecretStore.GetOrCreateAuthSecretKey(folder.Path, "ushadow", persist: true);

        Assert.Equal(first, second);
        Assert.Equal(Path.Combine(folder.Path, "shared", "ushadow.secrets.yaml"), path);
        Assert.Equal(AtomicFile.OwnerOnly, UnixMode.Of(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(first, SecretsFile.Read(path).Get("security", "auth_secret_key"));
    }

    [Fact]
    public void Each_shared_database_has_its_own_key()
    {
        using var folder = new TempFolder();

        Assert.NotEqual(
            SharedSecretStore.GetOrCreateAuthSecretKey(folder.Path, "ushadow", persist: true),
            SharedSecretStore.GetOrCreateAuthSecretKey(folder.Path, "other", persist: true));
    }

    [Fact]
    public void A_build_that_must_not_write_gets_a_key_without_a_file()
    {
        using var folder = new TempFolder();

        var key = SharedSecretStore.GetOrCreateAuthSecretKey(folder.Path, "ushadow", persist: false);

        Assert.Equal(43, key.Length);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "shared")));
    }

    [Fact]
    public void A_key_already_stored_is_returned_even_when_not_persisting()
    {
        using var folder = new TempFolder();
        var stored = SharedSecretStore.GetOrCreateAuthSecretKey(folder.Path, "ushadow", persist: true);

        Assert.Equal(stored, SharedSecretStore.GetOrCreateAuthSecretKey(folder.Path, "ushadow", persist: false));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    public void A_database_name_that_is_not_a_file_name_is_refused(string database)
    {
        using var folder = new TempFolder();

        Assert.Throws<ArgumentException>(() => SharedSecretStore.GetOrCreateAuthSecretKey(folder.Path, database, persist: true));
    }
}
