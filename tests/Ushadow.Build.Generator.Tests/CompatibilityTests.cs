using Microsoft.CodeAnalysis;

namespace Ushadow.Build.Generator.Tests;

/// <summary>
/// Generated code against the net8.0 reference assemblies with the oldest and the newest versions of the libraries it
/// uses (the project file downloads them); net10.0 with this project's own references is the test project itself.
/// </summary>
public sealed class CompatibilityTests
{
    private const string Consumer = """
        namespace Contoso.Api
        {
            /// <summary>Uses every generated member.</summary>
            public static class Startup
            {
                /// <summary>Registers the environment's services.</summary>
                public static void Configure(global::Microsoft.Extensions.Hosting.IHostApplicationBuilder builder) =>
                    builder.AddUshadow(options =>
                    {
                        options.ConfigureMongo = settings => settings.ApplicationName = "contoso";
                        options.ConfigureRedis = redis => redis.ClientName = "contoso";
                    });

                /// <summary>Uses the helpers.</summary>
                public static string Describe(global::Microsoft.Extensions.Configuration.IConfiguration configuration)
                {
                    UshadowSettings settings = UshadowSettings.Resolve(configuration);
                    return settings.CreateMongoClientSettings().ApplicationName + settings.CreateRedisConfigurationOptions().DefaultDatabase;
                }
            }
        }
        """;

    private static readonly string[] ExtensionAssemblies =
    [
        "Microsoft.Extensions.Configuration.Abstractions", "Microsoft.Extensions.Primitives",
        "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Hosting.Abstractions",
        "Microsoft.Extensions.FileProviders.Abstractions", "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.Diagnostics.Abstractions", "Microsoft.Extensions.Options",
        "Microsoft.Extensions.Diagnostics.HealthChecks", "Microsoft.Extensions.Diagnostics.HealthChecks.Abstractions",
    ];

    [Fact]
    public void Generated_code_compiles_against_the_oldest_supported_libraries()
    {
        // Microsoft.Extensions.* 8.0.0 (IHostApplicationBuilder's first release), MongoDB.Driver 2.30.0, StackExchange.Redis 2.6.70.
        var references = ExtensionAssemblies.Select(name => GeneratorHarness.NuGetPackage(name, "8.0.0"))
            .Concat([
                GeneratorHarness.NuGetPackage("MongoDB.Driver", "2.30.0"), GeneratorHarness.NuGetPackage("MongoDB.Driver.Core", "2.30.0"), GeneratorHarness.NuGetPackage("MongoDB.Bson", "2.30.0"),
                GeneratorHarness.NuGetPackage("StackExchange.Redis", "2.6.70"), GeneratorHarness.NuGetPackage("Pipelines.Sockets.Unofficial", "2.2.8"),
            ]);

        AssertCompilesWithEverything(references);
    }

    [Fact]
    public void Generated_code_compiles_against_the_newest_libraries()
    {
        // This project's Microsoft.Extensions.* 10.0 and MongoDB.Driver 3.x, and StackExchange.Redis 3.x.
        var references = GeneratorHarness.ReferencesOf(ExtensionAssemblies)
            .Concat(GeneratorHarness.ReferencesOf("MongoDB.Driver", "MongoDB.Bson"))
            .Concat([GeneratorHarness.NuGetPackage("StackExchange.Redis", "3.4.35"), GeneratorHarness.NuGetPackage("Pipelines.Sockets.Unofficial", "2.2.16")]);

        AssertCompilesWithEverything(references);
    }

    private static void AssertCompilesWithEverything(IEnumerable<MetadataReference> references)
    {
        var (compilation, generatorDiagnostics) = GeneratorHarness.Generate(
            GeneratorHarness.CreateCompilation(references, Consumer), GeneratorHarness.SharedGold());

        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);

        Assert.Empty(generatorDiagnostics);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        Assert.Empty(emit.Diagnostics);
        // Every part was generated: the hosting extension with both clients and their health checks.
        var extensions = compilation.GetTypeByMetadataName("Contoso.Api.UshadowHostingExtensions");
        Assert.NotNull(extensions);
        Assert.Single(extensions.GetTypeMembers("MongoHealthCheck"));
        Assert.Single(extensions.GetTypeMembers("RedisHealthCheck"));
    }
}
