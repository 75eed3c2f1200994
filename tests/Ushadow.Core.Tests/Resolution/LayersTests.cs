using System.Text.Json;
using Ushadow.Core.Model;

namespace Ushadow.Core.Tests.Resolution;

public sealed class LayersTests
{
    // Names, not the enum: the core's types are internal, and a public test method cannot take one.
    public static TheoryData<string> AllLayers() => new(Enum.GetNames<SettingLayer>());

    [Theory]
    [MemberData(nameof(AllLayers))]
    public void Each_layer_is_written_in_camel_case_and_read_back(string name)
    {
        var layer = Enum.Parse<SettingLayer>(name);
        var text = Layers.ToText(layer);

        // The names in the registry and in `ushadow explain --json` are System.Text.Json's camelCase of the member.
        Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(layer.ToString()), text);
        Assert.True(Layers.TryParse(text, out var parsed));
        Assert.Equal(layer, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("EnvFileEdit")]
    [InlineData("dockerContext")]
    public void A_name_no_layer_writes_is_not_parsed(string text) =>
        Assert.False(Layers.TryParse(text, out _));
}
