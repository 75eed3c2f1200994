using Microsoft.CodeAnalysis;

namespace Ushadow.Build.Generator.Tests;

/// <summary>
/// A consumer and its generated bridge compiled against the runtime packages' assemblies with the net8.0 reference
/// assemblies and the oldest and newest versions of the libraries the packages support (the project file downloads
/// them). Running on those versions is tested end to end (Ushadow.Build.Tests' RuntimePackageTests).
/// </summary>
public sealed class CompatibilityTests
{
    private const string Consumer = """
        namespace Contoso.Api
        {
            /// <summary>Uses every bridge member.</summary>
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

    private static readonly string[] RuntimePackages = ["Ushadow.Hosting", "Ushadow.Hosting.MongoDB", "Ushadow.Hosting.Redis"];

    [Fact]
    public void The_bridge_compiles_against_the_oldest_supported_libraries()
    {
        // Microsoft.Extensions.* 8.0.0 (IHostApplicationBuilder's first release), MongoDB.Driver 3.11.1, StackExchange.Redis 2.6.70.
        var references = GeneratorHarness.HostingAssemblies.Select(name => GeneratorHarness.NuGetPackage(name, "8.0.0"))
            .Concat([
                GeneratorHarness.NuGetPackage("MongoDB.Driver", "3.11.1"), GeneratorHarness.NuGetPackage("MongoDB.Bson", "3.11.1"),
                GeneratorHarness.NuGetPackage("StackExchange.Redis", "2.6.70"), GeneratorHarness.NuGetPackage("Pipelines.Sockets.Unofficial", "2.2.8"),
            ])
            .Concat(GeneratorHarness.ReferencesOf(RuntimePackages));

        AssertCompilesWithEverything(references);
    }

    [Fact]
    public void The_bridge_compiles_against_the_newest_libraries()
    {
        // This project's Microsoft.Extensions.* 10.0 and MongoDB.Driver 3.14, and StackExchange.Redis 3.x.
        var references = GeneratorHarness.ReferencesOf(GeneratorHarness.HostingAssemblies)
            .Concat(GeneratorHarness.ReferencesOf("MongoDB.Driver", "MongoDB.Bson"))
            .Concat([GeneratorHarness.NuGetPackage("StackExchange.Redis", "3.4.35"), GeneratorHarness.NuGetPackage("Pipelines.Sockets.Unofficial", "2.2.16")])
            .Concat(GeneratorHarness.ReferencesOf(RuntimePackages));

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
        Assert.Empty(emit.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden));
        // The bridge was generated with both drivers.
        var options = compilation.GetTypeByMetadataName("Contoso.Api.UshadowOptions");
        Assert.NotNull(options);
        Assert.Equal("Ushadow.Hosting.UshadowOptions", options.BaseType!.ToDisplayString());
    }
}
