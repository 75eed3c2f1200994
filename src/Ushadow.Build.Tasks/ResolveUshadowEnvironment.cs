using System.Globalization;
using System.Text;
using Microsoft.Build.Framework;
using Ushadow.Core;
using Task = Microsoft.Build.Utilities.Task;

namespace Ushadow.Build.Tasks;

/// <summary>
/// Resolves the environment's databases and, in real builds, writes <c>.env</c>, <c>secrets.yaml</c> and the
/// registry. Reads MSBuild properties and the environment variables of SPEC §2; outputs only non-secret values.
/// </summary>
public sealed class ResolveUshadowEnvironment : Task
{
    /// <summary>The consuming project's folder.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = "";

    /// <summary><c>false</c> in design-time builds: resolve only.</summary>
    public bool WriteFiles { get; set; } = true;

    /// <summary>Where to record the resolved values for incremental builds (real builds only).</summary>
    public string? ResolvedValuesFile { get; set; }

    /// <summary><c>UshadowAppName</c>.</summary>
    public string? AppName { get; set; }
    /// <summary><c>UshadowEnvName</c>.</summary>
    public string? EnvName { get; set; }
    /// <summary><c>UshadowDatabaseMode</c>.</summary>
    public string? DatabaseMode { get; set; }
    /// <summary><c>UshadowSharedDatabaseName</c>.</summary>
    public string? SharedDatabaseName { get; set; }
    /// <summary><c>UshadowEnvironmentRoot</c>.</summary>
    public string? EnvironmentRoot { get; set; }
    /// <summary><c>UshadowEnvFile</c>.</summary>
    public string? EnvFile { get; set; }
    /// <summary><c>UshadowSecretsFile</c>.</summary>
    public string? SecretsFile { get; set; }
    /// <summary><c>UshadowLauncherSettingsFile</c>.</summary>
    public string? LauncherSettingsFile { get; set; }
    /// <summary><c>UshadowStateDirectory</c>.</summary>
    public string? StateDirectory { get; set; }
    /// <summary><c>UshadowRedisDatabaseCount</c>.</summary>
    public string? RedisDatabaseCount { get; set; }
    /// <summary><c>UshadowProductionEnvironments</c>.</summary>
    public string? ProductionEnvironments { get; set; }

    /// <summary>Resolved app name (percent-encoded, like every string output).</summary>
    [Output] public string ResolvedAppName { get; private set; } = "";
    /// <summary>Resolved environment name.</summary>
    [Output] public string ResolvedEnvName { get; private set; } = "";
    /// <summary>Resolved mode, <c>shared</c> or <c>isolated</c>.</summary>
    [Output] public string ResolvedDatabaseMode { get; private set; } = "";
    /// <summary>Resolved MongoDB database.</summary>
    [Output] public string ResolvedMongoDatabase { get; private set; } = "";
    /// <summary>Resolved Redis database number.</summary>
    [Output] public string ResolvedRedisDatabase { get; private set; } = "";
    /// <summary>Resolved compose project name.</summary>
    [Output] public string ResolvedComposeProjectName { get; private set; } = "";
    /// <summary>Resolved shared database name.</summary>
    [Output] public string ResolvedSharedDatabaseName { get; private set; } = "";

    /// <inheritdoc/>
    public override bool Execute()
    {
        var request = new ProvisionRequest
        {
            ProjectDirectory = ProjectDirectory,
            Variables = VariableNames.All
                .Select(name => (name, value: System.Environment.GetEnvironmentVariable(name)))
                .Where(pair => pair.value is not null)
                .ToDictionary(pair => pair.name, pair => pair.value!, StringComparer.Ordinal),
            WriteFiles = WriteFiles,
            Properties = new BuildProperties
            {
                AppName = AppName,
                EnvName = EnvName,
                DatabaseMode = DatabaseMode,
                SharedDatabaseName = SharedDatabaseName,
                EnvironmentRoot = EnvironmentRoot,
                EnvFile = EnvFile,
                SecretsFile = SecretsFile,
                LauncherSettingsFile = LauncherSettingsFile,
                StateDirectory = StateDirectory,
                RedisDatabaseCount = RedisDatabaseCount,
                ProductionEnvironments = ProductionEnvironments,
            },
        };

        try
        {
            var result = ProvisionOncePerBuild(request, out var reused);
            if (!reused)
            {
                Report(result);
            }
            SetOutputs(result.Environment);
            if (WriteFiles && !string.IsNullOrEmpty(ResolvedValuesFile))
            {
                RecordResolvedValues(ResolvedValuesFile!, result);
            }
        }
        catch (UshadowException e)
        {
            LogDiagnostic(e.Diagnostic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDiagnostic(UshadowDiagnostic.Error(DiagnosticCodes.CannotWrite, $"Ushadow.Build could not read or write a file: {e.Message}"));
        }
        catch (Exception e)
        {
            // A defect of ours, not the user's input: still a coded error, never MSB4018.
            LogDiagnostic(UshadowDiagnostic.Error(DiagnosticCodes.UnexpectedFailure, $"Ushadow.Build failed unexpectedly ({e.GetType().Name}: {e.Message}). Please report it."));
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// Several projects and target frameworks of one build resolve the same environment: the first does the
    /// work, the rest in the same build node reuse its result (other nodes find nothing left to write).
    /// </summary>
    private ProvisionResult ProvisionOncePerBuild(ProvisionRequest request, out bool reused)
    {
        var key = "Ushadow.Build:" + string.Join("\u001f",
            request.WriteFiles, EnvironmentProvisioner.ResolvePaths(request),
            string.Join(",", request.Variables.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")),
            request.Properties);
        if (BuildEngine4.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is ProvisionResult cached)
        {
            reused = true;
            return cached;
        }
        var result = EnvironmentProvisioner.Provision(request);
        BuildEngine4.RegisterTaskObject(key, result, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        reused = false;
        return result;
    }

    private void Report(ProvisionResult result)
    {
        var environment = result.Environment;
        Log.LogMessage(MessageImportance.Low, $"Ushadow: [input] environment root {result.Paths.Root}; .env {result.Paths.EnvFile}; secrets {result.Paths.SecretsFile}; launcher settings {result.Paths.LauncherSettingsFile}; state {result.Paths.StateDirectory}");
        foreach (var (name, value) in Lines(environment))
        {
            Log.LogMessage(MessageImportance.Normal, $"Ushadow: {name} = {value}");
        }
        foreach (var diagnostic in result.Diagnostics)
        {
            LogDiagnostic(diagnostic);
        }
        foreach (var file in result.WrittenFiles)
        {
            Log.LogMessage(MessageImportance.Low, $"Ushadow: [output] wrote {file}");
        }
    }

    private static IEnumerable<(string, string)> Lines(ResolvedEnvironment e)
    {
        yield return ("ENV_NAME", e.EnvironmentName.ToString());
        yield return ("DATABASE_MODE", new Resolved<string>(e.DatabaseMode.Value.ToText(), e.DatabaseMode.From).ToString());
        yield return ("MONGODB_DATABASE", e.MongoDatabase.ToString());
        yield return ("REDIS_DATABASE", e.RedisDatabase.ToString());
        yield return ("COMPOSE_PROJECT_NAME", e.ComposeProjectName.ToString());
        yield return ("SHARED_DATABASE_NAME", e.SharedDatabaseName.ToString());
        yield return ("app name", e.AppName.ToString());
    }

    /// <summary>
    /// The outputs become compiler-visible properties: percent-encoded (the generator decodes them), so a
    /// hand-edited value holding ';', '#' or a new line cannot break the analyzer config or the record file.
    /// </summary>
    private void SetOutputs(ResolvedEnvironment environment)
    {
        ResolvedAppName = Uri.EscapeDataString(environment.AppName.Value);
        ResolvedEnvName = Uri.EscapeDataString(environment.EnvironmentName.Value);
        ResolvedDatabaseMode = environment.DatabaseMode.Value.ToText();
        ResolvedMongoDatabase = Uri.EscapeDataString(environment.MongoDatabase.Value);
        ResolvedRedisDatabase = environment.RedisDatabase.Value.ToString(CultureInfo.InvariantCulture);
        ResolvedComposeProjectName = Uri.EscapeDataString(environment.ComposeProjectName.Value);
        ResolvedSharedDatabaseName = Uri.EscapeDataString(environment.SharedDatabaseName.Value);
    }

    /// <summary>
    /// Records the non-secret values and the files they depend on, so the targets can skip this task in a
    /// no-op build and still hand the values to the generator.
    /// </summary>
    private void RecordResolvedValues(string path, ProvisionResult result)
    {
        var text = new StringBuilder()
            .Append("AppName=").Append(ResolvedAppName).Append('\n')
            .Append("EnvName=").Append(ResolvedEnvName).Append('\n')
            .Append("DatabaseMode=").Append(ResolvedDatabaseMode).Append('\n')
            .Append("MongoDatabase=").Append(ResolvedMongoDatabase).Append('\n')
            .Append("RedisDatabase=").Append(ResolvedRedisDatabase).Append('\n')
            .Append("ComposeProjectName=").Append(ResolvedComposeProjectName).Append('\n')
            .Append("SharedDatabaseName=").Append(ResolvedSharedDatabaseName).Append('\n')
            .ToString();
        if (!AtomicFile.WriteIfChanged(path, text))
        {
            // Same values, but newer inputs were read: mark the record current so the next build skips.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        // What -v:n shows, so a build that skips the task shows the same lines. A number allocated now is
        // kept from then on, so the replay says so.
        var registryFile = Path.Combine(result.Paths.StateDirectory, "environments.json");
        var replayed = result.Environment.RedisDatabase.From.Layer == SettingLayer.Inferred
            ? result.Environment with { RedisDatabase = new Resolved<int>(result.Environment.RedisDatabase.Value, new Provenance(SettingLayer.Registry, $"{registryFile} (kept)")) }
            : result.Environment;
        AtomicFile.WriteIfChanged(Path.ChangeExtension(path, ".log"),
            string.Concat(Lines(replayed).Select(line => $"Ushadow: {line.Item1} = {line.Item2}\n")));
        var dependencies = Path.ChangeExtension(path, ".inputs");
        AtomicFile.WriteIfChanged(dependencies, string.Join("\n", new[]
        {
            result.Paths.EnvFile,
            result.Paths.SecretsFile,
            result.Paths.LauncherSettingsFile,
            Path.Combine(result.Paths.StateDirectory, "environments.json"),
        }) + "\n");
    }

    private void LogDiagnostic(UshadowDiagnostic diagnostic)
    {
        const string Subcategory = "Ushadow";
        switch (diagnostic.Severity)
        {
            case DiagnosticSeverity.Error:
                Log.LogError(Subcategory, diagnostic.Code, null, diagnostic.HelpLink, diagnostic.File, 0, 0, 0, 0, diagnostic.Message);
                break;
            case DiagnosticSeverity.Warning:
                Log.LogWarning(Subcategory, diagnostic.Code, null, diagnostic.HelpLink, diagnostic.File, 0, 0, 0, 0, diagnostic.Message);
                break;
            default:
                Log.LogMessage(MessageImportance.Normal, $"Ushadow: {diagnostic.Message}");
                break;
        }
    }
}
