using System.Text.Json.Nodes;
using Ushadow.TestSupport;

namespace Ushadow.Build.Tests;

/// <summary>The generated UshadowSettings class in a fresh consumer of the packed package.</summary>
public sealed class GeneratedSettingsTests : IDisposable
{
    private const string PrintingProgram = """
        using Consumer;
        try
        {
            var s = UshadowSettings.Current;
            Console.WriteLine($"build-time env={UshadowSettings.BuildTime.EnvironmentName} db={UshadowSettings.BuildTime.MongoDatabaseName} redis={UshadowSettings.BuildTime.RedisDatabase} mode={UshadowSettings.BuildTime.DatabaseMode}");
            Console.WriteLine($"runtime env={s.EnvironmentName} db={s.MongoDatabaseName} redis={s.RedisDatabase} mode={s.DatabaseMode} compose={s.ComposeProjectName}");
            return 0;
        }
        catch (UshadowSettingsException e)
        {
            Console.WriteLine("settings error: " + e.Message);
            return 3;
        }
        """;

    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    private ProcessResult Run(string app, Dictionary<string, string?>? variables = null) =>
        _world.Dotnet(app, variables, "run", "--no-build");

    [Fact]
    public void A_program_prints_its_environments_values_and_run_time_variables_override_them()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName><UshadowDatabaseMode>isolated</UshadowDatabaseMode>", items: _world.RuntimePackages("Ushadow.Hosting"), program: PrintingProgram);
        _world.BuildOk(app);
        var redis = World.ReadEnv(app)["REDIS_DATABASE"];

        var plain = Run(app);
        var overridden = Run(app, new() { ["MONGODB_DATABASE"] = "other" });
        var broken = Run(app, new() { ["REDIS_DATABASE"] = "abc" });

        Assert.Equal(0, plain.ExitCode);
        Assert.Contains($"build-time env=gold db=ushadow_gold redis={redis} mode=Isolated", plain.Output, StringComparison.Ordinal);
        Assert.Contains($"runtime env=gold db=ushadow_gold redis={redis} mode=Isolated compose=ushadow-gold", plain.Output, StringComparison.Ordinal);
        Assert.Contains($"runtime env=gold db=other redis={redis}", overridden.Output, StringComparison.Ordinal);
        Assert.Equal(3, broken.ExitCode);
        Assert.Contains("settings error:", broken.Output, StringComparison.Ordinal);
        Assert.Contains("REDIS_DATABASE", broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hand_edited_database_name_with_analyzer_config_characters_reaches_the_generated_class_intact()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>", items: _world.RuntimePackages("Ushadow.Hosting"), program: PrintingProgram);
        _world.BuildOk(app);
        var envPath = Path.Combine(app, ".env");
        File.WriteAllText(envPath, File.ReadAllText(envPath).Replace("MONGODB_DATABASE=ushadow", "MONGODB_DATABASE=\"team;db#1%20x\"", StringComparison.Ordinal));

        _world.BuildOk(app);
        var run = Run(app);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("build-time env=gold db=team;db#1%20x ", run.Output, StringComparison.Ordinal);
        Assert.Equal("MONGODB_DATABASE=\"team;db#1%20x\"", File.ReadAllLines(envPath).Single(l => l.StartsWith("MONGODB_DATABASE=", StringComparison.Ordinal)));
    }

    [Fact]
    public void Nothing_under_obj_holds_a_secret()
    {
        _world.WriteLauncherSettings(new JsonObject { ["default_admin_email"] = "a@b.c", ["default_admin_password"] = "Sup3r-Secret-Pa55" });
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName><EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>", items: _world.RuntimePackages("Ushadow.Hosting"), program: PrintingProgram);

        _world.BuildOk(app);

        var secrets = File.ReadAllText(Path.Combine(app, "config", "SECRETS", "secrets.yaml"));
        Assert.Contains("Sup3r-Secret-Pa55", secrets, StringComparison.Ordinal);
        var sessionSecret = secrets.Split('\n').Single(l => l.TrimStart().StartsWith("session_secret:", StringComparison.Ordinal)).Split(':', 2)[1].Trim().Trim('"');
        var generated = Directory.EnumerateFiles(Path.Combine(app, "obj"), "UshadowSettings.g.cs", SearchOption.AllDirectories).Single();
        Assert.Contains("EnvironmentName = \"gold\"", File.ReadAllText(generated), StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(app, "obj"), "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("Sup3r-Secret-Pa55", text, StringComparison.Ordinal);
            Assert.DoesNotContain(sessionSecret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_design_time_build_produces_the_generated_class_and_writes_no_env_or_secrets()
    {
        // Constants only (no runtime package), so the test can load the assembly on its own to read them.
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>blue</UshadowEnvName>", program: "System.Console.WriteLine(Consumer.UshadowSettings.BuildTime.EnvironmentName);\n");

        var output = _world.BuildOk(app, null, "-p:DesignTimeBuild=true").Output;

        Assert.Equal("blue", GeneratedConstant(Path.Combine(app, "obj", "Debug", "net10.0", "Consumer.dll"), "EnvironmentName"));
        Assert.Contains("Ushadow: ENV_NAME = blue", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app, ".env")));
        Assert.False(Directory.Exists(Path.Combine(app, "config")));
        Assert.False(File.Exists(_world.RegistryFile) && File.ReadAllText(_world.RegistryFile).Contains("blue", StringComparison.Ordinal));

        // The next real build writes them.
        _world.BuildOk(app);
        Assert.Equal("blue", World.ReadEnv(app)["ENV_NAME"]);
    }

    [Fact]
    public void A_solution_with_the_package_in_Directory_Build_props_builds_warning_free_and_each_project_sees_its_own_settings()
    {
        var root = Path.Combine(_world.Root, "solution");
        Directory.CreateDirectory(Path.Combine(root, ".git")); // the solution folder is the environment root
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <UshadowEnvName>gold</UshadowEnvName>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Ushadow.Build" Version="{_world.PackageVersion}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        void Project(string name, string body, string source)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            File.WriteAllText(Path.Combine(root, name, name + ".csproj"), $"<Project Sdk=\"Microsoft.NET.Sdk\">{body}</Project>");
            File.WriteAllText(Path.Combine(root, name, "Code.cs"), source);
        }
        Project("Core", "", """
            namespace Core;
            public static class Names
            {
                public static string Environment => UshadowSettings.BuildTime.EnvironmentName + "/" + typeof(UshadowSettings).FullName;
            }
            """);
        Project("Api", """<PropertyGroup><OutputType>Exe</OutputType></PropertyGroup><ItemGroup><ProjectReference Include="../Core/Core.csproj" /></ItemGroup>""", """
            using Api;
            System.Console.WriteLine(Core.Names.Environment + " " + UshadowSettings.BuildTime.EnvironmentName + "/" + typeof(UshadowSettings).FullName);
            """);
        Project("Api.Tests", """
            <PropertyGroup><IsPackable>false</IsPackable><IsTestProject>true</IsTestProject></PropertyGroup>
            <ItemGroup>
              <ProjectReference Include="../Api/Api.csproj" />
              <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
              <PackageReference Include="xunit" Version="2.9.3" />
              <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
            </ItemGroup>
            """, """
            namespace Api.Tests;
            public class OwnSettings
            {
                [Xunit.Fact]
                public void Each_project_sees_its_own_generated_settings() =>
                    Xunit.Assert.Equal("Api.Tests.UshadowSettings", typeof(UshadowSettings).FullName);
            }
            """);
        Assert.Equal(0, _world.Dotnet(root, null, "new", "sln", "--format", "sln", "-n", "all").ExitCode);
        Assert.Equal(0, _world.Dotnet(root, null, "sln", "all.sln", "add", "Core/Core.csproj", "Api/Api.csproj", "Api.Tests/Api.Tests.csproj").ExitCode);

        var build = _world.BuildOk(root, null, "all.sln");
        var run = _world.Dotnet(Path.Combine(root, "Api"), null, "run", "--no-build");
        var test = _world.Dotnet(root, null, "test", "all.sln", "--no-build", "-nodeReuse:false");

        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Contains("gold/Core.UshadowSettings gold/Api.UshadowSettings", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Reads a build-time constant of the generated class from the compiled assembly.</summary>
    private static string? GeneratedConstant(string assemblyPath, string name)
    {
        var context = new System.Runtime.Loader.AssemblyLoadContext("inspect", isCollectible: true);
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            var type = context.LoadFromStream(stream).GetType("Consumer.UshadowSettings+BuildTime", throwOnError: true)!;
            return (string?)type.GetField(name)!.GetRawConstantValue();
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void UshadowEnabled_false_generates_no_source()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnabled>false</UshadowEnabled><EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>");

        var output = _world.BuildOk(app).Output;

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app, "obj"), "UshadowSettings.g.cs", SearchOption.AllDirectories));
        Assert.DoesNotContain("USH4001", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app, ".env")));
    }
}
