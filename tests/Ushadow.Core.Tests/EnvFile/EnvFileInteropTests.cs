using System.Text.Json;
using Ushadow.Core.EnvFile;
using Ushadow.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Ushadow.Core.Tests.EnvFile;

/// <summary>
/// The written <c>.env</c> read by parsers from other projects: python-dotenv (Debian python3-dotenv),
/// docker-compose v1 (Debian docker-compose) and DotNetEnv. A missing tool fails the test: CI installs them.
/// </summary>
public sealed class EnvFileInteropTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private const string DockerCompose = "/usr/bin/docker-compose";

    private static readonly string[] OwnedKeys = ["ENV_NAME", "COMPOSE_PROJECT_NAME", "DATABASE_MODE", "MONGODB_DATABASE", "REDIS_DATABASE"];

    private static readonly Dictionary<string, string> NewValues = new()
    {
        ["ENV_NAME"] = "feature-login",
        ["COMPOSE_PROJECT_NAME"] = "shop_feature-login",
        ["DATABASE_MODE"] = "shared",
        ["MONGODB_DATABASE"] = "shop",
        ["REDIS_DATABASE"] = "7",
    };

    // Foreign content a developer might really have, with some owned keys already present.
    private const string ForeignContent =
        "# Shop settings\r\n" +
        "# Keys below the line are yours; Ushadow writes ENV_NAME and friends.\r\n" +
        "\r\n" +
        "export API_URL=\"http://localhost:8080/api#v2\"   # the fragment is part of the value\r\n" +
        "SECRET_KEY='s3cr#t=with=equals'\n" +
        "LOG_LEVEL=debug # inline comment\n" +
        "EMPTY=\n" +
        "GREETING=\"hello \\\"world\\\"\"\n" +
        "DATABASE_MODE=isolated\n" +
        "PRIVATE_KEY=\"-----BEGIN KEY-----\n" +
        "ENV_NAME=inside-a-value\n" +
        "-----END KEY-----\"\n" +
        "# ENV_NAME=commented-out\n" +
        "export ENV_NAME=first\r\n" +
        "ENV_NAME='old-name' # last one wins\n" +
        "export REDIS_DATABASE=\"2\"\n" +
        "TAIL=end";

    private readonly string _folder = Directory.CreateTempSubdirectory("ushadow-envfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static EnvFileDocument WrittenDocument()
    {
        var document = EnvFileDocument.Parse(ForeignContent);
        foreach (var key in OwnedKeys)
        {
            document.Set(key, NewValues[key]);
        }

        return document;
    }

    [Fact]
    public void The_written_file_keeps_foreign_content_and_gets_the_owned_keys()
    {
        var document = WrittenDocument();

        // Sanity check of the fixture: the rewrites and appends the other tests rely on happened.
        Assert.Contains("ENV_NAME='feature-login' # last one wins\n", document.Text, StringComparison.Ordinal);
        Assert.Contains("export ENV_NAME=first\r\n", document.Text, StringComparison.Ordinal);
        Assert.Contains("export REDIS_DATABASE=\"7\"\n", document.Text, StringComparison.Ordinal);
        Assert.EndsWith("TAIL=end\nCOMPOSE_PROJECT_NAME=shop_feature-login\nMONGODB_DATABASE=shop\n", document.Text, StringComparison.Ordinal);
        foreach (var key in OwnedKeys)
        {
            Assert.Equal(NewValues[key], document.Get(key));
        }
    }

    [Fact]
    public void Python_dotenv_reads_every_key_as_Get_does()
    {
        var document = WrittenDocument();

        var values = ReadWithPythonDotenv(document.Text);

        foreach (var key in OwnedKeys)
        {
            Assert.Equal(NewValues[key], values[key]);
        }

        foreach (var (key, value) in values)
        {
            Assert.Equal(value, document.Get(key));
        }
    }

    [Fact]
    public void Docker_compose_substitutes_the_owned_keys_from_the_file()
    {
        var document = WrittenDocument();
        File.WriteAllText(Path.Combine(_folder, ".env"), document.Text);
        File.WriteAllText(Path.Combine(_folder, "docker-compose.yml"),
            "version: \"3.8\"\n" +
            "services:\n" +
            "  app:\n" +
            "    image: busybox\n" +
            "    environment:\n" +
            string.Concat(OwnedKeys.Select(k => $"      {k}: \"${{{k}}}\"\n")));

        var output = Run(DockerCompose, ["config"], "apt-get install docker-compose");

        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        var environment = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"])["app"])["environment"];
        foreach (var key in OwnedKeys)
        {
            var value = ((YamlScalarNode)environment[key]).Value;
            Assert.Equal(NewValues[key], value);
            Assert.Equal(document.Get(key), value);
        }
    }

    [Fact]
    public void DotNetEnv_reads_the_owned_keys_as_Get_does()
    {
        var document = WrittenDocument();

        var values = new Dictionary<string, string>();
        foreach (var (key, value) in DotNetEnv.Env.LoadContents(document.Text, new DotNetEnv.LoadOptions(setEnvVars: false)))
        {
            values[key] = value; // last one wins, as in python-dotenv
        }

        foreach (var key in OwnedKeys)
        {
            Assert.Equal(NewValues[key], values[key]);
            Assert.Equal(document.Get(key), values[key]);
        }
    }

    [Theory]
    [InlineData("A=1\nB = 2 # c\nexport C='x # y'\nD=\"a\\nb\\\"c\\\\\"\nE=a#b\nF= # f\nG=\nH\n'I'=i\n")]
    [InlineData("A=\"multi\r\nB=inside\"\nB=outside\rC=3\r\n  \t D=\t4\t\n")]
    [InlineData("=bad\nthis is junk\nA=\"x\"junk\nB='open\nC=3\nB=ok\nexport\n")]
    [InlineData("A=\"x \\\\\"#c\nENV_NAME=1\nB=\"y\"\nC=2\n")]
    [InlineData("A='it\\'s' # c\nB=\"tab\\there\"\nC=1\nC\n")]
    public void Python_dotenv_reads_tricky_text_as_Get_does(string text)
    {
        var document = EnvFileDocument.Parse(text);

        var values = ReadWithPythonDotenv(text);

        Assert.NotEmpty(values);
        foreach (var (key, value) in values)
        {
            Assert.Equal(value, document.Get(key));
        }

        // And nothing python-dotenv does not see is read either.
        foreach (var key in new[] { "A", "B", "C", "D", "E", "F", "G", "H", "I", "ENV_NAME" }.Where(k => !values.ContainsKey(k)))
        {
            Assert.Null(document.Get(key));
        }
    }

    private Dictionary<string, string?> ReadWithPythonDotenv(string text)
    {
        var path = Path.Combine(_folder, ".env");
        File.WriteAllText(path, text);
        var json = Run(Python,
            ["-c", "from dotenv import dotenv_values; import json,sys; print(json.dumps(dotenv_values(sys.argv[1])))", path],
            "apt-get install python3 python3-dotenv");
        return JsonSerializer.Deserialize<Dictionary<string, string?>>(json)
            ?? throw new InvalidOperationException($"python-dotenv printed no values: {json}");
    }

    /// <summary>Runs a tool in the test _folder with the owned keys scrubbed from its environment.</summary>
    private string Run(string tool, string[] arguments, string install)
    {
        Assert.True(File.Exists(tool), $"{tool} is missing; the interop tests need it ({install}).");
        // A variable in the process environment would win over the .env file.
        using var process = Processes.Start(tool, arguments, _folder, OwnedKeys.ToDictionary(key => key, string? (_) => null));
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"{tool} did not finish within a minute.");
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {process.StandardError}{process.StandardOutput}");
        var output = process.StandardOutput;
        return output;
    }
}
