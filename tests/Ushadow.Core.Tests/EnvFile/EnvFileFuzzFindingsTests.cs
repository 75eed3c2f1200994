using System.Text;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.EnvFile;
using Ushadow.Core.IO;
using Ushadow.Core.Shared;
using Ushadow.Core.Tests.Fuzz;
using Ushadow.Core.Tests.Resolution;

namespace Ushadow.Core.Tests.EnvFile;

/// <summary>Defects build/fuzz found in the .env editor, each as its shrunk case, judged by python-dotenv.</summary>
public sealed class EnvFileFuzzFindingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ushadow-envfuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    // A quoted value appended after an unclosed quote closed it: python-dotenv read neither key.
    [InlineData("T=\"", "ENV_NAME", "a b", "T=\"\nENV_NAME='a b'\n")]
    [InlineData("T=\"\nA=1\n", "MONGODB_DATABASE", "it's", null)]
    [InlineData("T='", "ENV_NAME", "a b", "T='\nENV_NAME=\"a b\"\n")]
    // Rewritten in place, the new quotes closed an earlier unclosed one and swallowed the lines between.
    [InlineData("A=\"\nB=1\nENV_NAME=x\n", "ENV_NAME", "a#b", "A=\"\nB=1\nENV_NAME='a#b'\n")]
    public void A_value_that_needs_quotes_after_an_unclosed_quote_reads_back_or_is_refused(string before, string key, string value, string? after)
    {
        var document = EnvFileDocument.Parse(before, "/x/.env");

        if (after is null)
        {
            // No quoting works: USH1007 naming the file, and the document is unchanged.
            var error = Assert.Throws<UshadowException>(() => document.Set(key, value));
            Assert.Equal(DiagnosticCodes.CannotWrite, error.Diagnostic.Code);
            Assert.Contains("/x/.env", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, document.Text);
            return;
        }

        document.Set(key, value);

        Assert.Equal(after, document.Text);
        Assert.Equal("passes", FuzzRun.JudgeOne(EnvFileFuzzer.Apply(0, before, [new(key, value)])));
    }

    [Fact]
    public void A_byte_order_mark_survives_the_read_edit_write_of_a_build()
    {
        // It was dropped on read, so the first key python-dotenv reads ("\ufeffA") changed to "A".
        var path = Path.Combine(_folder, ".env");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "A=1\n"u8]);

        var document = EnvFileDocument.Parse(AtomicFile.ReadAllTextOrNull(path, keepByteOrderMark: true), path);
        document.Set("ENV_NAME", "dev");
        AtomicFile.WriteIfChanged(path, document.Text);

        Assert.Equal([0xEF, 0xBB, 0xBF, .. "A=1\nENV_NAME=dev\n"u8], File.ReadAllBytes(path));
        Assert.Equal("passes", FuzzRun.JudgeOne(EnvFileFuzzer.Apply(0, "\uFEFFA=1\n", [new("ENV_NAME", "dev")])));
    }

    [Fact]
    public void A_file_with_a_byte_order_mark_and_nothing_to_change_is_not_rewritten()
    {
        var path = Path.Combine(_folder, ".env");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "ENV_NAME=dev\n"u8]);
        var text = AtomicFile.ReadAllTextOrNull(path, keepByteOrderMark: true)!;

        Assert.False(AtomicFile.WriteIfChanged(path, text));
        Assert.Equal(Encoding.UTF8.GetBytes("\uFEFFENV_NAME=dev\n"), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_build_keeps_the_byte_order_mark_of_env_and_secrets_and_a_second_build_writes_neither()
    {
        using var world = new ProvisionWorld();
        File.WriteAllBytes(world.EnvFile, [0xEF, 0xBB, 0xBF, .. "API=1\n"u8]);
        Directory.CreateDirectory(Path.GetDirectoryName(world.SecretsFile)!);
        File.WriteAllBytes(world.SecretsFile, [0xEF, 0xBB, 0xBF, .. "# mine\n"u8]);

        world.Provision(ProvisionWorld.Gold());
        var second = world.Provision(ProvisionWorld.Gold(), now: ProvisionWorld.T0.AddDays(1));

        Assert.StartsWith("\uFEFFAPI=1\nENV_NAME=gold\n", Encoding.UTF8.GetString(File.ReadAllBytes(world.EnvFile)), StringComparison.Ordinal);
        Assert.StartsWith("\uFEFF# mine\n", Encoding.UTF8.GetString(File.ReadAllBytes(world.SecretsFile)), StringComparison.Ordinal);
        Assert.DoesNotContain(world.EnvFile, second.WrittenFiles);
        Assert.DoesNotContain(world.SecretsFile, second.WrittenFiles);
    }
}
