namespace Ushadow.Core;

/// <summary>The resolved settings of one environment, each with where it came from.</summary>
public sealed record ResolvedEnvironment
{
    /// <summary>The app name (<c>ushadow</c> by default).</summary>
    public required Resolved<string> AppName { get; init; }
    /// <summary>The environment name, lower-case.</summary>
    public required Resolved<string> EnvironmentName { get; init; }
    /// <summary>Shared or isolated.</summary>
    public required Resolved<DatabaseMode> DatabaseMode { get; init; }
    /// <summary>The database used in shared mode.</summary>
    public required Resolved<string> SharedDatabaseName { get; init; }
    /// <summary>The MongoDB database this environment uses.</summary>
    public required Resolved<string> MongoDatabase { get; init; }
    /// <summary>The docker compose project name.</summary>
    public required Resolved<string> ComposeProjectName { get; init; }
    /// <summary>The Redis database number, never shared with another environment.</summary>
    public required Resolved<int> RedisDatabase { get; init; }
}

/// <summary>The inputs of the precedence rules, already read from their files.</summary>
/// <param name="Request">Variables and properties.</param>
/// <param name="Launcher">The launcher settings.</param>
/// <param name="HandEdits">Owned <c>.env</c> keys whose value the user changed, with the value typed.</param>
/// <param name="EnvFile">The <c>.env</c> path, for provenance.</param>
/// <param name="Root">The environment root folder.</param>
internal sealed record ResolutionInputs(
    ProvisionRequest Request,
    LauncherSettings Launcher,
    IReadOnlyDictionary<string, string> HandEdits,
    string EnvFile,
    string Root);

/// <summary>
/// The precedence of SPEC §3.1, for every setting except the Redis number (which needs the registry):
/// hand edit in <c>.env</c> &gt; environment variable &gt; MSBuild property &gt; launcher settings
/// (environment entry, then top level) &gt; default or inference.
/// </summary>
internal static class EnvironmentResolver
{
    public const string DefaultAppName = "ushadow";

    /// <summary>SPEC §2 fixes this default (not the app name): a renamed app keeps the team's one shared database.</summary>
    public const string DefaultSharedDatabaseName = "ushadow";

    public static (Resolved<string> App, Resolved<string> Env, Resolved<DatabaseMode> Mode, Resolved<string> Shared, Resolved<string> Mongo, Resolved<string> Compose)
        Resolve(ResolutionInputs inputs)
    {
        var request = inputs.Request;
        var properties = request.Properties;

        var appText = First(
            (properties.AppName, new Provenance(SettingLayer.MSBuildProperty, "UshadowAppName")),
            (DefaultAppName, new Provenance(SettingLayer.Default, "")));
        var app = appText with { Value = Naming.AppName(appText.Value, appText.From) };

        var envText = First(
            (Edit(inputs, EnvKeys.EnvName), EditOrigin(inputs, EnvKeys.EnvName)),
            (request.Variable(VariableNames.EnvName), new Provenance(SettingLayer.EnvironmentVariable, VariableNames.EnvName)),
            (properties.EnvName, new Provenance(SettingLayer.MSBuildProperty, "UshadowEnvName")),
            (InferredEnvironmentName(inputs.Root, app.Value)));
        var env = envText with { Value = Naming.EnvironmentName(envText.Value, envText.From) };

        var modeText = First(
            (Edit(inputs, EnvKeys.DatabaseMode), EditOrigin(inputs, EnvKeys.DatabaseMode)),
            (request.Variable(VariableNames.DatabaseMode), new Provenance(SettingLayer.EnvironmentVariable, VariableNames.DatabaseMode)),
            (properties.DatabaseMode, new Provenance(SettingLayer.MSBuildProperty, "UshadowDatabaseMode")),
            (inputs.Launcher.ForEnvironment(env.Value, "database_mode"), LauncherOrigin(inputs, $"environments.{env.Value}.database_mode", SettingLayer.LauncherEnvironment)),
            (inputs.Launcher.Global("database_mode"), LauncherOrigin(inputs, "database_mode", SettingLayer.LauncherGlobal)),
            ("shared", new Provenance(SettingLayer.Default, "")));
        if (!DatabaseModes.TryParse(modeText.Value, out var modeValue))
        {
            throw new UshadowException(
                DiagnosticCodes.InvalidDatabaseMode,
                $"Database mode '{modeText.Value}' from {modeText.From} is invalid: use {DatabaseModes.Accepted}.",
                modeText.From.Layer == SettingLayer.EnvFileEdit ? inputs.EnvFile : inputs.Launcher.FilePath is { } f && modeText.From.Layer is SettingLayer.LauncherGlobal or SettingLayer.LauncherEnvironment ? f : null);
        }
        var mode = new Resolved<DatabaseMode>(modeValue, modeText.From);

        var shared = First(
            (request.Variable(VariableNames.SharedDatabaseName), new Provenance(SettingLayer.EnvironmentVariable, VariableNames.SharedDatabaseName)),
            (properties.SharedDatabaseName, new Provenance(SettingLayer.MSBuildProperty, "UshadowSharedDatabaseName")),
            (inputs.Launcher.ForEnvironment(env.Value, "shared_database_name"), LauncherOrigin(inputs, $"environments.{env.Value}.shared_database_name", SettingLayer.LauncherEnvironment)),
            (inputs.Launcher.Global("shared_database_name"), LauncherOrigin(inputs, "shared_database_name", SettingLayer.LauncherGlobal)),
            (DefaultSharedDatabaseName, new Provenance(SettingLayer.Default, "")));
        Naming.DatabaseName(shared.Value, shared.From);

        var mongo = First(
            (Edit(inputs, EnvKeys.MongoDatabase), EditOrigin(inputs, EnvKeys.MongoDatabase)),
            mode.Value == DatabaseMode.Shared
                ? (shared.Value, new Provenance(SettingLayer.Inferred, $"shared mode uses the shared database ({shared.From})"))
                : (Naming.IsolatedDatabase(app.Value, env.Value), new Provenance(SettingLayer.Inferred, "isolated mode: <app>_<env>")));
        Naming.DatabaseName(mongo.Value, mongo.From);

        var compose = First(
            (Edit(inputs, EnvKeys.ComposeProjectName), EditOrigin(inputs, EnvKeys.ComposeProjectName)),
            (Naming.ComposeProjectName(app.Value, env.Value), new Provenance(SettingLayer.Inferred, env.Value == app.Value ? "the app name" : "<app>-<env>")));

        return (app, env, mode, shared, mongo, compose);
    }

    /// <summary>A linked worktree is named after its folder; anything else is the app-named environment.</summary>
    private static (string, Provenance) InferredEnvironmentName(string root, string appName) =>
        EnvironmentRoot.IsLinkedWorktree(root)
            ? (Path.GetFileName(root), new Provenance(SettingLayer.Inferred, $"linked git worktree folder '{Path.GetFileName(root)}'"))
            : (appName, new Provenance(SettingLayer.Inferred, "the app name (not a linked worktree)"));

    private static string? Edit(ResolutionInputs inputs, string key) => inputs.HandEdits.TryGetValue(key, out var value) ? value : null;

    private static Provenance EditOrigin(ResolutionInputs inputs, string key) => new(SettingLayer.EnvFileEdit, $"{inputs.EnvFile} ({key})");

    private static Provenance LauncherOrigin(ResolutionInputs inputs, string key, SettingLayer layer) => new(layer, $"{inputs.Launcher.FilePath} ({key})");

    private static Resolved<string> First(params (string? Value, Provenance From)[] candidates)
    {
        foreach (var (value, from) in candidates)
        {
            // An empty variable or property is unset; an emptied .env line is a value the user typed and is checked like any other.
            if (!string.IsNullOrWhiteSpace(value) || (value is not null && from.Layer == SettingLayer.EnvFileEdit))
            {
                return new Resolved<string>(value.Trim(), from);
            }
        }
        throw new InvalidOperationException("The last candidate is always a default.");
    }
}
