using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Ushadow.Build.Generator;

/// <summary>
/// Writes <c>&lt;UshadowSettingsNamespace&gt;.UshadowSettings</c> from the values the Ushadow.Build targets
/// resolved (SPEC §6). Inputs arrive only as compiler-visible MSBuild properties, percent-encoded.
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
        /// <summary>Which libraries the compilation references.</summary>
        public const string Libraries = nameof(Libraries);
        /// <summary>The model joined with the libraries: what the emitter reads.</summary>
        public const string Source = nameof(Source);
    }

    /// <summary>The name of the generated file.</summary>
    public const string HintName = "UshadowSettings.g.cs";

    private const string HelpBase = "https://github.com/ushadow/Ushadow.Build/blob/main/README.md#";

    private static readonly DiagnosticDescriptor MissingValues = new(
        SettingsAnalysis.MissingValuesCode,
        title: "The Ushadow.Build targets did not run",
        messageFormat: "{0}",
        category: "Ushadow",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "ush4001");

    private static readonly DiagnosticDescriptor InvalidValue = new(
        SettingsAnalysis.InvalidValueCode,
        title: "A value for UshadowSettings is not valid",
        messageFormat: "{0}",
        category: "Ushadow",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "ush4002");

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

        // Bools selected from the compilation: they change only when references do, so edits stay cached.
        // Assembly names, not a type lookup: reading the reference list binds nothing, so each keystroke's rerun stays cheap.
        var libraries = context.CompilationProvider
            .Select(static (compilation, _) => new ReferencedLibraries(
                MongoDriver: References(compilation, "MongoDB.Driver"),
                StackExchangeRedis: References(compilation, "StackExchange.Redis"),
                Configuration: References(compilation, "Microsoft.Extensions.Configuration.Abstractions"),
                // IHostApplicationBuilder arrived in 8.0.
                Hosting: References(compilation, "Microsoft.Extensions.Hosting.Abstractions", minimumMajorVersion: 8),
                // AddHealthChecks() lives in the implementation assembly, IHealthCheck in the abstractions.
                HealthChecks: References(compilation, "Microsoft.Extensions.Diagnostics.HealthChecks", minimumMajorVersion: 8)
                    && References(compilation, "Microsoft.Extensions.Diagnostics.HealthChecks.Abstractions", minimumMajorVersion: 8)))
            .WithTrackingName(TrackingNames.Libraries);

        var source = analysis
            .Select(static (analysis, _) => analysis.Settings)
            .Combine(libraries)
            .Select(static (pair, _) => pair.Left is { } settings ? new SettingsSource(settings, pair.Right) : null)
            .WithTrackingName(TrackingNames.Source);

        context.RegisterSourceOutput(diagnostics, static (context, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                var descriptor = diagnostic.Code == SettingsAnalysis.MissingValuesCode ? MissingValues : InvalidValue;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, Location.None, diagnostic.Message));
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

    /// <summary>Whether <paramref name="compilation"/> references the assembly named <paramref name="assemblyName"/>, at least version <paramref name="minimumMajorVersion"/>.</summary>
    private static bool References(Compilation compilation, string assemblyName, int minimumMajorVersion = 0)
    {
        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            if (string.Equals(identity.Name, assemblyName, StringComparison.OrdinalIgnoreCase) && identity.Version.Major >= minimumMajorVersion)
            {
                return true;
            }
        }
        return false;
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
