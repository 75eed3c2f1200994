using System.Text.Json;

namespace Ushadow.Build.Tests;

/// <summary>The .env a build writes is read to the same values by parsers written by others.</summary>
public sealed class InteropTests : IDisposable
{
    private static readonly string[] Keys = ["ENV_NAME", "COMPOSE_PROJECT_NAME", "DATABASE_MODE", "MONGODB_DATABASE", "REDIS_DATABASE", "PORT_OFFSET", "BACKEND_PORT", "WEBUI_PORT"];
    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    private string BuiltWithForeignContent()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        File.WriteAllText(Path.Combine(app, ".env"),
            "# team settings\r\nexport API_URL=\"http://localhost:8000/#/api\"\r\nDATABASE_MODE=isolated\r\nQUOTED='single # not a comment'\r\n\r\nREDIS_DATABASE=0 # old\r\n");
        _world.BuildOk(app);
        return app;
    }

    [Fact]
    public void Python_dotenv_reads_the_owned_keys_to_the_values_written()
    {
        var app = BuiltWithForeignContent();
        var script = "import json,sys\nfrom dotenv import dotenv_values\nprint(json.dumps(dotenv_values(sys.argv[1])))";
        var result = Scrubbed.Run("/usr/bin/python3", app, ["-c", script, Path.Combine(app, ".env")], Scrubbed.Environment(), TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, "python3 with python3-dotenv (Debian) is required: " + result.Output);
        var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(result.Output)!;

        AssertOwnedKeys(app, key => values[key]);
        Assert.Equal("http://localhost:8000/#/api", values["API_URL"]);
        Assert.Equal("single # not a comment", values["QUOTED"]);
    }

    [Fact]
    public void Docker_compose_reads_the_owned_keys_to_the_values_written()
    {
        var app = BuiltWithForeignContent();
        File.WriteAllText(Path.Combine(app, "docker-compose.yml"),
            "version: '3'\nservices:\n  api:\n    image: busybox\n    environment:\n" +
            string.Concat(Keys.Select(k => $"      {k}: \"${{{k}}}\"\n")));
        var result = Scrubbed.Run("docker-compose", app, ["config"], Scrubbed.Environment(), TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, "docker-compose (Debian) is required: " + result.Output);

        AssertOwnedKeys(app, key =>
        {
            var line = result.Output.Split('\n').Single(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
            return line.Split(':', 2)[1].Trim().Trim('\'', '"');
        });
    }

    private static void AssertOwnedKeys(string app, Func<string, string?> read)
    {
        var expected = new Dictionary<string, string>
        {
            ["ENV_NAME"] = "gold",
            ["COMPOSE_PROJECT_NAME"] = "ushadow-gold",
            ["DATABASE_MODE"] = "shared",
            ["MONGODB_DATABASE"] = "ushadow",
            ["REDIS_DATABASE"] = World.ReadEnv(app)["REDIS_DATABASE"].Split('#')[0].Trim(),
            // gold's block is the original launcher's hash of the name, (103+111+108+100) % 50 * 10, unless its ports were busy.
            ["PORT_OFFSET"] = World.ReadEnv(app)["PORT_OFFSET"],
        };
        var offset = int.Parse(expected["PORT_OFFSET"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(offset % 10 == 0 && offset < 500, $"PORT_OFFSET {offset}");
        expected["BACKEND_PORT"] = (8000 + offset).ToString(System.Globalization.CultureInfo.InvariantCulture);
        expected["WEBUI_PORT"] = (3000 + offset).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var key in Keys)
        {
            Assert.Equal(expected[key], read(key));
        }
    }
}
