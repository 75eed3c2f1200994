using System.Collections.Generic;
using System;


namespace Ushadow.Core.Shared;

/// <summary>The environment variables the package reads (the original system's names, plus <c>USHADOW_</c> ones).</summary>
internal static class VariableNames
{
    /// <summary>Environment name.</summary>
    public const string EnvName = "ENV_NAME";
    /// <summary><c>shared</c> or <c>isolated</c>.</summary>
    public const string DatabaseMode = "DATABASE_MODE";
    /// <summary>Database used in shared mode.</summary>
    public const string SharedDatabaseName = "SHARED_DATABASE_NAME";
    /// <summary>The launcher's port offset; steers the preferred Redis number.</summary>
    public const string PortOffset = "PORT_OFFSET";
    /// <summary>Path of the launcher settings file.</summary>
    public const string LauncherSettings = "USHADOW_LAUNCHER_SETTINGS";
    /// <summary>The state directory (registry and shared secrets).</summary>
    public const string StateDirectory = "USHADOW_STATE_DIR";
    /// <summary>Where the registry lives: <c>file</c> (default) or a Redis URL (SPEC §10). May hold a password: never log it.</summary>
    public const string Registry = "USHADOW_REGISTRY";
    /// <summary>This machine's name in a shared registry; the host name when unset.</summary>
    public const string Host = "USHADOW_HOST";

    /// <summary>Every variable that changes a resolution (the MSBuild side fingerprints them for incremental builds).</summary>
    public static IReadOnlyList<string> All { get; } =
        [EnvName, DatabaseMode, SharedDatabaseName, PortOffset, LauncherSettings, StateDirectory, Registry, Host, "XDG_CONFIG_HOME", "HOME"];
}
