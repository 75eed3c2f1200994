using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Ushadow.Core.Shared;

namespace Ushadow.Build.Generator.Tests;

/// <summary>
/// <c>UshadowSettings.SchemaVersion</c> (README, Schema changes in shared mode): there only when the project declares
/// <c>UshadowSchemaVersion</c>, handed to Ushadow.Hosting with the state folder the build used.
/// </summary>
public sealed class SchemaVersionGeneratorTests
{
    private static IReadOnlyDictionary<string, string> Declaring(string version, string? stateDirectory = "/home/dev/.config/ushadow-launcher")
    {
        IReadOnlyDictionary<string, string> properties = GeneratorHarness.SharedGold();
        properties = properties.WithValue(ResolvedValueCatalogue.SchemaVersionKey, version);
        return stateDirectory is null ? properties : properties.WithValue(ResolvedValueCatalogue.SchemaStateDirectoryKey, stateDirectory);
    }

    private static string GeneratedText(Compilation compilation) =>
        compilation.SyntaxTrees.Single(tree => tree.FilePath.EndsWith(UshadowSettingsGenerator.HintName, StringComparison.Ordinal)).GetText().ToString();

    [Theory]
    [MemberData(nameof(GeneratedCodeCompilationTests.Configurations), MemberType = typeof(GeneratedCodeCompilationTests))]
    public void A_project_without_a_schema_version_gets_nothing_about_schemas(Libraries libraries)
    {
        var (compilation, diagnostics) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(libraries), GeneratorHarness.SharedGold());

        Assert.Empty(diagnostics);
        Assert.DoesNotContain("Schema", GeneratedText(compilation), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(GeneratedCodeCompilationTests.Configurations), MemberType = typeof(GeneratedCodeCompilationTests))]
    public void A_declared_schema_version_is_a_long_constant_and_compiles_without_warnings(Libraries libraries)
    {
        var (compilation, diagnostics) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(libraries), Declaring("202612071200"));

        Assert.Empty(diagnostics);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden));
        var field = compilation.GetTypeByMetadataName("Contoso.Api.UshadowSettings")!.GetMembers("SchemaVersion").OfType<IFieldSymbol>().Single();
        Assert.Equal(SpecialType.System_Int64, field.Type.SpecialType);
        Assert.Equal(202612071200L, field.ConstantValue);
    }

    [Fact]
    public void The_bridge_hands_the_schema_version_and_state_folder_to_Ushadow_Hosting()
    {
        var (compilation, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(Libraries.UshadowHosting), Declaring("4", "/tmp/state \"quoted\""));
        using var stream = new MemoryStream();
        Assert.True(compilation.Emit(stream).Success);
        stream.Position = 0;
        var context = new AssemblyLoadContext("generated", isCollectible: true);
        try
        {
            var type = context.LoadFromStream(stream).GetType("Contoso.Api.UshadowSettings", throwOnError: true)!;
            var build = (Ushadow.Hosting.UshadowBuildValues)type.GetField("Build", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

            Assert.Equal(4L, build.SchemaVersion);
            Assert.Equal("/tmp/state \"quoted\"", build.SchemaStateDirectory);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_team_registry_build_hands_over_no_state_folder()
    {
        var (compilation, _) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(Libraries.UshadowHosting), Declaring("4", stateDirectory: null));

        Assert.Contains("SchemaVersion = SchemaVersion, SchemaStateDirectory = null", GeneratedText(compilation), StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_version_that_is_not_a_whole_number_is_USH4002_naming_the_key()
    {
        var (_, diagnostics) = GeneratorHarness.Generate(GeneratorHarness.CreateCompilation(), Declaring("4.5"));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.GeneratorInvalidValue, diagnostic.Id);
        Assert.Contains(ResolvedValueCatalogue.SchemaVersionKey, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
