using System.Collections;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Ushadow.Core.Shared;

namespace Ushadow.Build.Generator;

/// <summary>The MSBuild properties the generator reads (made compiler visible by <c>build/Ushadow.Build.Generator.props</c>).</summary>
internal static class UshadowProperties
{
    public const string Enabled = "UshadowEnabled";
    public const string ResolvedValues = ResolvedValueCatalogue.MSBuildProperty;
    public const string SettingsNamespace = "UshadowSettingsNamespace";
    public const string SettingsPublic = "UshadowSettingsPublic";
    public const string RootNamespace = "RootNamespace";
}

/// <summary>
/// The property values as they arrived, <c>null</c> when absent or empty: <see cref="ResolvedValues"/> still encoded
/// (a string compares cheaply, and decoding belongs to the analysis), the others already percent-decoded.
/// </summary>
internal sealed record GeneratorInputs(
    string? Enabled,
    string? ResolvedValues,
    string? SettingsNamespace,
    string? SettingsPublic,
    string? RootNamespace);

/// <summary>One build-time value of the catalogue, checked against its kind.</summary>
/// <param name="Key">The catalogue key (<c>REDIS_DATABASE</c>) or port key (<c>BACKEND_PORT</c>).</param>
/// <param name="GeneratedName">The constant of <c>UshadowSettings.BuildTime</c>.</param>
/// <param name="Kind">Its type in generated code.</param>
/// <param name="Text">The value, normalised (<c>7</c>, <c>Isolated</c>).</param>
/// <param name="Source">Where the build found it (<c>inferred: linked git worktree folder 'gold'</c>), for an AppHost's dashboard; empty when not handed over.</param>
internal sealed record BuildTimeValue(string Key, string GeneratedName, ResolvedValueKind Kind, string Text, string Source);

/// <summary>Everything the emitter needs to write <c>UshadowSettings</c>, validated; <see cref="Namespace"/> is empty for the global namespace.</summary>
internal sealed record SettingsModel(string Namespace, bool IsPublic, EquatableArray<BuildTimeValue> Values);

/// <summary>What the compilation references, as plain values: each runtime package adds its bridge, each library without its package a stub.</summary>
/// <param name="Hosting">Ushadow.Hosting: the bridge (<c>Current</c>, <c>Resolve</c>, <c>AddUshadow</c>) instead of the stubs.</param>
/// <param name="HostingMongoDB">Ushadow.Hosting.MongoDB: the MongoDB bridge members.</param>
/// <param name="HostingRedis">Ushadow.Hosting.Redis: the Redis bridge members.</param>
/// <param name="MongoDriver">MongoDB.Driver: without Ushadow.Hosting.MongoDB, stubs that name that package.</param>
/// <param name="StackExchangeRedis">StackExchange.Redis: without Ushadow.Hosting.Redis, stubs that name that package.</param>
/// <param name="HostingAbstractions">Microsoft.Extensions.Hosting.Abstractions 8.0 or later: without Ushadow.Hosting, an <c>AddUshadow</c> stub.</param>
/// <param name="GlobalUsings">C# 10 or later: the run-time type names (<c>UshadowDatabaseMode</c>, ...) reach every file as global aliases.</param>
/// <param name="AspireHosting">Ushadow.Aspire.Hosting (an Aspire AppHost): <c>AddUshadowEnvironment()</c> with the values and their sources.</param>
internal sealed record ReferencedLibraries(
    bool Hosting, bool HostingMongoDB, bool HostingRedis, bool MongoDriver, bool StackExchangeRedis, bool HostingAbstractions, bool GlobalUsings, bool AspireHosting = false);

/// <summary>A runtime package the compilation references in another version than the generator's (USH4003).</summary>
internal sealed record RuntimePackageVersion(string Package, string Version);

/// <summary>What the generator reads from the compilation's references.</summary>
internal sealed record CompilationReferences(ReferencedLibraries Libraries, EquatableArray<RuntimePackageVersion> OtherVersions);

/// <summary>The input of the source output: the settings and the libraries to write helpers for.</summary>
internal sealed record SettingsSource(SettingsModel Settings, ReferencedLibraries Libraries);

/// <summary>A diagnostic to report, as plain values: its code and its one-line message.</summary>
internal sealed record DiagnosticInfo(string Code, string Message);

/// <summary>The outcome of checking the inputs: the model when there is one to emit, and what to report.</summary>
internal sealed record SettingsAnalysis(SettingsModel? Settings, EquatableArray<DiagnosticInfo> Diagnostics)
{
    private static readonly SettingsAnalysis Disabled = new(null, EquatableArray<DiagnosticInfo>.Empty);

    /// <summary>Validates <paramref name="inputs"/>: every invalid value is reported, and a model exists only when all are valid.</summary>
    public static SettingsAnalysis Analyze(GeneratorInputs inputs)
    {
        bool enabled = true;
        var diagnostics = new List<DiagnosticInfo>();
        if (inputs.Enabled is { } enabledText)
        {
            if (string.Equals(enabledText, "false", StringComparison.OrdinalIgnoreCase))
            {
                return Disabled;
            }
            if (!string.Equals(enabledText, "true", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(Invalid(UshadowProperties.Enabled, enabledText, "'true' or 'false'"));
                enabled = false;
            }
        }

        var decoded = ResolvedValueCatalogue.Decode(inputs.ResolvedValues);
        var missing = new List<string>();
        var values = new List<BuildTimeValue>();
        foreach (var definition in ResolvedValueCatalogue.All)
        {
            if (!decoded.TryGetValue(definition.Key, out var text) || (string.IsNullOrWhiteSpace(text) && !definition.MayBeEmpty))
            {
                missing.Add(definition.Key);
                continue;
            }
            if (Normalize(definition.Kind, text) is { } normalized)
            {
                values.Add(new BuildTimeValue(definition.Key, definition.GeneratedName, definition.Kind, normalized, Source(decoded, definition.Key)));
            }
            else
            {
                diagnostics.Add(Invalid($"{UshadowProperties.ResolvedValues} key {definition.Key}", text, Accepted(definition.Kind)));
            }
        }
        // The ports of UshadowPorts (the only values whose names the project chooses), in its order; other keys are ignored.
        foreach (var pair in decoded)
        {
            if (!ResolvedValueCatalogue.IsPortKey(pair.Key))
            {
                continue;
            }
            var port = ResolvedValueCatalogue.Port(pair.Key);
            if (SyntaxFacts.IsValidIdentifier(port.GeneratedName) && Normalize(port.Kind, pair.Value) is { } normalized)
            {
                values.Add(new BuildTimeValue(port.Key, port.GeneratedName, port.Kind, normalized, Source(decoded, port.Key)));
            }
            else
            {
                diagnostics.Add(Invalid($"{UshadowProperties.ResolvedValues} key {pair.Key}", pair.Value, "a port key (an upper-case name such as BACKEND_PORT) with a whole number"));
            }
        }
        if (missing.Count > 0)
        {
            diagnostics.Add(new DiagnosticInfo(
                DiagnosticCodes.GeneratorMissingValues,
                $"The Ushadow.Build targets did not run before compilation, so UshadowSettings is not generated: {UshadowProperties.ResolvedValues} lacks {string.Join(", ", missing)}; "
                + $"import the Ushadow.Build package's build files, or set {UshadowProperties.Enabled}=false to turn the generator off"));
        }

        bool isPublic = false;
        if (inputs.SettingsPublic is { } publicText)
        {
            if (string.Equals(publicText, "true", StringComparison.OrdinalIgnoreCase))
            {
                isPublic = true;
            }
            else if (!string.Equals(publicText, "false", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(Invalid(UshadowProperties.SettingsPublic, publicText, "'true' (public types) or 'false' (internal, the default)"));
            }
        }

        var (namespaceProperty, namespaceName) = inputs.SettingsNamespace is { } settingsNamespace
            ? (UshadowProperties.SettingsNamespace, settingsNamespace)
            : (UshadowProperties.RootNamespace, inputs.RootNamespace ?? string.Empty);
        if (namespaceName.Length > 0 && !IsNamespace(namespaceName))
        {
            diagnostics.Add(Invalid(namespaceProperty, namespaceName, "a C# namespace: identifiers separated by '.', such as 'Contoso.Api', no keywords"));
        }

        var settings = enabled && diagnostics.Count == 0
            ? new SettingsModel(namespaceName, isPublic, new EquatableArray<BuildTimeValue>(values.ToArray()))
            : null;
        return new SettingsAnalysis(settings, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    private static string Source(Dictionary<string, string> decoded, string key) =>
        decoded.TryGetValue(ResolvedValueCatalogue.SourceKey(key), out var source) ? source : string.Empty;

    private static DiagnosticInfo Invalid(string property, string value, string accepted) =>
        new(DiagnosticCodes.GeneratorInvalidValue, $"{property} is '{OneLine(value)}', which UshadowSettings cannot use: expected {accepted}");

    private static string OneLine(string value) => value.Replace("\r", "\\r").Replace("\n", "\\n");

    /// <summary>The value in the form the emitter writes, or <c>null</c> when it is not valid for its kind.</summary>
    private static string? Normalize(ResolvedValueKind kind, string text)
    {
        switch (kind)
        {
            case ResolvedValueKind.Number:
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? number.ToString(CultureInfo.InvariantCulture)
                    : null;
            case ResolvedValueKind.DatabaseMode:
                // The member names of the generated UshadowDatabaseMode.
                switch (text.Trim().ToLowerInvariant())
                {
                    case "shared":
                        return "Shared";
                    case "isolated":
                        return "Isolated";
                    default:
                        return null;
                }
            default:
                return text;
        }
    }

    private static string Accepted(ResolvedValueKind kind) => kind switch
    {
        ResolvedValueKind.Number => "a whole number from 0 to 2147483647 (such as a Redis database index)",
        ResolvedValueKind.DatabaseMode => "'shared' or 'isolated'",
        _ => "a value",
    };

    private static bool IsNamespace(string name) =>
        name.Split('.').All(part =>
            SyntaxFacts.IsValidIdentifier(part)
            && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None
            && SyntaxFacts.GetContextualKeywordKind(part) != SyntaxKind.GlobalKeyword);
}

/// <summary>An immutable array compared by its elements, so models holding it are value-equatable.</summary>
/// <remarks>
/// A class, not a struct: pipeline nodes over reference types run Roslyn's shared generic code, which a fresh csc has
/// already compiled for the SDK's own generators, while every struct in a node's type costs JIT time on each cold build.
/// </remarks>
internal sealed class EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
    where T : IEquatable<T>
{
    public static readonly EquatableArray<T> Empty = new(Array.Empty<T>());

    private readonly T[] _items;

    public EquatableArray(T[] items) => _items = items;

    public int Count => _items.Length;

    public bool Equals(EquatableArray<T>? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as EquatableArray<T>);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = 17;
            foreach (var item in _items)
            {
                hash = (hash * 31) + (item?.GetHashCode() ?? 0);
            }
            return hash;
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
