using Microsoft.Build.Framework;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.IO;
using Ushadow.Core.Model;
using Ushadow.Core.Provisioning;
using Ushadow.Core.Shared;
using Task = Microsoft.Build.Utilities.Task;

namespace Ushadow.Build.Tasks;

/// <summary>
/// Resolves the environment's databases and, in real builds, writes <c>.env</c>, <c>secrets.yaml</c> and the registry.
/// Reads MSBuild properties and the variables of <see cref="VariableNames.BuildInputs"/>; outputs only non-secret
/// values.
/// </summary>
public sealed class ResolveUshadowEnvironment : Task
{
#if NETFRAMEWORK
    // Before Execute is compiled, which loads the core and its dependencies (NetFramework/TaskFolderAssemblies.cs).
    static ResolveUshadowEnvironment() => TaskFolderAssemblies.Register();
#endif

    /// <summary>The consuming project's folder.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = "";

    /// <summary><c>false</c> in design-time builds: resolve only.</summary>
    public bool WriteFiles { get; set; } = true;

    /// <summary>Where to record the resolved values for incremental builds (real builds only).</summary>
    public string? ResolvedValuesFile { get; set; }

    /// <summary>
    /// The targets' <c>_UshadowProperty</c> items: each MSBuild property a resolution reads, named by its identity, its
    /// value in <c>Value</c> (the same list the targets fingerprint). The variable <c>USHADOW_REGISTRY</c>, which may hold a
    /// password, is read from the process environment inside the task, so it never becomes a property, item or logged parameter.
    /// </summary>
    public ITaskItem[] Properties { get; set; } = [];

    /// <summary>
    /// Every resolved value of <see cref="ResolvedValueCatalogue"/>, encoded as one property for the generator
    /// (<see cref="ResolvedValueCatalogue.Encode"/>): never a secret.
    /// </summary>
    [Output] public string ResolvedValues { get; private set; } = "";

    /// <inheritdoc/>
    public override bool Execute()
    {
        var request = new ProvisionRequest
        {
            ProjectDirectory = ProjectDirectory,
            Variables = ProvisionRequest.ReadVariables(System.Environment.GetEnvironmentVariable),
            WriteFiles = WriteFiles,
            Properties = BuildProperties.FromProject(PropertyValue),
        };

        try
        {
            var result = ProvisionOncePerBuild(request, out var reused);
            if (!reused)
            {
                Report(result);
            }
            var recorded = result.Environment.AsRecorded(result.RegistryFile);
            SetOutputs(recorded, request, result);
            if (WriteFiles && !string.IsNullOrEmpty(ResolvedValuesFile))
            {
                RecordResolvedValues(ResolvedValuesFile!, result, recorded);
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

    /// <summary>The value of the <c>_UshadowProperty</c> item named <paramref name="name"/>, <c>null</c> when there is none.</summary>
    private string? PropertyValue(string name)
    {
        foreach (var item in Properties)
        {
            if (string.Equals(item.ItemSpec, name, StringComparison.Ordinal))
            {
                return item.GetMetadata("Value");
            }
        }
        return null;
    }

    /// <summary>
    /// Several projects and target frameworks of one build resolve the same environment: the first does the
    /// work, the rest in the same build node reuse its result (other nodes find nothing left to write).
    /// </summary>
    private ProvisionResult ProvisionOncePerBuild(ProvisionRequest request, out bool reused)
    {
        var key = "Ushadow.Build:" + string.Join("\u001f",
            request.WriteFiles, EnvironmentPaths.For(request), Variables(request.Variables), request.Properties);
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

    /// <summary><c>KEY=value</c> pairs in ordinal order of their keys, joined by commas.</summary>
    // Loops, not LINQ over key-value pairs: generic code over a struct is JIT compiled in each build's fresh process.
    private static string Variables(IReadOnlyDictionary<string, string> variables)
    {
        var pairs = new string[variables.Count];
        var i = 0;
        foreach (var key in variables.Keys)
        {
            pairs[i++] = key;
        }
        Array.Sort(pairs, StringComparer.Ordinal);
        for (i = 0; i < pairs.Length; i++)
        {
            pairs[i] = $"{pairs[i]}={variables[pairs[i]]}";
        }
        return string.Join(",", pairs);
    }

    private void Report(ProvisionResult result)
    {
        var environment = result.Environment;
        Log.LogMessage(MessageImportance.Low, $"Ushadow: [input] environment root {result.Paths.Root}; .env {result.Paths.EnvFile}; secrets {result.Paths.SecretsFile}; launcher settings {result.Paths.LauncherSettingsFile}; state {result.Paths.StateDirectory}");
        foreach (var line in Lines(environment))
        {
            Log.LogMessage(MessageImportance.Normal, line);
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

    /// <summary>The <c>-v:n</c> lines: one per catalogue value with its source.</summary>
    private static IEnumerable<string> Lines(ResolvedEnvironment environment) =>
        environment.Values.Select(value => $"Ushadow: {value}");

    /// <summary>Each value, then where it came from (<see cref="ResolvedValueCatalogue.SourceKey"/>), for the generator.</summary>
    private void SetOutputs(ResolvedEnvironment environment, ProvisionRequest request, ProvisionResult result)
    {
        // A loop, not LINQ over key-value pairs: generic code over a struct is JIT compiled in each build's fresh process.
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var value in environment.Values)
        {
            pairs.Add(new KeyValuePair<string, string>(value.Key, value.Value));
            pairs.Add(new KeyValuePair<string, string>(ResolvedValueCatalogue.SourceKey(value.Key), value.From.ToString()));
        }
        // Only a project that declares a schema version hands these over (already validated by the plan).
        if (InputRules.SchemaVersion(request.Properties.SchemaVersion) is { } schemaVersion)
        {
            pairs.Add(new KeyValuePair<string, string>(ResolvedValueCatalogue.SchemaVersionKey, schemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (string.Equals(result.RegistryFile, result.Paths.RegistryFile, StringComparison.Ordinal))
            {
                pairs.Add(new KeyValuePair<string, string>(ResolvedValueCatalogue.SchemaStateDirectoryKey, result.Paths.StateDirectory));
            }
        }
        ResolvedValues = ResolvedValueCatalogue.Encode(pairs);
    }

    /// <summary>
    /// Records the non-secret values and the files they depend on, so the targets can skip this task in a
    /// no-op build and still hand the values to the generator: <c>.inputs</c> lists the files read (a missing
    /// one is ignored), <c>.outputs</c> the files this build guarantees (a missing one makes the next build run).
    /// </summary>
    private void RecordResolvedValues(string path, ProvisionResult result, ResolvedEnvironment recorded)
    {
        if (!AtomicFile.WriteIfChanged(path, ResolvedValues + "\n"))
        {
            // Same values, but newer inputs were read: mark the record current so the next build skips.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        // What -v:n shows, so a build that skips the task shows the same lines.
        AtomicFile.WriteIfChanged(Path.ChangeExtension(path, ".log"), string.Concat(Lines(recorded).Select(line => line + "\n")));
        AtomicFile.WriteIfChanged(Path.ChangeExtension(path, ".inputs"), string.Join("\n", new[]
        {
            result.Paths.EnvFile,
            result.Paths.SecretsFile,
            result.Paths.LauncherSettingsFile,
            result.RegistryFile,
        }) + "\n");
        AtomicFile.WriteIfChanged(Path.ChangeExtension(path, ".outputs"), string.Concat(result.EnsuredFiles.Select(file => file + "\n")));
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
                // A coded message (USH2011, a migration ahead) is meant to be seen at the default verbosity.
                Log.LogMessage(diagnostic.Code.Length > 0 ? MessageImportance.High : MessageImportance.Normal,
                    diagnostic.Code.Length > 0 ? $"Ushadow: {diagnostic.Code}: {diagnostic.Message}" : $"Ushadow: {diagnostic.Message}");
                break;
        }
    }
}
