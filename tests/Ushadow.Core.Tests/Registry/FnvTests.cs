using Ushadow.Core.Registry;

namespace Ushadow.Core.Tests.Registry;

public class Fnv1aTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void Fnv1a_matches_the_published_test_vectors(string text, uint expected) =>
        Assert.Equal(expected, Fnv1a.Hash(text));

    [Fact]
    public void Fnv1a_hashes_utf8_bytes_so_non_ascii_names_are_stable()
    {
        // "é" is C3 A9 in UTF-8; hashing UTF-16 code units would give another value.
        var expected = 0x811C9DC5u;
        foreach (var b in new byte[] { 0xC3, 0xA9 })
        {
            expected = unchecked((expected ^ b) * 16777619u);
        }
        Assert.Equal(expected, Fnv1a.Hash("é"));
        Assert.Equal(Fnv1a.Hash("gold"), Fnv1a.Hash(new string("gold".ToCharArray())));
    }
}
