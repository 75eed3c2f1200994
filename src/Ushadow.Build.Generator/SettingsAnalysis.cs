using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Ushadow.Core.Shared;

namespace Ushadow.Build.Generator;

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

        string? schemaVersion = null;
        if (decoded.TryGetValue(ResolvedValueCatalogue.SchemaVersionKey, out var schemaText))
        {
            if (long.TryParse(schemaText, NumberStyles.None, CultureInfo.InvariantCulture, out var schema))
            {
                schemaVersion = schema.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                diagnostics.Add(Invalid($"{UshadowProperties.ResolvedValues} key {ResolvedValueCatalogue.SchemaVersionKey}", schemaText, "a whole number from 0 to 9223372036854775807 (UshadowSchemaVersion)"));
            }
        }
        var schemaStateDirectory = schemaVersion is not null && decoded.TryGetValue(ResolvedValueCatalogue.SchemaStateDirectoryKey, out var stateText) && stateText.Length > 0 ? stateText : null;

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
            ? new SettingsModel(namespaceName, isPublic, new EquatableArray<BuildTimeValue>(values.ToArray())) { SchemaVersion = schemaVersion, SchemaStateDirectory = schemaStateDirectory }
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
