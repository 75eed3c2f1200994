using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Ushadow.Build.Generator;

/// <summary>The MSBuild properties the generator reads (made compiler visible by <c>build/Ushadow.Build.Generator.props</c>).</summary>
internal static class UshadowProperties
{
    public const string Enabled = "UshadowEnabled";
    public const string AppName = "UshadowResolvedAppName";
    public const string EnvName = "UshadowResolvedEnvName";
    public const string DatabaseMode = "UshadowResolvedDatabaseMode";
    public const string MongoDatabase = "UshadowResolvedMongoDatabase";
    public const string RedisDatabase = "UshadowResolvedRedisDatabase";
    public const string ComposeProjectName = "UshadowResolvedComposeProjectName";
    public const string SharedDatabaseName = "UshadowResolvedSharedDatabaseName";
    public const string SettingsNamespace = "UshadowSettingsNamespace";
    public const string RootNamespace = "RootNamespace";
}

/// <summary>The decoded property values as they arrived; <c>null</c> when a property is absent or empty.</summary>
internal sealed record GeneratorInputs(
    string? Enabled,
    string? AppName,
    string? EnvName,
    string? DatabaseMode,
    string? MongoDatabase,
    string? RedisDatabase,
    string? ComposeProjectName,
    string? SharedDatabaseName,
    string? SettingsNamespace,
    string? RootNamespace);

/// <summary>The database mode as the generator knows it (mirrors the generated <c>UshadowDatabaseMode</c>).</summary>
internal enum SettingsDatabaseMode
{
    Shared,
    Isolated,
}

/// <summary>Everything the emitter needs to write <c>UshadowSettings</c>, validated; <see cref="Namespace"/> is empty for the global namespace.</summary>
internal sealed record SettingsModel(
    string Namespace,
    string AppName,
    string EnvironmentName,
    SettingsDatabaseMode DatabaseMode,
    string MongoDatabaseName,
    int RedisDatabase,
    string ComposeProjectName,
    string SharedDatabaseName);

/// <summary>Which client libraries the compilation references; each one adds its helpers.</summary>
internal sealed record ReferencedLibraries(bool MongoDriver, bool StackExchangeRedis)
{
    public static readonly ReferencedLibraries None = new(false, false);
}

/// <summary>The input of the source output: the settings and the libraries to write helpers for.</summary>
internal sealed record SettingsSource(SettingsModel Settings, ReferencedLibraries Libraries);

/// <summary>A diagnostic to report, as plain values: its code and its one-line message.</summary>
internal sealed record DiagnosticInfo(string Code, string Message);

/// <summary>The outcome of checking the inputs: the model when there is one to emit, and what to report.</summary>
internal sealed record SettingsAnalysis(SettingsModel? Settings, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public const string MissingValuesCode = "USH4001";
    public const string InvalidValueCode = "USH4002";

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

        var missing = new List<string>();
        string Require(string? value, string property)
        {
            if (value is null)
            {
                missing.Add(property);
            }
            return value ?? string.Empty;
        }

        var appName = Require(inputs.AppName, UshadowProperties.AppName);
        var envName = Require(inputs.EnvName, UshadowProperties.EnvName);
        var modeText = Require(inputs.DatabaseMode, UshadowProperties.DatabaseMode);
        var mongoDatabase = Require(inputs.MongoDatabase, UshadowProperties.MongoDatabase);
        var redisText = Require(inputs.RedisDatabase, UshadowProperties.RedisDatabase);
        var composeProjectName = Require(inputs.ComposeProjectName, UshadowProperties.ComposeProjectName);
        var sharedDatabaseName = Require(inputs.SharedDatabaseName, UshadowProperties.SharedDatabaseName);
        if (missing.Count > 0)
        {
            diagnostics.Add(new DiagnosticInfo(
                MissingValuesCode,
                $"The Ushadow.Build targets did not run before compilation, so UshadowSettings is not generated: missing {string.Join(", ", missing)}; "
                + $"import the Ushadow.Build package's build files, or set {UshadowProperties.Enabled}=false to turn the generator off"));
        }

        var mode = SettingsDatabaseMode.Shared;
        if (inputs.DatabaseMode is not null && !TryParseMode(modeText, out mode))
        {
            diagnostics.Add(Invalid(UshadowProperties.DatabaseMode, modeText, "'shared' or 'isolated'"));
        }

        int redisDatabase = 0;
        if (inputs.RedisDatabase is not null
            && !(int.TryParse(redisText, NumberStyles.None, CultureInfo.InvariantCulture, out redisDatabase) && redisDatabase >= 0))
        {
            diagnostics.Add(Invalid(UshadowProperties.RedisDatabase, redisText, "a whole number from 0 to 2147483647 (a Redis database index)"));
        }

        var (namespaceProperty, namespaceName) = inputs.SettingsNamespace is { } settingsNamespace
            ? (UshadowProperties.SettingsNamespace, settingsNamespace)
            : (UshadowProperties.RootNamespace, inputs.RootNamespace ?? string.Empty);
        if (namespaceName.Length > 0 && !IsNamespace(namespaceName))
        {
            diagnostics.Add(Invalid(namespaceProperty, namespaceName, "a C# namespace: identifiers separated by '.', such as 'Contoso.Api', no keywords"));
        }

        var settings = enabled && diagnostics.Count == 0
            ? new SettingsModel(namespaceName, appName, envName, mode, mongoDatabase, redisDatabase, composeProjectName, sharedDatabaseName)
            : null;
        return new SettingsAnalysis(settings, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    private static DiagnosticInfo Invalid(string property, string value, string accepted) =>
        new(InvalidValueCode, $"{property} is '{OneLine(value)}', which UshadowSettings cannot use: expected {accepted}");

    private static string OneLine(string value) => value.Replace("\r", "\\r").Replace("\n", "\\n");

    private static bool TryParseMode(string text, out SettingsDatabaseMode mode)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "shared":
                mode = SettingsDatabaseMode.Shared;
                return true;
            case "isolated":
                mode = SettingsDatabaseMode.Isolated;
                return true;
            default:
                mode = SettingsDatabaseMode.Shared;
                return false;
        }
    }

    private static bool IsNamespace(string name) =>
        name.Split('.').All(part =>
            SyntaxFacts.IsValidIdentifier(part)
            && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None
            && SyntaxFacts.GetContextualKeywordKind(part) != SyntaxKind.GlobalKeyword);
}

/// <summary>An immutable array compared by its elements, so models holding it are value-equatable.</summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
    where T : IEquatable<T>
{
    public static readonly EquatableArray<T> Empty = new(Array.Empty<T>());

    private readonly T[]? items;

    public EquatableArray(T[] items) => this.items = items;

    public int Count => items?.Length ?? 0;

    public bool Equals(EquatableArray<T> other) => this.Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = 17;
            foreach (var item in this.Items)
            {
                hash = (hash * 31) + (item?.GetHashCode() ?? 0);
            }
            return hash;
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)this.Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private T[] Items => items ?? Array.Empty<T>();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}
