namespace Ushadow.Build.Tests;

/// <summary>Secrets are never one <c>git add -A</c> away from history, and CI or image builds write nothing.</summary>
public sealed class HygieneTests : IDisposable
{
    private const string PrintName = "using Consumer;\nSystem.Console.WriteLine(UshadowSettings.BuildTime.EnvironmentName);\n";

    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    [Fact]
    public void A_commit_of_everything_right_after_the_first_build_holds_neither_env_nor_secrets()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        ModeTests.Git(app, "init", "-q", "-b", "main"); // no ignore rules at all

        var build = _world.BuildOk(app);

        Assert.Contains("which git would not have ignored", build.Output, StringComparison.Ordinal);
        ModeTests.Git(app, "add", "-A");
        ModeTests.Git(app, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "everything");
        var committed = Scrubbed.Run("git", app, ["ls-files"], Scrubbed.Environment(), TimeSpan.FromMinutes(1)).Output;
        Assert.DoesNotContain(".env", committed, StringComparison.Ordinal);
        Assert.DoesNotContain("secrets.yaml", committed, StringComparison.Ordinal);
        Assert.Contains("Program.cs", committed, StringComparison.Ordinal);
        Assert.Equal("", Scrubbed.Run("git", app, ["status", "--porcelain", "--", ".gitignore"], Scrubbed.Environment(), TimeSpan.FromMinutes(1)).Output.Trim());
    }

    [Theory]
    [InlineData("CI", "true")]
    [InlineData("GITHUB_ACTIONS", "true")]
    [InlineData("TF_BUILD", "True")]
    public void A_CI_build_resolves_for_the_generated_class_but_writes_and_claims_nothing(string variable, string value)
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>", program: PrintName);
        var ci = new Dictionary<string, string?> { [variable] = value };

        var build = _world.BuildOk(app, ci);

        Assert.Contains("Ushadow: a CI or image build", build.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app, ".env")));
        Assert.False(File.Exists(Path.Combine(app, "config", "SECRETS", "secrets.yaml")));
        Assert.False(Directory.Exists(_world.LauncherDirectory), "the state folder (registry, shared keys) must not be created");
        Assert.Equal("gold", _world.Dotnet(app, ci, "run", "--no-build").Output.Trim());
    }

    [Fact]
    public void ContinuousIntegrationBuild_counts_too_and_UshadowWriteOnCI_opts_back_in()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");

        _world.BuildOk(app, null, "-p:ContinuousIntegrationBuild=true");
        Assert.False(File.Exists(Path.Combine(app, ".env")));

        var build = _world.BuildOk(app, new Dictionary<string, string?> { ["CI"] = "true" }, "-p:UshadowWriteOnCI=true");
        Assert.DoesNotContain("Ushadow: a CI or image build", build.Output, StringComparison.Ordinal);
        Assert.Equal("gold", World.ReadEnv(app)["ENV_NAME"]);
        Assert.True(File.Exists(_world.RegistryFile));
    }
}
