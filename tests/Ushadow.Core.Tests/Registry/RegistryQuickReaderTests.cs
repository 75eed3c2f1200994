using System.Text;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;

namespace Ushadow.Core.Tests.Registry;

/// <summary>
/// Builds read the registry with a Utf8JsonReader; a file it reads must read to exactly the environments the JSON
/// tree gives, and a file the tree refuses must never be read (the tree's error is what the build reports).
/// </summary>
public class RegistryQuickReaderTests
{
    private static readonly string Root = OperatingSystem.IsWindows() ? "C:\\\\envs\\\\" : "/envs/";

    [Fact]
    public void A_registry_the_package_wrote_is_read_without_the_tree_and_to_the_same_environments()
    {
        var entries = Enumerable.Range(0, 5).Select(i => new RegisteredEnvironment(
            $"env{i}", (OperatingSystem.IsWindows() ? "C:\\envs\\" : "/envs/") + i, i, i % 2 == 0 ? DatabaseMode.Shared : DatabaseMode.Isolated,
            $"db{i}", new DateTimeOffset(2026, 1, 31, 12, 0, i, TimeSpan.Zero),
            new Dictionary<string, string> { ["ENV_NAME"] = $"env{i}", ["REDIS_DATABASE"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            AppName = i == 3 ? "shop" : "ushadow",
            PortOffset = i == 4 ? null : i * 10,
            Host = i == 2 ? "laptop" : null,
            Sources = new Dictionary<string, SettingLayer> { ["ENV_NAME"] = SettingLayer.MSBuildProperty, ["REDIS_DATABASE"] = SettingLayer.Registry },
        }).ToList();
        var text = RegistryJson.Empty().Write(entries);

        Assert.True(RegistryJson.TryReadEnvironments(text, out var quick));
        Assert.Equal(Show(RegistryJson.ReadTree("/state/environments.json", text).Environments), Show(quick));
        Assert.Equal(Show(entries.OrderBy(e => e.Id.ToString(), StringComparer.Ordinal).ToList(), types: false), Show(quick, types: false));
    }

    [Theory]
    [InlineData("{\"version\":3,\"environments\":{}}")]
    [InlineData("{\"environments\":{},\"version\":2}")]
    [InlineData("{\"version\":2,\"version\":2,\"environments\":{}}")]
    [InlineData("{\"version\":2,\"environments\":{}} x")]
    [InlineData("{\"version\":2,\"environments\":{},}")]
    [InlineData("{\"version\":2,\"environments\":{}}/* c */")]
    public void Unusual_files_are_left_to_the_tree(string text)
    {
        Assert.False(RegistryJson.TryReadEnvironments(text, out _));
    }

    [Fact]
    public void Every_generated_registry_reads_the_same_with_both_readers_or_is_left_to_the_tree()
    {
        var quick = 0;
        for (var seed = 0; seed < 40_000; seed++)
        {
            var text = Registry(new Random(seed));
            if (!RegistryJson.TryReadEnvironments(text, out var environments))
            {
                continue;
            }
            quick++;
            IReadOnlyList<RegisteredEnvironment> tree;
            try
            {
                tree = RegistryJson.ReadTree("/state/environments.json", text).Environments;
            }
            catch (UshadowException e)
            {
                Assert.Fail($"seed {seed}: read a registry the tree refuses ({e.Message}): {text}");
                throw;
            }
            Assert.True(Show(tree) == Show(environments), $"seed {seed}: {text}\ntree:  {Show(tree)}\nquick: {Show(environments)}");
        }
        Assert.True(quick > 6_000, $"only {quick} generated registries were read quickly");
    }

    /// <summary>A registry of a few entries, each field usually right and sometimes of another type, missing, doubled or null.</summary>
    private static string Registry(Random random)
    {
        var text = new StringBuilder("{");
        var top = new List<string>();
        var format = random.Next(12) == 0 ? 1 : 2;
        if (random.Next(20) > 0)
        {
            top.Add($"\"version\": {Odd(random, format.ToString(System.Globalization.CultureInfo.InvariantCulture), "\"2\"", "2.0", "3", "0", "null", "1e0")}");
        }
        if (random.Next(3) == 0)
        {
            top.Add("\"written_by\": \"Ushadow.Build 1.2.3\"");
        }
        if (random.Next(5) == 0)
        {
            top.Add("\"port_blocks\": { \"40\": \"ushadow/gold\", \"nested\": [1, {\"a\": null}] }");
        }
        var entries = new List<string>();
        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            entries.Add(Entry(random, format, i));
        }
        if (random.Next(25) == 0 && entries.Count > 0)
        {
            entries.Add(entries[0]); // the same key twice
        }
        top.Add(random.Next(30) == 0 ? "\"environments\": []" : $"\"environments\": {{{string.Join(",", entries)}}}");
        if (random.Next(30) == 0)
        {
            top.Add("\"environments\": {}");
        }
        if (random.Next(8) == 0)
        {
            top.Reverse();
        }
        text.Append(string.Join(random.Next(2) == 0 ? ",\n  " : ",", top)).Append('}');
        if (random.Next(40) == 0)
        {
            text.Append(Odd(random, " ", "\n", " x", "{}", ","));
        }
        return text.ToString();
    }

    private static string Entry(Random random, int format, int index)
    {
        var name = Odd(random, $"env{index}", "gold", "", " ", "Gold", "a\\u00e9");
        var app = Odd(random, "ushadow", "shop");
        var key = format >= 2 ? $"{app}/{name}" : name;
        var fields = new List<string>();
        if (random.Next(10) == 0)
        {
            fields.Add($"\"kind\": {Odd(random, "\"lease\"", "\"environment\"", "null", "3")}");
        }
        if (format >= 2 || random.Next(4) == 0)
        {
            Field(random, fields, "app", $"\"{app}\"");
            Field(random, fields, "name", $"\"{name}\"");
        }
        Field(random, fields, "root", $"\"{Root}{index}\"", "\"relative\"", "\"\"");
        Field(random, fields, "redis_database", Odd(random, index.ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "-1", "3.0", "\"3\"", "99999999999", "1e1"));
        Field(random, fields, "database_mode", Odd(random, "\"shared\"", "\"isolated\"", "\" Isolated \"", "\"both\""));
        Field(random, fields, "mongodb_database", Odd(random, "\"ushadow\"", "\"\"", "\"ushadow_gold\""));
        if (random.Next(3) == 0)
        {
            Field(random, fields, "port_offset", Odd(random, "40", "0", "null", "-10", "\"40\"", "4.5"));
        }
        Field(random, fields, "updated_at", Odd(random, "\"2026-01-31T12:00:00Z\"", "\"2026-01-31T12:00:00.1234567Z\"", "\"2026-01-31\"", "\"soon\"", "\"31/01/2026 12:00\""));
        if (random.Next(3) == 0)
        {
            Field(random, fields, "host", Odd(random, "\"laptop\"", "null", "7"));
        }
        if (random.Next(2) == 0)
        {
            Field(random, fields, "env_file", Odd(random, "{\"ENV_NAME\": \"gold\", \"REDIS_DATABASE\": \"3\"}", "{}", "null", "{\"A\": 1}", "{\"A\": \"1\", \"A\": \"2\"}", "[]", "{\"B\": \"\\u00e9\\n\"}"));
        }
        if (random.Next(2) == 0)
        {
            Field(random, fields, "sources", Odd(random, "{\"ENV_NAME\": \"msBuildProperty\", \"REDIS_DATABASE\": \"registry\"}", "{\"X\": \"newLayer\"}", "{}", "null", "{\"A\": true}"));
        }
        if (random.Next(6) == 0)
        {
            fields.Add("\"docker_context\": {\"name\": \"default\", \"list\": [1, 2, {\"x\": null}]}");
        }
        if (random.Next(8) == 0)
        {
            fields.Reverse();
        }
        return $"\"{key}\": {{{string.Join(", ", fields)}}}";
    }

    /// <summary>Adds the field, usually; sometimes leaves it out, writes it twice, or writes null.</summary>
    private static void Field(Random random, List<string> fields, string name, params string[] values)
    {
        switch (random.Next(40))
        {
            case 0: return;
            case 1: fields.Add($"\"{name}\": null"); return;
            case 2: fields.Add($"\"{name}\": {values[0]}"); break;
        }
        fields.Add($"\"{name}\": {values[random.Next(values.Length)]}");
    }

    /// <summary>The first value mostly, another one now and then.</summary>
    private static string Odd(Random random, params string[] values) => random.Next(8) == 0 ? values[random.Next(values.Length)] : values[0];

    private static string Show(IReadOnlyList<RegisteredEnvironment> environments, bool types = true) => string.Join("\n", environments.Select(e =>
        $"{e.AppName}/{e.Name} root={e.Root} redis={e.RedisDatabase} mode={e.Mode} mongo={e.MongoDatabase} at={e.UpdatedAt:O} port={e.PortOffset} host={e.Host} " +
        $"env=[{string.Join(",", e.EnvFileValues.Select(p => $"{p.Key}={p.Value}"))}] sources=[{string.Join(",", e.Sources.Select(p => $"{p.Key}={p.Value}"))}] " +
        (types ? $"types={e.EnvFileValues.GetType().Name},{e.Sources.GetType().Name}" : "")));
}
