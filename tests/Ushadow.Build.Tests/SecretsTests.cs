using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Ushadow.Build.Tests;

public sealed class SecretsTests : IDisposable
{
    private const string Password = "p\"a:s#s'w\\ord\nline2";
    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    private static YamlMappingNode Secrets(string directory)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(directory, "config", "SECRETS", "secrets.yaml")));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode root, string section, string key) =>
        ((YamlScalarNode)((YamlMappingNode)root[section])[key]).Value!;

    [Fact]
    public void Shared_environments_hold_one_auth_key_isolated_ones_their_own_and_sessions_always_differ()
    {
        var gold = _world.CreateConsumer("gold", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        var blue = _world.CreateConsumer("blue", properties: "<UshadowEnvName>blue</UshadowEnvName>");
        var red = _world.CreateConsumer("red", properties: "<UshadowEnvName>red</UshadowEnvName><UshadowDatabaseMode>isolated</UshadowDatabaseMode>");

        _world.BuildOk(gold);
        _world.BuildOk(blue);
        _world.BuildOk(red);

        var (g, b, r) = (Secrets(gold), Secrets(blue), Secrets(red));
        Assert.Equal(Scalar(g, "security", "auth_secret_key"), Scalar(b, "security", "auth_secret_key"));
        Assert.NotEqual(Scalar(g, "security", "auth_secret_key"), Scalar(r, "security", "auth_secret_key"));
        Assert.NotEqual(Scalar(g, "security", "session_secret"), Scalar(b, "security", "session_secret"));
        Assert.Equal(43, Scalar(g, "security", "auth_secret_key").Length);
        foreach (var dir in new[] { gold, blue, red })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "config", "SECRETS", "secrets.yaml")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, ".env")));
        }
    }

    [Fact]
    public void Existing_secrets_comments_and_api_keys_survive_and_nothing_is_overwritten()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        var secretsPath = Path.Combine(app, "config", "SECRETS", "secrets.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(secretsPath)!);
        var original = "# my notes: keep me\napi_keys:\n  openai: sk-mine   # personal key\nsecurity:\n  session_secret: keep-this-session\n";
        File.WriteAllText(secretsPath, original);

        _world.BuildOk(app);

        var text = File.ReadAllText(secretsPath);
        Assert.Contains("# my notes: keep me\n", text, StringComparison.Ordinal);
        Assert.Contains("  openai: sk-mine   # personal key\n", text, StringComparison.Ordinal);
        var root = Secrets(app);
        Assert.Equal("keep-this-session", Scalar(root, "security", "session_secret"));
        Assert.Equal(43, Scalar(root, "security", "auth_secret_key").Length);
    }

    [Fact]
    public void The_admin_password_round_trips_and_never_reaches_diagnostic_output_or_a_binary_log()
    {
        _world.WriteLauncherSettings(new JsonObject
        {
            ["default_admin_email"] = "admin@example.com",
            ["default_admin_password"] = Password,
            ["coding_agent"] = "kept",
        });
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");

        var result = _world.BuildOk(app, null, "-v:diag", "-bl:" + Path.Combine(_world.Root, "build.binlog"));

        var root = Secrets(app);
        Assert.Equal(Password, Scalar(root, "admin", "password"));
        Assert.Equal("admin@example.com", Scalar(root, "admin", "email"));
        Assert.Equal("Administrator", Scalar(root, "admin", "name"));
        foreach (var fragment in new[] { "s#s'w", "line2" })
        {
            Assert.DoesNotContain(fragment, result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(fragment, BinaryLogText(Path.Combine(_world.Root, "build.binlog")), StringComparison.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(app, "obj"), "*", SearchOption.AllDirectories))
            {
                Assert.DoesNotContain(fragment, File.ReadAllText(file), StringComparison.Ordinal);
            }
        }
        // The auth key is a secret too.
        Assert.DoesNotContain(Scalar(root, "security", "auth_secret_key"), result.Output, StringComparison.Ordinal);

        // Nor can a query of the build's properties, items or target results reach one (a changed property makes the task run).
        var query = _world.Build(app, null, "-p:UshadowProductionEnvironments=query",
            "-getProperty:UshadowResolvedValues,UshadowEnvName,UshadowLauncherSettingsFile",
            "-getItem:_UshadowInputLine,_UshadowDependency,_UshadowEnsured,_UshadowRecordedLine,FileWrites",
            "-getTargetResult:UshadowResolveEnvironment,_UshadowRun,_UshadowWriteInputs");
        Assert.True(query.ExitCode == 0, query.Output);
        Assert.Contains("UshadowResolvedValues", query.Output, StringComparison.Ordinal);
        Assert.Contains("ENV_NAME=gold", query.Output, StringComparison.Ordinal);
        foreach (var secret in new[] { "s#s'w", "line2", Scalar(root, "security", "auth_secret_key"), Scalar(root, "security", "session_secret") })
        {
            Assert.DoesNotContain(secret, query.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>A binary log is a gzip stream; strings in it are UTF-8 (length-prefixed), so search the inflated bytes.</summary>
    private static string BinaryLogText(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var bytes = memory.ToArray();
        Assert.True(bytes.Length > 10_000, "the binary log looks empty");
        return Encoding.UTF8.GetString(bytes) + Encoding.Unicode.GetString(bytes);
    }
}
