using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Ushadow.Core.Shared;

namespace Ushadow.Build.Generator.Tests;

/// <summary>Builds compilations and runs the generator the way the compiler does, with tracked steps.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    /// <summary>The build-time values of a shared <c>gold</c> environment, by catalogue key.</summary>
    public static Dictionary<string, string> SharedGoldValues() => new()
    {
        [ResolvedValueCatalogue.EnvName] = "gold",
        [ResolvedValueCatalogue.ComposeProjectName] = "ushadow-gold",
        [ResolvedValueCatalogue.DatabaseMode] = "shared",
        [ResolvedValueCatalogue.MongoDatabase] = "ushadow",
        [ResolvedValueCatalogue.RedisDatabase] = "3",
        [ResolvedValueCatalogue.RedisIsolation] = "database",
        [ResolvedValueCatalogue.RedisKeyPrefix] = "",
        [ResolvedValueCatalogue.RedisUsername] = "",
        [ResolvedValueCatalogue.SharedDatabaseName] = "ushadow",
        [ResolvedValueCatalogue.AppName] = "ushadow",
        [ResolvedValueCatalogue.PortOffset] = "30",
        ["BACKEND_PORT"] = "8030",
        ["WEBUI_PORT"] = "3030",
    };

    /// <summary>Analyzer-config values the Ushadow.Build targets would set for a shared <c>gold</c> environment.</summary>
    public static Dictionary<string, string> SharedGold() => new()
    {
        ["build_property.UshadowEnabled"] = "true",
        [ResolvedValues] = ResolvedValueCatalogue.Encode(SharedGoldValues()),
        ["build_property.UshadowSettingsNamespace"] = "Contoso.Api",
        ["build_property.RootNamespace"] = "Contoso.Api.Root",
    };

    /// <summary>The analyzer-config key of the encoded values.</summary>
    public const string ResolvedValues = "build_property.UshadowResolvedValues";

    /// <summary><paramref name="properties"/> with the resolved value <paramref name="key"/> replaced (or removed when <c>null</c>), encoded again.</summary>
    public static IReadOnlyDictionary<string, string> WithValue(this IReadOnlyDictionary<string, string> properties, string key, string? value)
    {
        var values = ResolvedValueCatalogue.Decode(properties.TryGetValue(ResolvedValues, out var encoded) ? encoded : null);
        if (value is null)
        {
            values.Remove(key);
        }
        else
        {
            values[key] = value;
        }
        return properties.With(ResolvedValues, ResolvedValueCatalogue.Encode(values));
    }

    public static CSharpCompilation CreateCompilation(bool mongo = false, bool redis = false, params string[] sources) =>
        CreateCompilation((mongo ? Libraries.Mongo : 0) | (redis ? Libraries.Redis : 0), sources);

    /// <summary>A compilation against the net8.0 reference assemblies and this test project's copies of <paramref name="libraries"/>.</summary>
    public static CSharpCompilation CreateCompilation(Libraries libraries, params string[] sources) =>
        CreateCompilation(ReferencesOf(libraries), sources);

    /// <summary>The references <paramref name="libraries"/> stand for, each runtime package with the libraries it depends on.</summary>
    public static IEnumerable<MetadataReference> ReferencesOf(Libraries libraries)
    {
        var names = new List<string>();
        if (libraries.HasFlag(Libraries.Mongo) || libraries.HasFlag(Libraries.UshadowMongoDB))
        {
            names.AddRange(["MongoDB.Driver", "MongoDB.Bson"]);
        }
        if (libraries.HasFlag(Libraries.Redis) || libraries.HasFlag(Libraries.UshadowRedis))
        {
            names.AddRange(["StackExchange.Redis", "Pipelines.Sockets.Unofficial"]);
        }
        if ((libraries & (Libraries.Hosting | Libraries.UshadowHosting | Libraries.UshadowMongoDB | Libraries.UshadowRedis | Libraries.UshadowAspire)) != 0)
        {
            names.AddRange(HostingAssemblies);
        }
        if ((libraries & (Libraries.UshadowHosting | Libraries.UshadowMongoDB | Libraries.UshadowRedis)) != 0)
        {
            names.Add("Ushadow.Hosting");
        }
        if (libraries.HasFlag(Libraries.UshadowMongoDB))
        {
            names.Add("Ushadow.Hosting.MongoDB");
        }
        if (libraries.HasFlag(Libraries.UshadowRedis))
        {
            names.Add("Ushadow.Hosting.Redis");
        }
        if (libraries.HasFlag(Libraries.UshadowAspire))
        {
            names.AddRange(["Ushadow.Aspire.Hosting", "Aspire.Hosting"]);
        }
        return ReferencesOf(names.ToArray());
    }

    /// <summary>Microsoft.Extensions.Hosting.Abstractions and what Ushadow.Hosting's API names.</summary>
    public static readonly string[] HostingAssemblies =
    [
        "Microsoft.Extensions.Configuration.Abstractions", "Microsoft.Extensions.Primitives",
        "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Hosting.Abstractions",
        "Microsoft.Extensions.FileProviders.Abstractions", "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.Diagnostics.Abstractions", "Microsoft.Extensions.Options",
        "Microsoft.Extensions.Diagnostics.HealthChecks", "Microsoft.Extensions.Diagnostics.HealthChecks.Abstractions",
    ];

    /// <summary>A compilation against the net8.0 reference assemblies and <paramref name="libraryReferences"/>.</summary>
    public static CSharpCompilation CreateCompilation(IEnumerable<MetadataReference> libraryReferences, params string[] sources)
    {
        var references = new List<MetadataReference>(Net80.References.All);
        references.AddRange(libraryReferences);
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
        Run(properties, (mongo ? Libraries.Mongo : 0) | (redis ? Libraries.Redis : 0));

    public static GeneratorRunResult Run(IReadOnlyDictionary<string, string> properties, Libraries libraries) =>
        CreateDriver(properties).RunGenerators(CreateCompilation(libraries)).GetRunResult().Results.Single();

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

    /// <summary>
    /// References to the assemblies of this project's packages, for net8.0: the copy in the output folder where it
    /// was built for net8.0 or older, else the same package version's net8.0 build from the NuGet cache.
    /// </summary>
    public static IEnumerable<MetadataReference> ReferencesOf(params string[] assemblyNames) =>
        assemblyNames.Select(name =>
        {
            var copy = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            if (!name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            {
                return MetadataReference.CreateFromFile(copy);
            }
            // Microsoft.Extensions.* are copied as their net10.0 builds, which net8.0 reference assemblies cannot compile against.
            var version = FileVersionInfo.GetVersionInfo(copy).ProductVersion!.Split('+')[0];
            return NuGetPackage(name, version);
        });

    /// <summary>The package's assembly for the newest framework up to net8.0 that it ships, from the NuGet cache.</summary>
    public static MetadataReference NuGetPackage(string id, string version)
    {
        var lib = Path.Combine(PackageRoot, id.ToLowerInvariant(), version, "lib");
        foreach (var framework in new[] { "net8.0", "net6.0", "net5.0", "netcoreapp3.1", "netstandard2.1", "netstandard2.0" })
        {
            var path = Path.Combine(lib, framework, id + ".dll");
            if (File.Exists(path))
            {
                return MetadataReference.CreateFromFile(path);
            }
        }
        throw new FileNotFoundException($"{id} {version} is not in {lib}: restore the test project (its PackageDownload items fetch the old versions).");
    }

    private static readonly string PackageRoot = typeof(GeneratorHarness).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "NuGetPackageRoot").Value!;

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

/// <summary>Libraries a test compilation references, as this project's own (newest) versions.</summary>
[Flags]
public enum Libraries
{
    None = 0,
    /// <summary>MongoDB.Driver alone.</summary>
    Mongo = 1,
    /// <summary>StackExchange.Redis alone.</summary>
    Redis = 2,
    /// <summary>Microsoft.Extensions.Hosting.Abstractions (with configuration, DI and health checks).</summary>
    Hosting = 8,
    /// <summary>The Ushadow.Hosting package (with what it depends on).</summary>
    UshadowHosting = 32,
    /// <summary>The Ushadow.Hosting.MongoDB package (with Ushadow.Hosting and MongoDB.Driver).</summary>
    UshadowMongoDB = 64,
    /// <summary>The Ushadow.Hosting.Redis package (with Ushadow.Hosting and StackExchange.Redis).</summary>
    UshadowRedis = 128,
    /// <summary>The Ushadow.Aspire.Hosting package (with Aspire.Hosting and the hosting abstractions): an AppHost.</summary>
    UshadowAspire = 256,
    /// <summary>Every runtime package and every library of a backend.</summary>
    All = Mongo | Redis | Hosting | UshadowHosting | UshadowMongoDB | UshadowRedis,
}
