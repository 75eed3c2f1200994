using System.Text.Json;
using Ushadow.TestSupport;

namespace Ushadow.Core.Tests.Fuzz;

/// <summary>A case the oracle or the harness failed: its seed and what went wrong.</summary>
internal sealed record FuzzFailure(string Kind, int Seed, string Problem);

/// <summary>
/// Runs build/fuzz/oracle.py once over all the cases of a run (written as JSON lines), so 100,000 documents
/// cost one python start, not 100,000.
/// </summary>
internal static class FuzzOracle
{
    /// <summary>Debian's python (python3-dotenv 0.21, python3-yaml), as the interop tests; USHADOW_FUZZ_PYTHON overrides it.</summary>
    public static string Python => Environment.GetEnvironmentVariable("USHADOW_FUZZ_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    /// <summary>oracle.py, copied next to the assembly by the project file.</summary>
    public static string Script => Path.Combine(AppContext.BaseDirectory, "Fuzz", "oracle.py");

    /// <summary>Writes one case as a JSON line.</summary>
    public static void WriteEnv(Utf8JsonWriter json, EnvFuzzCase fuzzCase)
    {
        json.WriteStartObject();
        json.WriteString("kind", "env");
        json.WriteNumber("seed", fuzzCase.Seed);
        json.WriteString("before", fuzzCase.Before);
        json.WriteString("after", fuzzCase.After);
        json.WriteStartArray("edits");
        foreach (var (key, value) in fuzzCase.Edits)
        {
            json.WriteStartArray();
            json.WriteStringValue(key);
            json.WriteStringValue(value);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes one accepted secrets case as a JSON line.</summary>
    public static void WriteYaml(Utf8JsonWriter json, SecretsFuzzCase fuzzCase)
    {
        json.WriteStartObject();
        json.WriteString("kind", "yaml");
        json.WriteNumber("seed", fuzzCase.Seed);
        json.WriteString("before", fuzzCase.Before);
        json.WriteString("after", fuzzCase.After);
        json.WriteStartArray("added");
        foreach (var (section, key, value) in fuzzCase.Added)
        {
            json.WriteStartArray();
            json.WriteStringValue(section);
            json.WriteStringValue(key);
            json.WriteStringValue(value);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Writes <paramref name="write"/>'s cases to a temporary JSON-lines file, runs the oracle over it and returns
    /// its failures and its summary line.
    /// </summary>
    public static (List<FuzzFailure> Failures, string Summary) Judge(Action<Action<Action<Utf8JsonWriter>>> write)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ushadow-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var stream = File.Create(file))
            {
                var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
                write(writeCase =>
                {
                    using (var json = new Utf8JsonWriter(stream, options))
                    {
                        writeCase(json);
                    }

                    stream.WriteByte((byte)'\n');
                });
            }

            return Run(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (List<FuzzFailure>, string) Run(string file)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing; the fuzz oracle needs python3 with python3-dotenv and python3-yaml (apt-get install python3-dotenv python3-yaml).");
        }

        // A full build/fuzz run judges its 100,000 documents in this one call: the bound only catches a hang.
        var oracle = Processes.Run(Python, [Script, file], TimeSpan.FromMinutes(30));
        var failures = new List<FuzzFailure>();
        var summary = "";
        foreach (var line in oracle.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var result = JsonDocument.Parse(line);
            if (result.RootElement.TryGetProperty("summary", out var counts))
            {
                summary = counts.GetRawText();
            }
            else
            {
                failures.Add(new FuzzFailure(
                    result.RootElement.GetProperty("kind").GetString()!,
                    result.RootElement.GetProperty("seed").GetInt32(),
                    result.RootElement.GetProperty("problem").GetString()!));
            }
        }

        if (oracle.ExitCode != 0 || summary.Length == 0)
        {
            throw new InvalidOperationException($"the oracle failed ({oracle.ExitCode}): {oracle.StandardError}");
        }

        return (failures, summary);
    }
}
