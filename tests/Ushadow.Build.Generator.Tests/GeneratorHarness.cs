using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ushadow.Build.Generator.Tests;

/// <summary>Builds compilations and runs the generator the way the compiler does, with tracked steps.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    /// <summary>Analyzer-config values the Ushadow.Build targets would set for a shared <c>gold</c> environment.</summary>
    public static Dictionary<string, string> SharedGold() => new()
    {
        ["build_property.UshadowEnabled"] = "true",
        ["build_property.UshadowResolvedAppName"] = "ushadow",
        ["build_property.UshadowResolvedEnvName"] = "gold",
        ["build_property.UshadowResolvedDatabaseMode"] = "shared",
        ["build_property.UshadowResolvedMongoDatabase"] = "ushadow",
        ["build_property.UshadowResolvedRedisDatabase"] = "3",
        ["build_property.UshadowResolvedComposeProjectName"] = "ushadow-gold",
        ["build_property.UshadowResolvedSharedDatabaseName"] = "ushadow",
        ["build_property.UshadowSettingsNamespace"] = "Contoso.Api",
        ["build_property.RootNamespace"] = "Contoso.Api.Root",
    };

    public static CSharpCompilation CreateCompilation(bool mongo = false, bool redis = false, params string[] sources)
    {
        var references = new List<MetadataReference>(Net80.References.All);
        if (mongo)
        {
            references.AddRange(ReferencesOf("MongoDB.Driver", "MongoDB.Bson"));
        }
        if (redis)
        {
            references.AddRange(ReferencesOf("StackExchange.Redis", "Pipelines.Sockets.Unofficial"));
        }
        var trees = (sources.Length == 0 ? ["namespace Contoso.Api { /// <summary>Entry.</summary>\n public static class Program { } }"] : sources)
            .Select((text, index) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"Source{index}.cs"));
        return CSharpCompilation.Create(
            "Consumer",
            trees,
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                // The .NET SDK's own defaults (NoWarn 1701;1702): reference-version unification notes.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));
    }

    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string> properties) =>
        CSharpGeneratorDriver.Create(
            [new UshadowSettingsGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: Options(properties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRunResult Run(IReadOnlyDictionary<string, string> properties, bool mongo = false, bool redis = false) =>
        CreateDriver(properties).RunGenerators(CreateCompilation(mongo, redis)).GetRunResult().Results.Single();

    public static string GeneratedText(this GeneratorRunResult result) =>
        result.GeneratedSources.Single(source => source.HintName == UshadowSettingsGenerator.HintName).SourceText.ToString();

    /// <summary>Runs the generator into <paramref name="compilation"/> and returns the compilation with the generated tree.</summary>
    public static (Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics) Generate(
        CSharpCompilation compilation, IReadOnlyDictionary<string, string> properties)
    {
        CreateDriver(properties).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, diagnostics);
    }

    public static AnalyzerConfigOptionsProvider Options(IReadOnlyDictionary<string, string> properties) => new GlobalOptionsProvider(properties);

    private static IEnumerable<MetadataReference> ReferencesOf(params string[] assemblyNames) =>
        assemblyNames.Select(name => MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, name + ".dll")));

    public static IReadOnlyDictionary<string, string> With(this IReadOnlyDictionary<string, string> properties, string key, string? value)
    {
        var copy = new Dictionary<string, string>(properties);
        if (value is null)
        {
            copy.Remove(key);
        }
        else
        {
            copy[key] = value;
        }
        return copy;
    }

    private sealed class GlobalOptionsProvider(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
    }

    private sealed class DictionaryOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
