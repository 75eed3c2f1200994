using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Ushadow.Core.Shared;

namespace Ushadow.Build.Generator.Tests;

public sealed class GeneratorDriverTests
{
    [Fact]
    public void A_shared_environment_without_client_libraries_generates_the_expected_source()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.SharedGold());

        Assert.Empty(result.Diagnostics);
        AssertMatchesSnapshot("SharedWithoutLibraries", result.GeneratedText());
    }

    [Fact]
    public void An_isolated_environment_with_both_driver_packages_generates_the_expected_bridge()
    {
        var properties = GeneratorHarness.SharedGold()
            .WithValue(ResolvedValueCatalogue.DatabaseMode, "isolated")
            .WithValue(ResolvedValueCatalogue.MongoDatabase, "ushadow_gold")
            .WithValue(ResolvedValueCatalogue.RedisDatabase, "7")
            .With("build_property.UshadowSettingsNamespace", null);

        var result = GeneratorHarness.Run(properties, Libraries.UshadowMongoDB | Libraries.UshadowRedis);

        Assert.Empty(result.Diagnostics);
        AssertMatchesSnapshot("IsolatedWithRuntimePackages", result.GeneratedText());
    }

    [Fact]
    public void Public_types_with_every_runtime_package_and_library_generate_the_expected_source()
    {
        var properties = GeneratorHarness.SharedGold().With("build_property.UshadowSettingsPublic", "True");

        var result = GeneratorHarness.Run(properties, Libraries.All);

        Assert.Empty(result.Diagnostics);
        AssertMatchesSnapshot("PublicWithEveryPackage", result.GeneratedText());
    }

    [Fact]
    public void An_AppHost_with_Ushadow_Aspire_Hosting_generates_AddUshadowEnvironment_with_each_source()
    {
        var properties = GeneratorHarness.SharedGold()
            .WithValue(ResolvedValueCatalogue.SourceKey(ResolvedValueCatalogue.EnvName), "inferred: linked git worktree folder 'gold'")
            .WithValue(ResolvedValueCatalogue.SourceKey(ResolvedValueCatalogue.DatabaseMode), "default")
            .WithValue(ResolvedValueCatalogue.SourceKey(ResolvedValueCatalogue.RedisDatabase), "registry /home/dev/.config/ushadow-launcher/environments.json (kept)")
            .WithValue(ResolvedValueCatalogue.SourceKey("BACKEND_PORT"), "inferred: 8000 + PORT_OFFSET 30 (UshadowPorts)");

        var result = GeneratorHarness.Run(properties, Libraries.UshadowAspire);

        Assert.Empty(result.Diagnostics);
        AssertMatchesSnapshot("AppHostWithAspire", result.GeneratedText());
    }

    [Fact]
    public void The_documented_property_format_is_read_key_by_key()
    {
        // Written by hand as README documents it, so a change of ResolvedValueCatalogue.Encode cannot hide here.
        var properties = GeneratorHarness.SharedGold().With(
            GeneratorHarness.ResolvedValues,
            "ENV_NAME=blue,COMPOSE_PROJECT_NAME=shop-blue,DATABASE_MODE=Isolated,MONGODB_DATABASE=shop_blue,REDIS_DATABASE=011,REDIS_ISOLATION=prefix,REDIS_KEY_PREFIX=shop%3Ablue%3A,REDIS_USERNAME=ushadow.shop.blue,SHARED_DATABASE_NAME=shop%20db,APP_NAME=shop,PORT_OFFSET=40,FUTURE_KEY=ignored,API_PORT=9040");

        var result = GeneratorHarness.Run(properties);

        Assert.Empty(result.Diagnostics);
        var text = result.GeneratedText();
        Assert.Contains("public const string EnvironmentName = \"blue\";", text);
        Assert.Contains("public const string ComposeProjectName = \"shop-blue\";", text);
        Assert.Contains("public const UshadowDatabaseMode DatabaseMode = UshadowDatabaseMode.Isolated;", text);
        Assert.Contains("public const string MongoDatabaseName = \"shop_blue\";", text);
        Assert.Contains("public const int RedisDatabase = 11;", text);
        Assert.Contains("public const string RedisIsolation = \"prefix\";", text);
        Assert.Contains("public const string RedisKeyPrefix = \"shop:blue:\";", text);
        Assert.Contains("public const string RedisUsername = \"ushadow.shop.blue\";", text);
        Assert.Contains("public const string SharedDatabaseName = \"shop db\";", text);
        Assert.Contains("public const string AppName = \"shop\";", text);
        Assert.Contains("public const int PortOffset = 40;", text);
        Assert.Contains("public const int ApiPort = 9040;", text);
        Assert.DoesNotContain("FUTURE_KEY", text);
    }

    [Fact]
    public void Encoded_values_survive_the_analyzer_config_file_the_compiler_reads()
    {
        // The compiler's parser ends a value at ';' or '#' (an inline comment), which is why pairs are joined by ','.
        var values = GeneratorHarness.SharedGoldValues();
        values[ResolvedValueCatalogue.AppName] = "my app; #1, a=b";
        var file = string.Join("\n",
            "is_global = true",
            "build_property.UshadowEnabled = true",
            "build_property.UshadowResolvedValues = " + ResolvedValueCatalogue.Encode(values),
            "build_property.UshadowSettingsNamespace = Contoso.Api",
            "build_property.Semicolons = A=1;B=2");
        // The compiler looks keys up ignoring case, as this copy does.
        var parsed = new Dictionary<string, string>(
            AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(file, "/obj/Consumer.GeneratedMSBuildEditorConfig.editorconfig"))).GlobalConfigOptions.AnalyzerOptions,
            StringComparer.OrdinalIgnoreCase);

        Assert.Equal("A=1", parsed["build_property.Semicolons"]);
        var result = GeneratorHarness.Run(parsed);
        Assert.Empty(result.Diagnostics);
        Assert.Contains("public const string AppName = \"my app; #1, a=b\";", result.GeneratedText());
        Assert.Contains("public const int RedisDatabase = 3;", result.GeneratedText());
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    public void A_UshadowSettingsPublic_that_is_not_true_or_false_is_error_USH4002_naming_the_property(string value)
    {
        var result = GeneratorHarness.Run(GeneratorHarness.SharedGold().With("build_property.UshadowSettingsPublic", value));

        Assert.Empty(result.GeneratedSources);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("USH4002", diagnostic.Id);
        Assert.Contains($"UshadowSettingsPublic is '{value}'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Percent_encoded_values_are_decoded_before_they_reach_the_source()
    {
        var properties = GeneratorHarness.SharedGold()
            .WithValue(ResolvedValueCatalogue.AppName, "my app;#,=\"x\"\n")
            .With("build_property.UshadowSettingsNamespace", Uri.EscapeDataString("Contoso.Api"));

        var text = GeneratorHarness.Run(properties).GeneratedText();

        Assert.Contains("public const string AppName = \"my app;#,=\\\"x\\\"\\n\";", text);
        Assert.Contains("namespace Contoso.Api\n{", text);
    }

    [Fact]
    public void Without_a_settings_namespace_the_root_namespace_is_used_and_without_both_the_global_namespace()
    {
        var rootText = GeneratorHarness.Run(GeneratorHarness.SharedGold().With("build_property.UshadowSettingsNamespace", null)).GeneratedText();
        var globalText = GeneratorHarness.Run(GeneratorHarness.SharedGold()
            .With("build_property.UshadowSettingsNamespace", null)
            .With("build_property.RootNamespace", null)).GeneratedText();

        Assert.Contains("namespace Contoso.Api.Root\n{", rootText);
        Assert.DoesNotContain("namespace ", globalText);
        Assert.StartsWith("/// <summary>Which MongoDB database", globalText.Split("#nullable enable annotations\n\n")[1]);
    }

    [Fact]
    public void An_unrelated_source_edit_leaves_every_step_cached_and_changes_no_source()
    {
        var compilation = GeneratorHarness.CreateCompilation(Libraries.All,
            "namespace Contoso.Api { public static class Program { } }",
            "namespace Contoso.Api { public static class Other { public static int Value => 1; } }");
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.SharedGold()).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Contoso.Api { public static class Other { public static int Value => 2; } }", GeneratorHarness.ParseOptions, path: "Source1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertEveryStepCachedOrUnchanged(result);
        Assert.Equal(IncrementalStepRunReason.Unchanged, result.TrackedSteps[UshadowSettingsGenerator.TrackingNames.References].Single().Outputs.Single().Reason);
    }

    [Fact]
    public void An_unrelated_analyzer_config_property_change_leaves_every_step_cached_and_changes_no_source()
    {
        var compilation = GeneratorHarness.CreateCompilation(Libraries.All);
        var properties = GeneratorHarness.SharedGold();
        var driver = GeneratorHarness.CreateDriver(properties).RunGenerators(compilation);

        var result = driver
            .WithUpdatedAnalyzerConfigOptions(GeneratorHarness.Options(properties.With("build_property.TargetFramework", "net9.0")))
            .RunGenerators(compilation)
            .GetRunResult().Results.Single();

        AssertEveryStepCachedOrUnchanged(result);
        Assert.Equal(IncrementalStepRunReason.Unchanged, result.TrackedSteps[UshadowSettingsGenerator.TrackingNames.Inputs].Single().Outputs.Single().Reason);
    }

    [Fact]
    public void A_new_mongo_database_name_regenerates_the_source()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var properties = GeneratorHarness.SharedGold();
        var driver = GeneratorHarness.CreateDriver(properties).RunGenerators(compilation);

        var result = driver
            .WithUpdatedAnalyzerConfigOptions(GeneratorHarness.Options(properties.WithValue(ResolvedValueCatalogue.MongoDatabase, "ushadow_blue")))
            .RunGenerators(compilation)
            .GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[UshadowSettingsGenerator.TrackingNames.Source].Single().Outputs.Single().Reason);
        Assert.Contains(IncrementalStepRunReason.Modified, result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Select(output => output.Reason));
        Assert.Contains("public const string MongoDatabaseName = \"ushadow_blue\";", result.GeneratedText());
    }

    [Fact]
    public void Adding_the_MongoDB_runtime_package_regenerates_the_source_with_the_MongoDB_bridge()
    {
        var properties = GeneratorHarness.SharedGold();
        var driver = GeneratorHarness.CreateDriver(properties).RunGenerators(GeneratorHarness.CreateCompilation(Libraries.UshadowHosting));
        Assert.DoesNotContain("GetMongoDatabase", driver.GetRunResult().Results.Single().GeneratedText());

        var result = driver.RunGenerators(GeneratorHarness.CreateCompilation(Libraries.UshadowMongoDB)).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[UshadowSettingsGenerator.TrackingNames.Libraries].Single().Outputs.Single().Reason);
        Assert.Contains("public global::MongoDB.Driver.IMongoDatabase GetMongoDatabase(", result.GeneratedText());
        Assert.Contains("global::Ushadow.Hosting.UshadowMongoDB.AddMongo(builder, options, options.ConfigureMongo);", result.GeneratedText());
        Assert.DoesNotContain("GetRedisDatabase", result.GeneratedText());
    }

    [Fact]
    public void Adding_Ushadow_Hosting_turns_the_stubs_into_the_bridge()
    {
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.SharedGold()).RunGenerators(GeneratorHarness.CreateCompilation(Libraries.Hosting | Libraries.Redis));
        var before = driver.GetRunResult().Results.Single().GeneratedText();
        Assert.Contains("[global::System.Obsolete(", before);
        Assert.DoesNotContain("UshadowRuntimeSettings", before);

        var result = driver.RunGenerators(GeneratorHarness.CreateCompilation(Libraries.UshadowRedis)).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[UshadowSettingsGenerator.TrackingNames.Libraries].Single().Outputs.Single().Reason);
        var text = result.GeneratedText();
        Assert.DoesNotContain("Obsolete", text);
        Assert.Contains("sealed partial class UshadowSettings : global::Ushadow.Hosting.UshadowRuntimeSettings", text);
        Assert.Contains("public static UshadowSettings Resolve(global::Microsoft.Extensions.Configuration.IConfiguration configuration)", text);
        Assert.Contains("public static TBuilder AddUshadow<TBuilder>(", text);
        Assert.DoesNotContain("global::MongoDB", text);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("a,b;c#d=e%20f")]
    [InlineData("line\nbreak and spaces")]
    [InlineData("ünï ☃")]
    public void Catalogue_values_survive_encoding_and_decoding(string value)
    {
        var values = GeneratorHarness.SharedGoldValues();
        values[ResolvedValueCatalogue.MongoDatabase] = value;

        var encoded = ResolvedValueCatalogue.Encode(values);

        Assert.Equal(values.Count - 1, encoded.Count(c => c == ResolvedValueCatalogue.PairSeparator));
        Assert.DoesNotContain(';', encoded);
        Assert.DoesNotContain('#', encoded);
        Assert.Equal(values, ResolvedValueCatalogue.Decode(encoded));
    }

    [Fact]
    public void A_disabled_generator_emits_no_source_and_no_diagnostics()
    {
        var properties = GeneratorHarness.SharedGold().With("build_property.UshadowEnabled", "FALSE");

        var result = GeneratorHarness.Run(properties);

        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_disabled_generator_reports_nothing_even_when_the_resolved_values_are_missing()
    {
        var result = GeneratorHarness.Run(new Dictionary<string, string> { ["build_property.UshadowEnabled"] = "false" });

        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Missing_resolved_values_warn_with_USH4001_naming_each_missing_property()
    {
        var properties = GeneratorHarness.SharedGold()
            .WithValue(ResolvedValueCatalogue.EnvName, null)
            .WithValue(ResolvedValueCatalogue.RedisDatabase, "");

        var result = GeneratorHarness.Run(properties);

        Assert.Empty(result.GeneratedSources);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("USH4001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Descriptor.DefaultSeverity);
        Assert.Equal("Ushadow", diagnostic.Descriptor.Category);
        Assert.Equal("https://github.com/ushadow/Ushadow.Build/blob/main/README.md#ush4001", diagnostic.Descriptor.HelpLinkUri);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("the Ushadow.Build targets did not run", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("UshadowResolvedValues lacks ENV_NAME, REDIS_DATABASE;", message);
    }

    [Fact]
    public void A_project_with_no_Ushadow_properties_at_all_gets_USH4001()
    {
        var result = GeneratorHarness.Run(new Dictionary<string, string>());

        Assert.Equal("USH4001", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [InlineData("Contoso-Api")]
    [InlineData("Contoso..Api")]
    [InlineData("1Contoso")]
    [InlineData("Contoso.class")]
    [InlineData("global")]
    public void A_settings_namespace_that_is_not_a_csharp_namespace_is_error_USH4002_naming_the_property(string name)
    {
        var result = GeneratorHarness.Run(GeneratorHarness.SharedGold().With("build_property.UshadowSettingsNamespace", Uri.EscapeDataString(name)));

        Assert.Empty(result.GeneratedSources);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("USH4002", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("https://github.com/ushadow/Ushadow.Build/blob/main/README.md#ush4002", diagnostic.Descriptor.HelpLinkUri);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"UshadowSettingsNamespace is '{name}'", message);
        Assert.Contains("a C# namespace", message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void A_redis_database_that_is_not_a_whole_number_is_error_USH4002_naming_the_property(string value)
    {
        var result = GeneratorHarness.Run(GeneratorHarness.SharedGold().WithValue(ResolvedValueCatalogue.RedisDatabase, value));

        Assert.Empty(result.GeneratedSources);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("USH4002", diagnostic.Id);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"UshadowResolvedValues key REDIS_DATABASE is '{value}'", message);
        Assert.Contains("a whole number", message);
    }

    [Fact]
    public void An_unknown_database_mode_is_error_USH4002_listing_the_valid_modes()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.SharedGold().WithValue(ResolvedValueCatalogue.DatabaseMode, "mixed"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("USH4002", diagnostic.Id);
        Assert.Contains("UshadowResolvedValues key DATABASE_MODE is 'mixed'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'shared' or 'isolated'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void AssertEveryStepCachedOrUnchanged(GeneratorRunResult result)
    {
        var names = new[]
        {
            UshadowSettingsGenerator.TrackingNames.Inputs,
            UshadowSettingsGenerator.TrackingNames.Analysis,
            UshadowSettingsGenerator.TrackingNames.Diagnostics,
            UshadowSettingsGenerator.TrackingNames.Libraries,
            UshadowSettingsGenerator.TrackingNames.Source,
        };
        Assert.All(names, name => Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} is not tracked"));
        // Roslyn's own input nodes (Compilation, AnalyzerConfigOptions) are Modified by design; ours must not be.
        var outputs = result.TrackedSteps.Where(step => names.Contains(step.Key)).Concat(result.TrackedOutputSteps).SelectMany(step => step.Value.SelectMany(run => run.Outputs.Select(output => (step.Key, output.Reason))));
        Assert.All(outputs, output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"step {output.Key} ran with reason {output.Reason}"));
        Assert.NotEmpty(result.TrackedOutputSteps);
    }

    private static void AssertMatchesSnapshot(string name, string actual, [CallerFilePath] string testFile = "")
    {
        // Snapshots are written by hand and reviewed; a mismatch leaves a .received.cs next to it to diff.
        var version = typeof(UshadowSettingsGenerator).Assembly.GetName().Version!.ToString();
        var normalized = actual.Replace($"\"Ushadow.Build.Generator\", \"{version}\"", "\"Ushadow.Build.Generator\", \"VERSION\"", StringComparison.Ordinal);
        var folder = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var verified = Path.Combine(folder, name + ".verified.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        var expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected != normalized)
        {
            File.WriteAllText(received, normalized);
        }
        else if (File.Exists(received))
        {
            File.Delete(received);
        }
        Assert.True(expected is not null, $"snapshot {verified} is missing; review {received} and rename it");
        Assert.Equal(expected, normalized);
    }
}
