using Ushadow.Core.Inputs;
using Ushadow.Core.Model;

namespace Ushadow.Core.Tests.Resolution;

public class RedisNumberTests
{
    [Theory]
    [InlineData("30", 3)]
    [InlineData("0", 0)]
    [InlineData("170", 1)]
    [InlineData(" 30 ", 3)]
    public void PORT_OFFSET_steers_the_Redis_number(string offset, int expected)
    {
        using var world = new ProvisionWorld();

        var redis = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "gold", ["PORT_OFFSET"] = offset }).Environment.RedisDatabase;

        Assert.Equal(expected, redis.Value);
        Assert.Contains("PORT_OFFSET", redis.From.ToString(), StringComparison.Ordinal);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), world.EnvValue("REDIS_DATABASE"));
    }

    [Fact]
    public void A_registered_environment_keeps_its_number_with_registry_provenance()
    {
        using var world = new ProvisionWorld();
        world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "gold", ["PORT_OFFSET"] = "30" });

        var redis = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "gold", ["PORT_OFFSET"] = "50" }).Environment.RedisDatabase;

        Assert.Equal(3, redis.Value);
        Assert.Equal(SettingLayer.Registry, redis.From.Layer);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-10")]
    [InlineData("1e3")]
    public void A_PORT_OFFSET_that_is_not_a_whole_number_is_USH1013(string offset)
    {
        using var world = new ProvisionWorld();

        var error = world.Refused(new Dictionary<string, string> { ["ENV_NAME"] = "gold", ["PORT_OFFSET"] = offset });

        Assert.Equal("USH1013", error.Code);
        Assert.Contains("PORT_OFFSET", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{offset}'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(world.EnvFile));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("65537")]
    public void A_bad_RedisDatabaseCount_is_USH1014(string count)
    {
        using var world = new ProvisionWorld();

        var error = world.Refused(new Dictionary<string, string> { ["ENV_NAME"] = "gold" }, new BuildProperties { RedisDatabaseCount = count });

        Assert.Equal("USH1014", error.Code);
        Assert.Contains("UshadowRedisDatabaseCount", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{count}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisDatabaseCount_bounds_the_number()
    {
        using var world = new ProvisionWorld();

        var redis = world.Provision(new Dictionary<string, string> { ["ENV_NAME"] = "gold", ["PORT_OFFSET"] = "30" }, new BuildProperties { RedisDatabaseCount = "2" }).Environment.RedisDatabase;

        Assert.Equal(1, redis.Value);
    }
}
