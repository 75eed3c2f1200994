using System.Diagnostics;
using System.Globalization;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Ushadow.Build.Generator;

// Times UshadowSettingsGenerator on a 500-file compilation that references MongoDB.Driver and StackExchange.Redis:
// the first run of a fresh driver, and the rerun after an unrelated edit (which must hit the cache).
const int FileCount = 500;
const int Warmup = 3;
const int Iterations = 21;

var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);
var trees = Enumerable.Range(0, FileCount)
    .Select(i => CSharpSyntaxTree.ParseText(SourceFile(i, version: 0), parseOptions, path: $"File{i}.cs"))
    .ToArray();
var references = Net80.References.All
    .Concat(new[] { "MongoDB.Driver", "MongoDB.Bson", "StackExchange.Redis", "Pipelines.Sockets.Unofficial" }
        .Select(name => MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, name + ".dll"))))
    .ToArray();
var options = new BenchOptionsProvider(new Dictionary<string, string>
{
    ["build_property.UshadowEnabled"] = "true",
    ["build_property.UshadowResolvedValues"] =
        "ENV_NAME=gold,COMPOSE_PROJECT_NAME=ushadow-gold,DATABASE_MODE=isolated,MONGODB_DATABASE=ushadow_gold,REDIS_DATABASE=3,SHARED_DATABASE_NAME=ushadow,APP_NAME=ushadow",
    ["build_property.UshadowSettingsNamespace"] = "Bench.App",
});

var first = new List<double>();
var cached = new List<double>();
for (var iteration = 0; iteration < Warmup + Iterations; iteration++)
{
    var compilation = CSharpCompilation.Create($"Bench{iteration}", trees, references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    GeneratorDriver driver = CSharpGeneratorDriver.Create(
        [new UshadowSettingsGenerator().AsSourceGenerator()],
        parseOptions: parseOptions,
        optionsProvider: options,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    var watch = Stopwatch.StartNew();
    driver = driver.RunGenerators(compilation);
    var firstMs = watch.Elapsed.TotalMilliseconds;

    var edited = compilation.ReplaceSyntaxTree(trees[iteration % FileCount],
        CSharpSyntaxTree.ParseText(SourceFile(iteration % FileCount, version: iteration + 1), parseOptions, path: $"File{iteration % FileCount}.cs"));
    watch.Restart();
    driver = driver.RunGenerators(edited);
    var cachedMs = watch.Elapsed.TotalMilliseconds;

    var result = driver.GetRunResult().Results.Single();
    if (result.GeneratedSources.Length != 1 || result.Diagnostics.Length != 0)
    {
        throw new InvalidOperationException("The generator did not produce exactly one source without diagnostics.");
    }
    if (iteration >= Warmup)
    {
        first.Add(firstMs);
        cached.Add(cachedMs);
    }
}

var firstMedian = Median(first);
var cachedMedian = Median(cached);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"UshadowSettingsGenerator, {FileCount} files, {Iterations} iterations after {Warmup} warm-up"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first run     median {firstMedian,8:F3} ms  (min {first.Min():F3}, max {first.Max():F3})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cached rerun  median {cachedMedian,8:F3} ms  (min {cached.Min():F3}, max {cached.Max():F3})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio cached/first   {cachedMedian / firstMedian:F3}"));

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string SourceFile(int index, int version) => $$"""
    namespace Bench.App.Feature{{index % 25}}
    {
        public sealed class Service{{index}}
        {
            private readonly int seed = {{version}};

            public int Compute(int value) => value * {{index}} + seed;

            public string Describe() => "Service{{index}} v{{version}}";
        }
    }
    """;

internal sealed class BenchOptionsProvider(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
{
    private readonly Options _global = new(values);
    private static readonly Options Empty = new(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }
}
