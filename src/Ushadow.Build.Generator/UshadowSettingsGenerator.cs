using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Ushadow.Core.Shared;

namespace Ushadow.Build.Generator;

/// <summary>
/// Writes <c>&lt;UshadowSettingsNamespace&gt;.UshadowSettings</c> from the values the Ushadow.Build targets resolved
/// (README, The generated UshadowSettings class). Inputs arrive only as compiler-visible MSBuild properties,
/// percent-encoded.
/// </summary>
/// <remarks>
/// Pipeline: options → <see cref="GeneratorInputs"/> → <see cref="SettingsAnalysis"/>, which splits into a
/// diagnostics branch and, combined with the referenced client libraries, the source branch. Every value is
/// a value-equatable record, so an unrelated edit leaves every step cached.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class UshadowSettingsGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-generation tests.</summary>
    public static class TrackingNames
    {
        /// <summary>The decoded property values.</summary>
        public const string Inputs = nameof(Inputs);
        /// <summary>The validated model and its diagnostics.</summary>
        public const string Analysis = nameof(Analysis);
        /// <summary>Only the diagnostics of the analysis.</summary>
        public const string Diagnostics = nameof(Diagnostics);
        /// <summary>The referenced assemblies the generator looks for, and their versions.</summary>
        public const string References = nameof(References);
        /// <summary>Which libraries the compilation references, and whether it takes global usings.</summary>
        public const string Libraries = nameof(Libraries);
        /// <summary>The runtime packages referenced in another version.</summary>
        public const string VersionMismatches = nameof(VersionMismatches);
        /// <summary>The model joined with the libraries: what the emitter reads.</summary>
        public const string Source = nameof(Source);
    }

    /// <summary>The name of the generated file.</summary>
    public const string HintName = "UshadowSettings.g.cs";

    private static readonly DiagnosticDescriptor MissingValues = new(
        DiagnosticCodes.GeneratorMissingValues,
        title: "The Ushadow.Build targets did not run",
        messageFormat: "{0}",
        category: "Ushadow",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticCodes.HelpLink(DiagnosticCodes.GeneratorMissingValues));

    private static readonly DiagnosticDescriptor InvalidValue = new(
        DiagnosticCodes.GeneratorInvalidValue,
        title: "A value for UshadowSettings is not valid",
        messageFormat: "{0}",
        category: "Ushadow",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticCodes.HelpLink(DiagnosticCodes.GeneratorInvalidValue));

    private static readonly DiagnosticDescriptor OtherRuntimeVersion = new(
        DiagnosticCodes.GeneratorRuntimeVersion,
        title: "A Ushadow runtime package has another version than Ushadow.Build",
        messageFormat: "The project references {0} {1}, but Ushadow.Build's generator is {2}: the generated bridge may not match the package; reference the same version of Ushadow.Build and every Ushadow.Hosting package",
        category: "Ushadow",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticCodes.HelpLink(DiagnosticCodes.GeneratorRuntimeVersion));

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var inputs = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadInputs(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Inputs);

        var analysis = inputs
            .Select(static (inputs, _) => SettingsAnalysis.Analyze(inputs))
            .WithTrackingName(TrackingNames.Analysis);

        var diagnostics = analysis
            .Select(static (analysis, _) => analysis.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        // Plain values selected from the compilation: they change only when references do, so edits stay cached.
        // Assembly names, not a type lookup: reading the reference list binds nothing, so each keystroke's rerun stays cheap.
        var references = context.CompilationProvider
            .Select(static (compilation, _) => ReadReferences(compilation))
            .WithTrackingName(TrackingNames.References);

        var libraries = references
            .Select(static (references, _) => references.Libraries)
            .WithTrackingName(TrackingNames.Libraries);

        var versionMismatches = references
            .Select(static (references, _) => references.OtherVersions)
            .WithTrackingName(TrackingNames.VersionMismatches);

        var source = analysis
            .Select(static (analysis, _) => analysis.Settings)
            .Combine(libraries)
            .Select(static (pair, _) => pair.Left is { } settings ? new SettingsSource(settings, pair.Right) : null)
            .WithTrackingName(TrackingNames.Source);

        context.RegisterSourceOutput(diagnostics, static (context, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                var descriptor = diagnostic.Code == DiagnosticCodes.GeneratorMissingValues ? MissingValues : InvalidValue;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, Location.None, diagnostic.Message));
            }
        });

        context.RegisterSourceOutput(versionMismatches, static (context, mismatches) =>
        {
            foreach (var mismatch in mismatches)
            {
                context.ReportDiagnostic(Diagnostic.Create(OtherRuntimeVersion, Location.None, mismatch.Package, mismatch.Version, GeneratorVersion.ToString(3)));
            }
        });

        context.RegisterSourceOutput(source, static (context, source) =>
        {
            if (source is not null)
            {
                context.AddSource(HintName, SourceText.From(UshadowSettingsEmitter.Emit(source), System.Text.Encoding.UTF8));
            }
        });
    }

    /// <summary>The runtime packages, whose assemblies carry the package version (Major.Minor.Patch.0).</summary>
    private static readonly string[] RuntimePackages = { "Ushadow.Hosting", "Ushadow.Hosting.MongoDB", "Ushadow.Hosting.Redis", "Ushadow.Aspire.Hosting" };

    /// <summary>This generator's version, which every runtime package of the same release shares.</summary>
    private static readonly Version GeneratorVersion = typeof(UshadowSettingsGenerator).Assembly.GetName().Version;

    private static CompilationReferences ReadReferences(Compilation compilation)
    {
        var names = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            names[identity.Name] = identity.Version;
        }
        bool References(string name, int minimumMajorVersion = 0) => names.TryGetValue(name, out var version) && version.Major >= minimumMajorVersion;

        var others = new List<RuntimePackageVersion>();
        foreach (var package in RuntimePackages)
        {
            if (names.TryGetValue(package, out var version) && version != GeneratorVersion)
            {
                others.Add(new RuntimePackageVersion(package, version.ToString(3)));
            }
        }
        return new CompilationReferences(
            new ReferencedLibraries(
                Hosting: References("Ushadow.Hosting"),
                HostingMongoDB: References("Ushadow.Hosting.MongoDB"),
                HostingRedis: References("Ushadow.Hosting.Redis"),
                MongoDriver: References("MongoDB.Driver"),
                StackExchangeRedis: References("StackExchange.Redis"),
                // IHostApplicationBuilder arrived in 8.0.
                HostingAbstractions: References("Microsoft.Extensions.Hosting.Abstractions", minimumMajorVersion: 8),
                GlobalUsings: compilation is CSharpCompilation { LanguageVersion: >= LanguageVersion.CSharp10 },
                AspireHosting: References("Ushadow.Aspire.Hosting")),
            new EquatableArray<RuntimePackageVersion>(others.ToArray()));
    }

    private static GeneratorInputs ReadInputs(AnalyzerConfigOptions options)
    {
        string? Raw(string property) =>
            options.TryGetValue("build_property." + property, out var raw) && !string.IsNullOrWhiteSpace(raw) ? raw.Trim() : null;

        string? Decoded(string property) => Raw(property) is { } raw ? Uri.UnescapeDataString(raw) : null;

        return new GeneratorInputs(
            Enabled: Decoded(UshadowProperties.Enabled),
            ResolvedValues: Raw(UshadowProperties.ResolvedValues),
            SettingsNamespace: Decoded(UshadowProperties.SettingsNamespace),
            SettingsPublic: Decoded(UshadowProperties.SettingsPublic),
            RootNamespace: Decoded(UshadowProperties.RootNamespace));
    }
}
