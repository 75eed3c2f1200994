using System.Text.Json.Nodes;
using Ushadow.Core.IO;
using Ushadow.Core.Launcher;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Secrets;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Tests.Secrets;

public class AdminCredentialSyncTests
{
    [Theory]
    [InlineData(null, "A", "B", null)]
    [InlineData("B", "A", "B", null)]
    [InlineData("A", "A", "B", nameof(AdminSecretState.FollowsOldSetting))]
    [InlineData("C", "A", "B", nameof(AdminSecretState.HandEdited))]
    [InlineData("C", null, "B", nameof(AdminSecretState.HandEdited))]
    public void A_value_equal_to_the_previous_setting_follows_it_and_any_other_is_a_hand_edit(string? current, string? previous, string next, string? expected)
    {
        Assert.Equal(expected is null ? null : Enum.Parse<AdminSecretState>(expected), AdminCredentialSync.Classify(current, previous, next));
    }

    [Fact]
    public void The_package_written_password_is_brought_in_line_and_the_hand_edit_is_kept()
    {
        using var folder = new TempFolder();
        var gold = Environment(folder, "gold", 1, "admin:\n  name: \"Administrator\"\n  email: \"a@b.c\"\n  password: \"A\" # from the launcher\n");
        var blue = Environment(folder, "blue", 2, "admin:\n  email: \"a@b.c\"\n  password: 'C'\n");
        var before = Settings(folder, "A");
        var after = Settings(folder, "B");

        var sync = AdminCredentialSync.Plan([gold, blue], before, after);
        var problems = sync.Apply();

        Assert.Empty(problems);
        Assert.Equal(
            [("blue", "password", AdminSecretState.HandEdited), ("gold", "password", AdminSecretState.FollowsOldSetting)],
            sync.Differences.Select(d => (d.Environment.Name, d.Field, d.State)).ToList());
        Assert.Equal("admin:\n  name: \"Administrator\"\n  email: \"a@b.c\"\n  password: \"B\" # from the launcher\n", File.ReadAllText(AdminCredentialSync.SecretsPath(gold)));
        Assert.Equal("admin:\n  email: \"a@b.c\"\n  password: 'C'\n", File.ReadAllText(AdminCredentialSync.SecretsPath(blue)));
        Assert.Equal(AtomicFile.OwnerOnly, UnixMode.Of(AdminCredentialSync.SecretsPath(gold)));
    }

    [Fact]
    public void Without_email_and_password_in_the_settings_nothing_is_planned()
    {
        using var folder = new TempFolder();
        var gold = Environment(folder, "gold", 1, "admin:\n  password: \"A\"\n");

        var sync = AdminCredentialSync.Plan([gold], Settings(folder, "A"), LauncherSettings.Parse("{\"default_admin_password\": \"B\"}", folder.File("s.json")));

        Assert.Empty(sync.Differences);
    }

    [Fact]
    public void An_unreadable_secrets_file_is_listed_and_left_alone()
    {
        using var folder = new TempFolder();
        var gold = Environment(folder, "gold", 1, "admin: [unclosed\n");

        var sync = AdminCredentialSync.Plan([gold], Settings(folder, "A"), Settings(folder, "B"));

        var difference = Assert.Single(sync.Differences);
        Assert.Equal(AdminSecretState.Unreadable, difference.State);
        Assert.Equal(DiagnosticCodes.InvalidSecretsFile, difference.Problem!.Code);
        Assert.Empty(sync.ToUpdate);
    }

    private static LauncherSettings Settings(TempFolder folder, string password) =>
        LauncherSettings.Parse(new JsonObject { ["default_admin_email"] = "a@b.c", ["default_admin_password"] = password }.ToJsonString(), folder.File("settings.json"));

    private static RegisteredEnvironment Environment(TempFolder folder, string name, int redis, string secrets)
    {
        var root = Path.Combine(folder.Path, name);
        Directory.CreateDirectory(Path.Combine(root, "config", "SECRETS"));
        File.WriteAllText(Path.Combine(root, "config", "SECRETS", "secrets.yaml"), secrets);
        return new RegisteredEnvironment(name, root, redis, DatabaseMode.Shared, "ushadow", DateTimeOffset.UnixEpoch, new Dictionary<string, string>());
    }
}
