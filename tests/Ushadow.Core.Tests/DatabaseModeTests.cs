using Ushadow.Core.Model;

namespace Ushadow.Core.Tests;

public class DatabaseModeTests
{
    [Theory]
    [InlineData("shared", nameof(DatabaseMode.Shared))]
    [InlineData(" Isolated ", nameof(DatabaseMode.Isolated))]
    [InlineData("SHARED", nameof(DatabaseMode.Shared))]
    public void Modes_parse_ignoring_case_and_spaces(string text, string expected)
    {
        Assert.True(DatabaseModes.TryParse(text, out var mode));
        Assert.Equal(Enum.Parse<DatabaseMode>(expected), mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("isolate")]
    public void Other_text_is_not_a_mode(string? text) => Assert.False(DatabaseModes.TryParse(text, out _));
}
