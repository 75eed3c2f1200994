using Ushadow.Core;

namespace Ushadow.Core.Tests;

public class DatabaseModeTests
{
    [Theory]
    [InlineData("shared", DatabaseMode.Shared)]
    [InlineData(" Isolated ", DatabaseMode.Isolated)]
    [InlineData("SHARED", DatabaseMode.Shared)]
    public void Modes_parse_ignoring_case_and_spaces(string text, DatabaseMode expected)
    {
        Assert.True(DatabaseModes.TryParse(text, out var mode));
        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("isolate")]
    public void Other_text_is_not_a_mode(string? text) => Assert.False(DatabaseModes.TryParse(text, out _));
}
