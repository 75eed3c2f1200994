using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Ushadow.Build.Generator.Tests;

public sealed class GeneratedCodeCompilationTests
{
    private const string Consumer = """
        namespace Contoso.Api
        {
            /// <summary>Uses the generated settings.</summary>
            public static class Program
            {
                /// <summary>Describes the databases.</summary>
                public static string Describe() =>
                    UshadowSettings.BuildTime.MongoDatabaseName + "/" + UshadowSettings.BuildTime.RedisDatabase + "/" + UshadowSettings.Current.EnvironmentName;
            }
        }
        """;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Generated_code_compiles_and_emits_with_no_diagnostic_under_nullable_and_warnings_as_errors(bool mongo, bool redis)
    {
        var (compilation, generatorDiagnostics) = GeneratorHarness.Generate(
            GeneratorHarness.CreateCompilation(mongo, redis, Consumer), GeneratorHarness.SharedGold());

        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(compilation.GetDiagnostics());
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        Assert.Empty(emit.Diagnostics);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Client_helpers_exist_exactly_when_their_library_is_referenced(bool mongo, bool redis)
    {
        var (compilation, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(mongo, redis), GeneratorHarness.SharedGold());

        var settings = compilation.GetTypeByMetadataName("Contoso.Api.UshadowSettings");

        Assert.NotNull(settings);
        var members = settings.GetMembers().Select(member => member.Name).ToHashSet();
        Assert.Equal(mongo, members.Contains("GetMongoDatabase"));
        Assert.Equal(mongo, members.Contains("CreateMongoClientSettings"));
        Assert.Equal(redis, members.Contains("GetRedisDatabase"));
        Assert.Equal(redis, members.Contains("CreateRedisConfigurationOptions"));
        Assert.Contains("Resolve", members);
        Assert.Contains("Current", members);
        Assert.Contains("BuildTime", members);
        Assert.NotNull(compilation.GetTypeByMetadataName("Contoso.Api.UshadowDatabaseMode"));
        Assert.NotNull(compilation.GetTypeByMetadataName("Contoso.Api.UshadowSettingsException"));
    }

    [Fact]
    public void Build_time_constants_carry_the_resolved_values()
    {
        var (compilation, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(), GeneratorHarness.SharedGold());

        var buildTime = compilation.GetTypeByMetadataName("Contoso.Api.UshadowSettings+BuildTime")!;
        object? Constant(string name) => buildTime.GetMembers(name).OfType<IFieldSymbol>().Single().ConstantValue;

        Assert.Equal("ushadow", Constant("AppName"));
        Assert.Equal("gold", Constant("EnvironmentName"));
        Assert.Equal(0, Constant("DatabaseMode"));
        Assert.Equal("ushadow", Constant("MongoDatabaseName"));
        Assert.Equal(3, Constant("RedisDatabase"));
        Assert.Equal("ushadow-gold", Constant("ComposeProjectName"));
        Assert.Equal("ushadow", Constant("SharedDatabaseName"));
    }

    [Fact]
    public void Generated_code_without_client_libraries_resolves_at_run_time_when_loaded()
    {
        var (compilation, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(), GeneratorHarness.SharedGold());
        using var stream = new MemoryStream();
        Assert.True(compilation.Emit(stream).Success);
        stream.Position = 0;
        var context = new AssemblyLoadContext("generated", isCollectible: true);
        try
        {
            var type = context.LoadFromStream(stream).GetType("Contoso.Api.UshadowSettings", throwOnError: true)!;
            var resolve = type.GetMethod("Resolve")!;
            var variables = new Dictionary<string, string> { ["REDIS_DATABASE"] = "9" };

            var settings = resolve.Invoke(null, [new Func<string, string?>(name => variables.GetValueOrDefault(name))])!;

            Assert.Equal(9, type.GetProperty("RedisDatabase")!.GetValue(settings));
            Assert.Equal("ushadow", type.GetProperty("MongoDatabaseName")!.GetValue(settings));
            Assert.Equal("gold (shared): MongoDB database ushadow, Redis database 9", settings.ToString());
        }
        finally
        {
            context.Unload();
        }
    }
}
