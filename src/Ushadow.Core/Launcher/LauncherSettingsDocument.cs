using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Launcher;

/// <summary>
/// An editor of the launcher settings file (snake_case JSON): sets and removes one key, globally or under
/// <c>environments.&lt;env&gt;</c>, and keeps every other key, in order (the original launcher keeps its own keys
/// there). Written atomically; a new file gets mode 0600 (it holds a password), an existing one keeps its mode.
/// Values are validated by <see cref="LauncherSettingKeys.Validate"/> before they get here.
/// </summary>
internal sealed class LauncherSettingsDocument
{
    private static readonly JsonDocumentOptions ReadOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        // Keeps non-ASCII names and '+' in emails readable; the file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly JsonObject _root;
    private readonly string? _originalText;

    private LauncherSettingsDocument(string filePath, string? text, JsonObject root)
    {
        FilePath = filePath;
        _originalText = text;
        _root = root;
    }

    /// <summary>The settings file's full path.</summary>
    public string FilePath { get; }

    /// <summary>Whether the file existed when it was loaded.</summary>
    public bool Exists => _originalText is not null;

    /// <summary>Whether an edit changed the content since <see cref="Load"/> (layout aside).</summary>
    public bool Changed => _originalText is null ? _root.Count > 0 : !JsonNode.DeepEquals(Parse(_originalText, FilePath), _root);

    /// <summary>
    /// Reads <paramref name="path"/>; a missing file is an empty document. The file must be what the build can
    /// read: otherwise USH1004 naming the file (which is left untouched).
    /// </summary>
    public static LauncherSettingsDocument Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        string? text;
        try
        {
            text = AtomicFile.ReadAllTextOrNull(fullPath);
        }
        catch (UnreadableFileException e)
        {
            throw new UshadowException(DiagnosticCodes.InvalidLauncherSettings,
                $"Launcher settings file '{fullPath}' cannot be read: {e.Reason} holding a JSON object. It was left as it is.", fullPath, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.InvalidLauncherSettings,
                $"Launcher settings file '{fullPath}' cannot be read ({e.GetType().Name}); check its permissions.", fullPath, e);
        }
        if (text is null)
        {
            return new LauncherSettingsDocument(fullPath, null, []);
        }
        // The build's reader decides what a valid file is; the editor then works on the same text.
        LauncherSettings.Parse(text, fullPath);
        return new LauncherSettingsDocument(fullPath, text, Parse(text, fullPath));
    }

    /// <summary>
    /// Takes the cross-process lock <c>settings.json.lock</c> next to <paramref name="path"/> (creating its folder),
    /// waiting at most <paramref name="timeout"/>. Hold it from <see cref="Load"/> to <see cref="Save"/>: two tools
    /// editing the file at once would otherwise lose one's change.
    /// </summary>
    /// <exception cref="UshadowException">USH1037 when the lock is not free in time; USH1007 when the folder cannot be created.</exception>
    public static FileLock Lock(string path, TimeSpan timeout)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        try
        {
            AtomicFile.CreatePrivateDirectory(directory); // often the state folder too: 0700
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite, $"{directory}: cannot create the launcher settings folder ({e.Message})", directory, e);
        }
        return FileLock.Acquire(fullPath + ".lock", timeout, DiagnosticCodes.LauncherSettingsLockTimeout, "another ushadow command");
    }

    /// <summary>The settings as the build reads them, with every edit so far.</summary>
    public LauncherSettings ToSettings() => LauncherSettings.Parse(ToJson(), FilePath);

    /// <summary>A top-level value, or the one under <c>environments.&lt;env&gt;</c> when <paramref name="environment"/> is given; <c>null</c> when absent.</summary>
    public string? Get(string key, string? environment = null)
    {
        var owner = environment is null ? _root : FindEnvironment(environment, create: false);
        return owner?[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    /// <summary>The environment names that have an entry under <c>environments</c>, in file order.</summary>
    public IReadOnlyList<string> EnvironmentNames =>
        _root[LauncherSettingKeys.Environments] is JsonObject environments ? environments.Select(p => p.Key).ToList() : [];

    /// <summary>The keys of one environment's entry with their values as JSON text, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentEntries(string environment) =>
        FindEnvironment(environment, create: false) is { } entry
            ? entry.Select(p => new KeyValuePair<string, string>(p.Key, Display(p.Key, p.Value))).ToList()
            : [];

    /// <summary>The top-level keys with their values as display text (the password as <c>***</c>), in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GlobalEntries =>
        _root.Where(p => p.Key != LauncherSettingKeys.Environments)
            .Select(p => new KeyValuePair<string, string>(p.Key, Display(p.Key, p.Value))).ToList();

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="value"/>, in place when the key exists (its position kept),
    /// else appended; under <c>environments.&lt;env&gt;</c> when <paramref name="environment"/> is given (an entry
    /// written with capitals is the same environment, as the build reads it).
    /// </summary>
    public void Set(string key, string value, string? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var owner = environment is null ? _root : FindEnvironment(environment, create: true)!;
        owner[key] = JsonValue.Create(value);
    }

    /// <summary>
    /// Removes <paramref name="key"/> (globally, or from one environment's entry, which is removed too when it is
    /// left empty, as is an <c>environments</c> object left empty). Returns whether the key was there.
    /// </summary>
    public bool Unset(string key, string? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (environment is null)
        {
            return _root.Remove(key);
        }
        var entry = FindEnvironment(environment, create: false);
        if (entry is null || !entry.Remove(key))
        {
            return false;
        }
        if (entry.Count == 0 && _root[LauncherSettingKeys.Environments] is JsonObject environments)
        {
            environments.Remove(environments.First(p => ReferenceEquals(p.Value, entry)).Key);
            if (environments.Count == 0)
            {
                _root.Remove(LauncherSettingKeys.Environments); // the override was the last one: no empty object left behind
            }
        }
        return true;
    }

    /// <summary>The file's new text: indented JSON, every key in its order.</summary>
    // LF on every platform, as the registry: System.Text.Json indents with the platform's line end (CRLF on Windows).
    public string ToJson() => _root.ToJsonString(WriteOptions).ReplaceLineEndings("\n") + "\n";

    /// <summary>The settings object as in the file, with every <c>default_admin_password</c> replaced by <c>"***"</c>.</summary>
    public JsonObject Redacted()
    {
        var copy = (JsonObject)_root.DeepClone();
        Redact(copy);
        if (copy[LauncherSettingKeys.Environments] is JsonObject environments)
        {
            foreach (var (_, entry) in environments)
            {
                if (entry is JsonObject settings)
                {
                    Redact(settings);
                }
            }
        }
        return copy;
    }

    /// <summary>
    /// Writes the file atomically when its content changed (0600 when new, an existing file's mode kept).
    /// Returns whether it was written.
    /// </summary>
    /// <exception cref="UshadowException">USH1007 when the file or its folder is not writable.</exception>
    public bool Save()
    {
        AtomicFile.RemoveStaleTemporaryFiles(FilePath); // a command killed mid-write left its temp file
        if (!Changed)
        {
            return false; // same content: the file (and its timestamp) stays as it is
        }
        try
        {
            return AtomicFile.WriteIfChanged(FilePath, ToJson(), newFileMode: AtomicFile.OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite,
                $"{FilePath}: cannot be written ({e.GetType().Name}); check that its folder is writable by this user", FilePath, e);
        }
    }

    private JsonObject? FindEnvironment(string environment, bool create)
    {
        var environments = _root[LauncherSettingKeys.Environments] as JsonObject;
        if (environments is null)
        {
            if (!create)
            {
                return null;
            }
            environments = [];
            // An explicit "environments": null is replaced; LauncherSettings.Parse allows nothing else but an object.
            _root[LauncherSettingKeys.Environments] = environments;
        }
        foreach (var (name, value) in environments)
        {
            // The build matches names ignoring case (the launcher lower-cases them); edit the entry it reads.
            if (string.Equals(name, environment, StringComparison.OrdinalIgnoreCase))
            {
                return value as JsonObject ?? throw new UshadowException(DiagnosticCodes.InvalidLauncherSettings,
                    $"Launcher settings file '{FilePath}' cannot be edited: 'environments.{name}' must be an object. Fix the file.", FilePath);
            }
        }
        if (!create)
        {
            return null;
        }
        var entry = new JsonObject();
        environments[environment] = entry;
        return entry;
    }

    private static string Display(string key, JsonNode? value) =>
        LauncherSettingKeys.IsSecret(key) ? "***"
        : value is JsonValue v && v.TryGetValue<string>(out var text) ? text
        : value?.ToJsonString(WriteOptions) ?? "null";

    private static void Redact(JsonObject settings)
    {
        if (settings.ContainsKey(LauncherSettingKeys.DefaultAdminPassword))
        {
            settings[LauncherSettingKeys.DefaultAdminPassword] = "***";
        }
    }

    private static JsonObject Parse(string text, string path)
    {
        try
        {
            var root = JsonNode.Parse(text, documentOptions: ReadOptions) as JsonObject
                ?? throw Invalid(path, "the top level must be a JSON object");
            // Materialise every object now, so a key written twice is found before any edit.
            _ = root.ToJsonString();
            return root;
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"it is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})");
        }
        catch (ArgumentException)
        {
            // A JsonObject may refuse a key written twice (depending on the runtime); the build would then fail too.
            throw Invalid(path, "an object holds the same key twice");
        }
    }

    private static UshadowException Invalid(string path, string problem) =>
        new(DiagnosticCodes.InvalidLauncherSettings, $"Launcher settings file '{path}' cannot be read: {problem}. Fix the file or point USHADOW_LAUNCHER_SETTINGS elsewhere.", path);
}
