using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Shared;
using Ushadow.Core.Tests.Secrets;

namespace Ushadow.Core.Tests.Settings;

public class LauncherSettingsDocumentTests
{
    [Fact]
    public void Keys_the_tool_does_not_own_survive_in_their_order()
    {
        using var folder = new TempFolder();
        var path = folder.File("settings.json");
        File.WriteAllText(path, """{"theme": "dark", "database_mode": "shared", "window": {"w": 800, "h": 1.50}, "environments": {"gold": {"port_offset": 40}}, "last": [1, 2]}""");

        var document = LauncherSettingsDocument.Load(path);
        document.Set("database_mode", "isolated");
        document.Set("shared_database_name", "team");
        document.Set("database_mode", "isolated", "gold");
        Assert.True(document.Save());

        var text = File.ReadAllText(path);
        Assert.Equal(
            ["theme", "database_mode", "window", "environments", "last", "shared_database_name"],
            System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject().Select(p => p.Key).ToList());
        Assert.Contains("\"h\": 1.50", text, StringComparison.Ordinal);
        Assert.Equal("isolated", LauncherSettings.Load(path).ForEnvironment("gold", "database_mode"));
        Assert.Equal("40", System.Text.Json.Nodes.JsonNode.Parse(text)!["environments"]!["gold"]!["port_offset"]!.ToJsonString());
    }

    [Fact]
    public void A_new_file_is_owner_only_and_an_existing_file_keeps_its_mode()
    {
        using var folder = new TempFolder();
        var created = Path.Combine(folder.Path, "new", "settings.json");
        var existing = folder.File("existing.json");
        File.WriteAllText(existing, "{}");
        UnixMode.Set(existing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var document = LauncherSettingsDocument.Load(created);
        document.Set("database_mode", "shared");
        document.Save();
        var other = LauncherSettingsDocument.Load(existing);
        other.Set("database_mode", "shared");
        other.Save();

        Assert.Equal(AtomicFile.OwnerOnly, UnixMode.Of(created));
        if (!OperatingSystem.IsWindows()) // Windows has no mode to keep (its access lists: WindowsAccessTests)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, UnixMode.Of(existing));
        }
    }

    [Theory]
    [InlineData("{\"database_mode\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{\"environments\": 3}")]
    public void A_malformed_file_is_USH1004_naming_it(string text)
    {
        using var folder = new TempFolder();
        var path = folder.File("settings.json");
        File.WriteAllText(path, text);

        var error = Assert.Throws<UshadowException>(() => LauncherSettingsDocument.Load(path));

        Assert.Equal(DiagnosticCodes.InvalidLauncherSettings, error.Diagnostic.Code);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Fact]
    public void Unsetting_the_last_override_removes_the_empty_objects()
    {
        using var folder = new TempFolder();
        var path = folder.File("settings.json");
        File.WriteAllText(path, """{"database_mode": "shared", "environments": {"Gold": {"database_mode": "isolated"}}}""");

        var document = LauncherSettingsDocument.Load(path);
        Assert.True(document.Unset("database_mode", "gold"));
        Assert.False(document.Unset("database_mode", "blue"));
        document.Save();

        Assert.Equal("{\n  \"database_mode\": \"shared\"\n}\n", File.ReadAllText(path));
    }

    [Fact]
    public void An_edit_that_changes_nothing_does_not_touch_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("settings.json");
        File.WriteAllText(path, "{\"database_mode\":\"shared\"}");
        var missing = folder.File("missing.json");

        var document = LauncherSettingsDocument.Load(path);
        document.Set("database_mode", "shared");
        var nothing = LauncherSettingsDocument.Load(missing);
        nothing.Unset("database_mode");

        Assert.False(document.Save());
        Assert.False(nothing.Save());
        Assert.Equal("{\"database_mode\":\"shared\"}", File.ReadAllText(path));
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void Show_output_hides_every_password()
    {
        using var folder = new TempFolder();
        var path = folder.File("settings.json");
        File.WriteAllText(path, """{"default_admin_password": "hunter2", "environments": {"gold": {"default_admin_password": "hunter3"}}}""");

        var document = LauncherSettingsDocument.Load(path);

        var json = document.Redacted().ToJsonString();
        Assert.DoesNotContain("hunter", json, StringComparison.Ordinal);
        Assert.Equal("***", document.GlobalEntries.Single().Value);
        Assert.Equal("***", document.Redacted()["environments"]!["gold"]!["default_admin_password"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("database_mode", "sharded", DiagnosticCodes.InvalidDatabaseMode)]
    [InlineData("shared_database_name", "my.db", DiagnosticCodes.InvalidDatabaseName)]
    [InlineData("shared_database_name", "", DiagnosticCodes.InvalidDatabaseName)]
    [InlineData("default_admin_email", "admin.example.com", DiagnosticCodes.InvalidAdminSetting)]
    [InlineData("default_admin_email", " ", DiagnosticCodes.InvalidAdminSetting)]
    [InlineData("default_admin_password", "", DiagnosticCodes.InvalidAdminSetting)]
    public void Values_are_checked_with_the_build_rules(string key, string value, string code)
    {
        var error = Assert.Throws<UshadowException>(() => LauncherSettingKeys.Validate(key, value, new Provenance(SettingLayer.LauncherGlobal, "settings.json " + key)));

        Assert.Equal(code, error.Diagnostic.Code);
    }

    [Fact]
    public void A_mode_is_stored_in_lower_case()
    {
        Assert.Equal("isolated", LauncherSettingKeys.Validate("database_mode", " Isolated ", new Provenance(SettingLayer.LauncherGlobal, "x")));
    }
}
