using System.Text.Json;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Launcher;

/// <summary>
/// The launcher's settings file (snake_case JSON, as the original launcher writes it). Only read here;
/// the admin password it may hold stays in memory and never reaches a log, property or item.
/// </summary>
internal sealed class LauncherSettings
{
    private readonly JsonElement _root;

    private LauncherSettings(string? filePath, JsonElement root)
    {
        FilePath = filePath;
        _root = root;
    }

    /// <summary>Settings with no file behind them.</summary>
    public static LauncherSettings Empty { get; } = new(null, default);

    /// <summary>The file read, or <c>null</c> when there was none.</summary>
    public string? FilePath { get; }

    /// <summary>The default location: <c>$XDG_CONFIG_HOME/ushadow-launcher/settings.json</c>, else <c>~/.config/ushadow-launcher/settings.json</c>.</summary>
    public static string DefaultPath(Func<string, string?> getVariable)
    {
        var configHome = getVariable(VariableNames.ConfigHome);
        if (string.IsNullOrEmpty(configHome))
        {
            var home = getVariable(VariableNames.Home);
            if (string.IsNullOrEmpty(home))
            {
                home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
            }
            configHome = Path.Combine(home, ".config");
        }
        return Path.Combine(configHome, "ushadow-launcher", "settings.json");
    }

    /// <summary>Reads <paramref name="path"/>; a missing file gives <see cref="Empty"/>; malformed JSON throws USH1004 naming the file.</summary>
    public static LauncherSettings Load(string path)
    {
        string? text;
        try
        {
            text = AtomicFile.ReadAllTextOrNull(path);
        }
        catch (UnreadableFileException e)
        {
            throw Invalid(path, e.Reason + " holding a JSON object", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, $"{e.GetType().Name}; it must be a JSON file this user can read", e);
        }
        return text is null ? new LauncherSettings(null, default) : Parse(text, path);
    }

    /// <summary>Reads settings from <paramref name="text"/>, the content of <paramref name="path"/>; malformed JSON throws USH1004 naming the file.</summary>
    public static LauncherSettings Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "the top level must be a JSON object");
            }
            if (root.TryGetProperty("environments", out var environments) && environments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw Invalid(path, "'environments' must be an object of environment name to settings");
            }
            return new LauncherSettings(path, root);
        }
        catch (JsonException e)
        {
            // The message carries line and position only: the file holds a password.
            throw Invalid(path, $"it is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})", e);
        }
    }

    /// <summary>A top-level string setting such as <c>database_mode</c>, or <c>null</c>.</summary>
    public string? Global(string key) => ReadString(_root, key, key);

    /// <summary>A setting of one environment under <c>environments.&lt;env&gt;</c>, or <c>null</c>.</summary>
    public string? ForEnvironment(string environmentName, string key)
    {
        if (_root.ValueKind != JsonValueKind.Object
            || !_root.TryGetProperty("environments", out var environments)
            || environments.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var entry in environments.EnumerateObject())
        {
            // The launcher lower-cases names; accept an entry written with capitals too.
            if (string.Equals(entry.Name, environmentName, StringComparison.OrdinalIgnoreCase))
            {
                if (entry.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(FilePath!, $"'environments.{entry.Name}' must be an object");
                }
                return ReadString(entry.Value, key, $"environments.{entry.Name}.{key}");
            }
        }
        return null;
    }

    /// <summary>The default admin credentials, when the settings hold them.</summary>
    public AdminCredentials? Admin =>
        Global(LauncherSettingKeys.DefaultAdminEmail) is { Length: > 0 } email && Global(LauncherSettingKeys.DefaultAdminPassword) is { Length: > 0 } password
            ? new AdminCredentials(Global(LauncherSettingKeys.DefaultAdminName) is { Length: > 0 } name ? name : "Administrator", email, password)
            : null;

    private string? ReadString(JsonElement element, string key, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            // port_offset is a number (a numeric string is accepted too); its rule checks the text.
            JsonValueKind.Number when key == LauncherSettingKeys.PortOffset => value.GetRawText(),
            _ => throw Invalid(FilePath!, key == LauncherSettingKeys.PortOffset ? $"'{where}' must be a number" : $"'{where}' must be a string"),
        };
    }

    private static UshadowException Invalid(string path, string problem, Exception? inner = null) =>
        new(DiagnosticCodes.InvalidLauncherSettings, $"Launcher settings file '{path}' cannot be read: {problem}. Fix the file or point USHADOW_LAUNCHER_SETTINGS elsewhere.", path, inner);
}
