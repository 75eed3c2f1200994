using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ushadow.Build.Generator.Tests;

/// <summary>The generated file compiled as a consumer compiles it: with and without each runtime package and library.</summary>
public sealed class GeneratedCodeCompilationTests
{
    private const string Constants = """
        namespace Contoso.Api
        {
            /// <summary>Uses the build-time constants.</summary>
            public static class Constants
            {
                /// <summary>Describes the databases.</summary>
                public static string Describe() =>
                    UshadowSettings.BuildTime.MongoDatabaseName + "/" + UshadowSettings.BuildTime.RedisDatabase + "/" + UshadowSettings.BuildTime.PortOffset
                    + (UshadowSettings.BuildTime.DatabaseMode == UshadowDatabaseMode.Shared ? "/shared" : "/isolated");
            }
        }
        """;

    private const string RunTime = """
        namespace Contoso.Api
        {
            /// <summary>Uses the bridge into Ushadow.Hosting.</summary>
            public static class RunTime
            {
                /// <summary>Registers the environment's services.</summary>
                public static void Configure(global::Microsoft.Extensions.Hosting.IHostApplicationBuilder builder) =>
                    builder.AddUshadow(options => options.RegisterHealthChecks = false);

                /// <summary>The effective values.</summary>
                public static string Describe()
                {
                    UshadowSettings settings = UshadowSettings.Current;
                    UshadowDatabaseMode mode = settings.DatabaseMode;
                    return settings.ToString() + mode + UshadowSettings.Resolve(name => null).EnvironmentName;
                }
            }
        }
        """;

    private const string Mongo = """
        namespace Contoso.Api
        {
            /// <summary>Uses the MongoDB bridge.</summary>
            public static class MongoUse
            {
                /// <summary>The database.</summary>
                public static string Name() => UshadowSettings.Current.GetMongoDatabase().DatabaseNamespace.DatabaseName;

                /// <summary>Registers with a hook.</summary>
                public static void Configure(global::Microsoft.Extensions.Hosting.IHostApplicationBuilder builder) =>
                    builder.AddUshadow(options => options.ConfigureMongo = settings => settings.ApplicationName = "contoso");
            }
        }
        """;

    private const string Redis = """
        namespace Contoso.Api
        {
            /// <summary>Uses the Redis bridge.</summary>
            public static class RedisUse
            {
                /// <summary>The options.</summary>
                public static int Database() => UshadowSettings.Current.CreateRedisConfigurationOptions().DefaultDatabase ?? -1;

                /// <summary>Registers with a hook.</summary>
                public static void Configure(global::Microsoft.Extensions.Hosting.IHostApplicationBuilder builder) =>
                    builder.AddUshadow(options => options.ConfigureRedis = redis => redis.ClientName = "contoso");
            }
        }
        """;

    private const string AppHost = """
        using Aspire.Hosting;
        using Aspire.Hosting.ApplicationModel;

        namespace Contoso.Api
        {
            /// <summary>An AppHost's model.</summary>
            public static class AppHostModel
            {
                /// <summary>Adds the environment and gives it to a resource.</summary>
                public static int Configure(IDistributedApplicationBuilder builder)
                {
                    IResourceBuilder<UshadowEnvironmentResource> ushadow = builder.AddUshadowEnvironment();
                    builder.AddExecutable("backend", "backend", ".").WithUshadow(ushadow).WithUshadowEndpoint(ushadow, "BACKEND_PORT");
                    return ushadow.Resource.RedisDatabase;
                }
            }
        }
        """;

    public static TheoryData<Libraries> Configurations() =>
    [
        Libraries.None, Libraries.Mongo, Libraries.Redis, Libraries.Mongo | Libraries.Redis, Libraries.Hosting,
        Libraries.Hosting | Libraries.Mongo | Libraries.Redis, Libraries.UshadowHosting, Libraries.UshadowHosting | Libraries.Mongo | Libraries.Redis,
        Libraries.UshadowMongoDB, Libraries.UshadowRedis, Libraries.UshadowMongoDB | Libraries.UshadowRedis, Libraries.All,
        Libraries.UshadowAspire, Libraries.UshadowAspire | Libraries.Hosting,
    ];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Generated_code_compiles_without_warnings_and_stays_under_about_100_lines(Libraries libraries)
    {
        var sources = new List<string> { Constants };
        if (libraries.HasFlag(Libraries.UshadowHosting) || libraries.HasFlag(Libraries.UshadowMongoDB) || libraries.HasFlag(Libraries.UshadowRedis))
        {
            sources.Add(RunTime);
        }
        if (libraries.HasFlag(Libraries.UshadowMongoDB))
        {
            sources.Add(Mongo);
        }
        if (libraries.HasFlag(Libraries.UshadowRedis))
        {
            sources.Add(Redis);
        }
        if (libraries.HasFlag(Libraries.UshadowAspire))
        {
            sources.Add(AppHost);
        }

        var (compilation, generatorDiagnostics) = GeneratorHarness.Generate(
            GeneratorHarness.CreateCompilation(libraries, [.. sources]), GeneratorHarness.SharedGold());
        var generated = compilation.SyntaxTrees.Single(tree => tree.FilePath.EndsWith(UshadowSettingsGenerator.HintName, StringComparison.Ordinal));

        Assert.Empty(generatorDiagnostics);
        // The file says "#nullable enable annotations"; compiled with full flow analysis it must still be clean.
        var strict = compilation.ReplaceSyntaxTree(generated, generated.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From(generated.GetText().ToString().Replace("#nullable enable annotations", "#nullable enable", StringComparison.Ordinal))));
        Assert.Empty(strict.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden));
        Assert.InRange(generated.GetText().Lines.Count, 20, 105);
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp9, false)]
    [InlineData(LanguageVersion.CSharp10, true)]
    public void The_run_time_type_aliases_are_global_usings_only_from_CSharp_10(LanguageVersion version, bool aliased)
    {
        const string Consumer = """
            namespace Contoso.Api
            {
                /// <summary>Uses the build-time values with the run-time types named in full.</summary>
                public static class Consumer
                {
                    /// <summary>Whether the build chose shared mode.</summary>
                    public static bool Shared => UshadowSettings.BuildTime.DatabaseMode == global::Ushadow.Hosting.UshadowDatabaseMode.Shared;
                }
            }
            """;
        var options = GeneratorHarness.ParseOptions.WithLanguageVersion(version);
        var compilation = GeneratorHarness.CreateCompilation(Libraries.UshadowMongoDB | Libraries.UshadowRedis, Consumer);
        compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Select(tree => tree.WithRootAndOptions(tree.GetRoot(), options)));
        CSharpGeneratorDriver.Create([new UshadowSettingsGenerator().AsSourceGenerator()], parseOptions: options, optionsProvider: GeneratorHarness.Options(GeneratorHarness.SharedGold()))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var text = output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith(UshadowSettingsGenerator.HintName, StringComparison.Ordinal)).GetText().ToString();

        Assert.Empty(generatorDiagnostics);
        Assert.Equal(aliased, text.Contains("global using UshadowDatabaseMode = global::Ushadow.Hosting.UshadowDatabaseMode;", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden));
    }

    [Fact]
    public void Without_Ushadow_Hosting_a_run_time_member_fails_to_compile_naming_the_package()
    {
        const string HostConsumer = """
            namespace Contoso.Api
            {
                /// <summary>Registers the environment's services.</summary>
                public static class Startup
                {
                    /// <summary>Registers them.</summary>
                    public static void Configure(global::Microsoft.Extensions.Hosting.IHostApplicationBuilder builder) => builder.AddUshadow();
                }
            }
            """;
        var (compilation, _) = GeneratorHarness.Generate(
            GeneratorHarness.CreateCompilation(Libraries.Hosting, RunTime, HostConsumer), GeneratorHarness.SharedGold());

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.NotEmpty(errors);
        Assert.DoesNotContain(errors, e => e.Id == "CS0117");
        Assert.All(errors.Where(e => e.Id == "CS0619"), e => Assert.Contains("add a PackageReference to Ushadow.Hosting", e.GetMessage(), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Id == "CS0619" && e.GetMessage().Contains("Current", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Id == "CS0619" && e.GetMessage().Contains("Resolve", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Id == "CS0619" && e.GetMessage().Contains("AddUshadow", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Libraries.UshadowHosting | Libraries.Mongo, Mongo, "Ushadow.Hosting.MongoDB", "GetMongoDatabase")]
    [InlineData(Libraries.UshadowHosting | Libraries.Redis, Redis, "Ushadow.Hosting.Redis", "CreateRedisConfigurationOptions")]
    public void A_driver_helper_without_its_runtime_package_fails_to_compile_naming_that_package(Libraries libraries, string consumer, string package, string member)
    {
        var (compilation, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(libraries, consumer), GeneratorHarness.SharedGold());

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.Contains(errors, e => e.Id == "CS0619" && e.GetMessage().Contains(member, StringComparison.Ordinal)
            && e.GetMessage().Contains($"add a PackageReference to {package} ", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Id == "CS1061" && e.GetMessage().Contains(member, StringComparison.Ordinal));
    }

    [Fact]
    public void The_AddUshadow_stub_needs_the_IHostApplicationBuilder_of_hosting_abstractions_8_or_later()
    {
        // Hosting.Abstractions 6.0 has no IHostApplicationBuilder: an assembly of that name below 8.0 must not count.
        var compilation = GeneratorHarness.CreateCompilation(Libraries.None).AddReferences(FakeAssembly("Microsoft.Extensions.Hosting", "Microsoft.Extensions.Hosting.Abstractions", "6.0.0.0"));

        var (output, diagnostics) = GeneratorHarness.Generate(compilation, GeneratorHarness.SharedGold());

        Assert.Empty(diagnostics);
        Assert.Null(output.GetTypeByMetadataName("Contoso.Api.UshadowHostingExtensions"));
        Assert.NotNull(output.GetTypeByMetadataName("Contoso.Api.UshadowSettings"));
    }

    [Theory]
    [InlineData("9.9.9.0", true)]
    [InlineData(null, false)]
    public void A_runtime_package_of_another_version_gets_USH4003(string? version, bool warned)
    {
        var own = typeof(UshadowSettingsGenerator).Assembly.GetName().Version!.ToString();
        var compilation = GeneratorHarness.CreateCompilation(Libraries.None).AddReferences(FakeAssembly("Ushadow.Hosting", "Ushadow.Hosting", version ?? own));

        var (_, diagnostics) = GeneratorHarness.Generate(compilation, GeneratorHarness.SharedGold());

        var warning = diagnostics.SingleOrDefault(d => d.Id == "USH4003");
        Assert.Equal(warned, warning is not null);
        if (warned)
        {
            Assert.Equal(DiagnosticSeverity.Warning, warning!.DefaultSeverity);
            Assert.Contains("Ushadow.Hosting 9.9.9", warning.GetMessage(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, Accessibility.Internal)]
    [InlineData("false", Accessibility.Internal)]
    [InlineData("true", Accessibility.Public)]
    public void Generated_types_are_internal_unless_UshadowSettingsPublic_is_true(string? settingsPublic, Accessibility expected)
    {
        var properties = GeneratorHarness.SharedGold().With("build_property.UshadowSettingsPublic", settingsPublic);

        var (withPackages, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(Libraries.All), properties);
        var (alone, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(Libraries.Hosting), properties);

        Assert.All(
            new[] { "UshadowSettings", "UshadowOptions", "UshadowHostingExtensions" },
            name => Assert.Equal(expected, withPackages.GetTypeByMetadataName("Contoso.Api." + name)!.DeclaredAccessibility));
        Assert.All(
            new[] { "UshadowSettings", "UshadowDatabaseMode", "UshadowHostingExtensions" },
            name => Assert.Equal(expected, alone.GetTypeByMetadataName("Contoso.Api." + name)!.DeclaredAccessibility));
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
        Assert.Equal(30, Constant("PortOffset"));
        Assert.Equal(8030, Constant("BackendPort"));
    }

    [Fact]
    public void The_bridge_hands_the_build_time_values_to_Ushadow_Hosting_when_loaded()
    {
        var (compilation, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(Libraries.UshadowHosting), GeneratorHarness.SharedGold());
        using var stream = new MemoryStream();
        Assert.True(compilation.Emit(stream).Success);
        stream.Position = 0;
        var context = new AssemblyLoadContext("generated", isCollectible: true);
        try
        {
            var type = context.LoadFromStream(stream).GetType("Contoso.Api.UshadowSettings", throwOnError: true)!;
            var resolve = type.GetMethod("Resolve", [typeof(Func<string, string?>)])!;
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

    /// <summary>An assembly named <paramref name="assemblyName"/> at <paramref name="version"/>, with one empty interface.</summary>
    private static MetadataReference FakeAssembly(string @namespace, string assemblyName, string version) =>
        CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyVersion(\"{version}\")] namespace {@namespace} {{ public interface IMarker {{ }} }}")],
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).ToMetadataReference();
}
