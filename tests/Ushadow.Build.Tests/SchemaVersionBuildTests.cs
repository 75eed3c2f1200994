using System.Text.Json.Nodes;

namespace Ushadow.Build.Tests;

/// <summary>
/// Schema versions end to end (README, Schema changes in shared mode): real builds of two environments, gold and blue,
/// that share one MongoDB database, and blue's real app migrating it through <c>UshadowSchema.MigrateAsync</c>.
/// </summary>
public sealed class SchemaVersionBuildTests : IDisposable
{
    private const string MigratingProgram = """
        using Consumer;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Ushadow.Hosting;

        var builder = Host.CreateApplicationBuilder();
        builder.AddUshadow();
        using var host = builder.Build();
        await host.Services.GetRequiredService<UshadowSchema>().MigrateAsync((from, cancellationToken) =>
        {
            File.AppendAllText(args[0], $"{UshadowSettings.Current.EnvironmentName} {from}->{UshadowSettings.SchemaVersion}\n");
            return Task.CompletedTask;
        });
        Console.WriteLine($"up at {UshadowSettings.SchemaVersion}");
        """;

    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    private string Consumer(string environment, long version) =>
        _world.CreateConsumer(environment,
            properties: $"<UshadowEnvName>{environment}</UshadowEnvName><UshadowSchemaVersion>{version}</UshadowSchemaVersion>",
            items: _world.RuntimePackages("Ushadow.Hosting") + """<PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.15" />""",
            program: MigratingProgram);

    private static void SetVersion(string project, long version)
    {
        var file = Path.Combine(project, "Consumer.csproj");
        var text = File.ReadAllText(file);
        var start = text.IndexOf("<UshadowSchemaVersion>", StringComparison.Ordinal) + "<UshadowSchemaVersion>".Length;
        var end = text.IndexOf("</UshadowSchemaVersion>", StringComparison.Ordinal);
        File.WriteAllText(file, text[..start] + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + text[end..]);
    }

    [Fact]
    public void Blue_migrates_the_shared_database_once_gold_behind_is_warned_and_gold_ahead_is_told_blue_uses_it()
    {
        var log = Path.Combine(_world.Root, "delegate.log");
        var blue = Consumer("blue", 3);
        var gold = Consumer("gold", 2);
        var blueBuild = _world.BuildOk(blue);
        Assert.DoesNotContain("USH201", blueBuild.Output, StringComparison.Ordinal);

        // blue's app starts twice: the delegate runs once, from 0 (nothing recorded) to 3.
        for (var i = 0; i < 2; i++)
        {
            var run = _world.Dotnet(blue, null, "run", "--no-build", "--", log);
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("up at 3", run.Output, StringComparison.Ordinal);
        }
        Assert.Equal(["blue 0->3"], File.ReadAllLines(log));
        var record = JsonNode.Parse(File.ReadAllText(_world.RegistryFile))!["schemas"]!["ushadow"]!;
        Assert.Equal(3, record["schema_version"]!.GetValue<long>());
        Assert.Equal("blue", record["migrated_by"]!["environment"]!.GetValue<string>());

        // gold at 2 is behind: a warning naming the database, 3 and blue.
        var behind = _world.BuildOk(gold);
        // MSBuild repeats each warning in its closing summary: the same line, indented otherwise.
        var warning = Assert.Single(behind.Output.Split('\n').Where(line => line.Contains("warning USH2010", StringComparison.Ordinal)).Select(line => line.Trim().TrimStart('1', '>')).Distinct());
        Assert.Contains("MongoDB database 'ushadow', which is recorded at schema version 3, migrated by environment 'blue'", warning, StringComparison.Ordinal);
        Assert.Contains("DATABASE_MODE=isolated", warning, StringComparison.Ordinal);

        // gold at 4 is ahead: told that its next start migrates the database blue uses, and the isolated-first pattern.
        SetVersion(gold, 4);
        var ahead = _world.BuildOk(gold);
        Assert.DoesNotContain("USH2010", ahead.Output, StringComparison.Ordinal);
        var message = ahead.Output.Split('\n').First(line => line.Contains("USH2011", StringComparison.Ordinal));
        Assert.Contains("ahead of the shared MongoDB database 'ushadow' (recorded at 3", message, StringComparison.Ordinal);
        Assert.Contains("environments 'blue' (declares 3) use it too", message, StringComparison.Ordinal);
        Assert.Contains("ushadow env create <name> --mode isolated", message, StringComparison.Ordinal);

        // ... and its start migrates it once, from 3.
        var goldRun = _world.Dotnet(gold, null, "run", "--no-build", "--", log);
        Assert.True(goldRun.ExitCode == 0, goldRun.Output);
        Assert.Equal(["blue 0->3", "gold 3->4"], File.ReadAllLines(log));
    }

    [Fact]
    public void A_new_schema_version_reruns_the_resolution_and_a_build_that_changes_nothing_skips_it()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName><UshadowSchemaVersion>3</UshadowSchemaVersion>");
        _world.BuildOk(app);

        SetVersion(app, 5);
        var changed = _world.BuildOk(app);
        var again = _world.BuildOk(app);

        Assert.DoesNotContain("Skipping target \"_UshadowRun\"", changed.Output, StringComparison.Ordinal);
        var recorded = File.ReadAllText(Directory.EnumerateFiles(Path.Combine(app, "obj"), "resolved.txt", SearchOption.AllDirectories).Single());
        Assert.Contains("USHADOW_SCHEMA_VERSION=5", recorded, StringComparison.Ordinal);
        Assert.Contains($"USHADOW_SCHEMA_STATE_DIR={Uri.EscapeDataString(_world.LauncherDirectory)}", recorded, StringComparison.Ordinal);
        var entry = JsonNode.Parse(File.ReadAllText(_world.RegistryFile))!["environments"]!["ushadow/gold"]!;
        Assert.Equal(5, entry["declared_schema_version"]!.GetValue<long>());
        Assert.Contains("Skipping target \"_UshadowRun\" because all output files are up-to-date", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_without_a_schema_version_builds_as_before_and_its_registry_entry_has_no_declared_version()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");

        var build = _world.BuildOk(app);

        Assert.DoesNotContain("USH201", build.Output, StringComparison.Ordinal);
        var text = File.ReadAllText(_world.RegistryFile);
        Assert.DoesNotContain("schema", text, StringComparison.Ordinal);
    }
}
