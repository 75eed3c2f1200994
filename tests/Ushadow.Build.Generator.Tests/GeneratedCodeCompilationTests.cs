using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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

    private const string HostConsumer = """
        namespace Contoso.Api
        {
            /// <summary>Uses the generated host extension.</summary>
            public static class Startup
            {
                /// <summary>Registers the environment's services.</summary>
                public static void Configure(global::Microsoft.Extensions.Hosting.IHostApplicationBuilder builder) =>
                    builder.AddUshadow(options => { });
            }
        }
        """;

    [Theory]
    [InlineData(Libraries.None)]
    [InlineData(Libraries.Mongo)]
    [InlineData(Libraries.Redis)]
    [InlineData(Libraries.Mongo | Libraries.Redis)]
    [InlineData(Libraries.Configuration)]
    [InlineData(Libraries.Hosting)]
    [InlineData(Libraries.Hosting | Libraries.Mongo)]
    [InlineData(Libraries.Hosting | Libraries.Redis)]
    [InlineData(Libraries.HealthChecks)]
    [InlineData(Libraries.HealthChecks | Libraries.Mongo)]
    [InlineData(Libraries.HealthChecks | Libraries.Redis)]
    [InlineData(Libraries.All)]
    public void Generated_code_compiles_and_emits_with_no_diagnostic_under_nullable_and_warnings_as_errors(Libraries libraries)
    {
        string[] sources = libraries.HasFlag(Libraries.Hosting) || libraries.HasFlag(Libraries.HealthChecks) ? [Consumer, HostConsumer] : [Consumer];
        var (compilation, generatorDiagnostics) = GeneratorHarness.Generate(
            GeneratorHarness.CreateCompilation(libraries, sources), GeneratorHarness.SharedGold());

        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);

        Assert.Empty(generatorDiagnostics);
        Assert.True(compilation.GetDiagnostics().IsEmpty, string.Join("\n", compilation.GetDiagnostics()));
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        Assert.Empty(emit.Diagnostics);

        // The file enables nullable annotations only (consumers' builds skip its flow analysis): checked here with
        // the warnings on, so the generated code stays free of nullable warnings.
        var generated = compilation.SyntaxTrees.Single(tree => tree.FilePath.EndsWith(UshadowSettingsGenerator.HintName, StringComparison.Ordinal));
        var text = generated.GetText().ToString();
        Assert.Contains("#nullable enable annotations\n", text);
        var strict = compilation.ReplaceSyntaxTree(generated, generated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            text.Replace("#nullable enable annotations\n", "#nullable enable\n", StringComparison.Ordinal))));
        Assert.True(strict.GetDiagnostics().IsEmpty, string.Join("\n", strict.GetDiagnostics()));
    }

    [Theory]
    [InlineData(Libraries.None)]
    [InlineData(Libraries.Mongo)]
    [InlineData(Libraries.Redis)]
    [InlineData(Libraries.Mongo | Libraries.Redis)]
    [InlineData(Libraries.Configuration)]
    [InlineData(Libraries.Hosting)]
    [InlineData(Libraries.Hosting | Libraries.Mongo)]
    [InlineData(Libraries.HealthChecks | Libraries.Redis)]
    [InlineData(Libraries.All)]
    public void Members_exist_exactly_when_their_libraries_are_referenced(Libraries libraries)
    {
        bool mongo = libraries.HasFlag(Libraries.Mongo);
        bool redis = libraries.HasFlag(Libraries.Redis);
        bool healthChecks = libraries.HasFlag(Libraries.HealthChecks);
        bool hosting = healthChecks || libraries.HasFlag(Libraries.Hosting);
        bool configuration = hosting || libraries.HasFlag(Libraries.Configuration);
        var (compilation, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(libraries), GeneratorHarness.SharedGold());

        var settings = compilation.GetTypeByMetadataName("Contoso.Api.UshadowSettings");

        Assert.NotNull(settings);
        var members = settings.GetMembers().Select(member => member.Name).ToHashSet();
        Assert.Equal(mongo, members.Contains("GetMongoDatabase"));
        Assert.Equal(mongo, members.Contains("CreateMongoClientSettings"));
        Assert.Equal(redis, members.Contains("GetRedisDatabase"));
        Assert.Equal(redis, members.Contains("CreateRedisConfigurationOptions"));
        Assert.Equal(configuration ? 2 : 1, settings.GetMembers("Resolve").Count(member => member.DeclaredAccessibility == Accessibility.Public));
        Assert.Equal(configuration, members.Contains("ConfigurationKeys"));
        Assert.Contains("Current", members);
        Assert.Contains("BuildTime", members);
        Assert.NotNull(compilation.GetTypeByMetadataName("Contoso.Api.UshadowDatabaseMode"));
        Assert.NotNull(compilation.GetTypeByMetadataName("Contoso.Api.UshadowSettingsException"));

        var extensions = compilation.GetTypeByMetadataName("Contoso.Api.UshadowHostingExtensions");
        var options = compilation.GetTypeByMetadataName("Contoso.Api.UshadowOptions");
        Assert.Equal(hosting, extensions is not null);
        Assert.Equal(hosting, options is not null);
        if (hosting)
        {
            Assert.Single(extensions!.GetMembers("AddUshadow"));
            var optionNames = options!.GetMembers().Select(member => member.Name).ToHashSet();
            Assert.Equal(mongo, optionNames.Contains("RegisterMongo") && optionNames.Contains("ConfigureMongo"));
            Assert.Equal(redis, optionNames.Contains("RegisterRedis") && optionNames.Contains("ConfigureRedis"));
            Assert.Equal(healthChecks, optionNames.Contains("RegisterHealthChecks"));
            Assert.Equal(healthChecks && mongo, extensions.GetTypeMembers("MongoHealthCheck").Length == 1);
            Assert.Equal(healthChecks && redis, extensions.GetTypeMembers("RedisHealthCheck").Length == 1);
        }
    }

    [Fact]
    public void AddUshadow_needs_the_IHostApplicationBuilder_of_hosting_abstractions_8_or_later()
    {
        // Hosting.Abstractions 6.0 has no IHostApplicationBuilder: an assembly of that name below 8.0 must not count.
        var old = CSharpCompilation.Create(
            "Microsoft.Extensions.Hosting.Abstractions",
            [CSharpSyntaxTree.ParseText("[assembly: System.Reflection.AssemblyVersion(\"6.0.0.0\")] namespace Microsoft.Extensions.Hosting { public interface IHost { } }")],
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var compilation = GeneratorHarness.CreateCompilation(Libraries.Configuration).AddReferences(old.ToMetadataReference());

        var (output, diagnostics) = GeneratorHarness.Generate(compilation, GeneratorHarness.SharedGold());

        Assert.Empty(diagnostics);
        Assert.Null(output.GetTypeByMetadataName("Contoso.Api.UshadowHostingExtensions"));
        Assert.NotNull(output.GetTypeByMetadataName("Contoso.Api.UshadowSettings"));
    }

    [Theory]
    [InlineData(null, Accessibility.Internal)]
    [InlineData("false", Accessibility.Internal)]
    [InlineData("true", Accessibility.Public)]
    public void Generated_types_are_internal_unless_UshadowSettingsPublic_is_true(string? settingsPublic, Accessibility expected)
    {
        var properties = GeneratorHarness.SharedGold().With("build_property.UshadowSettingsPublic", settingsPublic);

        var (compilation, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(Libraries.All), properties);

        Assert.All(
            new[] { "UshadowSettings", "UshadowDatabaseMode", "UshadowSettingsException", "UshadowOptions", "UshadowHostingExtensions" },
            name => Assert.Equal(expected, compilation.GetTypeByMetadataName("Contoso.Api." + name)!.DeclaredAccessibility));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_app_that_references_a_library_with_its_own_settings_compiles_unless_both_are_public(bool settingsPublic)
    {
        // The issue: Directory.Build.props adds the package to a library and the app that uses it; both generate settings.
        var properties = GeneratorHarness.SharedGold().With("build_property.UshadowSettingsPublic", settingsPublic ? "true" : null);
        var (library, _) = GeneratorHarness.Generate(
            GeneratorHarness.CreateCompilation(Libraries.All, "namespace Contoso.Lib { /// <summary>Library.</summary>\n public static class Store { /// <summary>Name.</summary>\n public const string Name = \"store\"; } }")
                .WithAssemblyName("Contoso.Lib"),
            properties.With("build_property.UshadowSettingsNamespace", "Contoso.Lib"));
        using var image = new MemoryStream();
        var libraryEmit = library.Emit(image);
        Assert.True(libraryEmit.Success, string.Join("\n", libraryEmit.Diagnostics));
        var app = GeneratorHarness.CreateCompilation(
                Libraries.All,
                """
                using Contoso.Lib;
                using Contoso.App;

                /// <summary>The app.</summary>
                public static class Program
                {
                    /// <summary>Its databases.</summary>
                    public static string Describe(global::Microsoft.Extensions.Hosting.IHostApplicationBuilder builder) =>
                        builder.AddUshadow().Environment.EnvironmentName + UshadowSettings.Current + Store.Name;
                }
                """)
            .WithAssemblyName("Contoso.App")
            .AddReferences(MetadataReference.CreateFromImage(image.ToArray()));

        var (output, diagnostics) = GeneratorHarness.Generate(app, properties.With("build_property.UshadowSettingsNamespace", "Contoso.App"));
        var errors = output.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Select(diagnostic => diagnostic.Id).ToList();

        Assert.Empty(diagnostics);
        if (settingsPublic)
        {
            Assert.Contains("CS0104", errors);   // 'UshadowSettings' is an ambiguous reference
            Assert.Contains("CS0121", errors);   // the call to AddUshadow is ambiguous
        }
        else
        {
            Assert.Empty(errors);
        }
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
