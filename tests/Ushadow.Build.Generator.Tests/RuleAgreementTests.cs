extern alias core;

using core::Ushadow.Core;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ushadow.Build.Generator.Tests.Consumer;

namespace Ushadow.Build.Generator.Tests;

/// <summary>
/// The generated class re-derives and re-checks names at run time (a deployed binary has no Ushadow.Core), so
/// it keeps its own copies of the core's naming rules. These properties prove the copies agree with the core:
/// the same names are accepted, folded and derived the same way.
/// </summary>
public class RuleAgreementTests
{
    // Characters where rules tend to differ: case, Unicode that folds to ASCII, every forbidden one, white space.
    private static readonly Gen<string> Text =
        Gen.Elements("abcxyzAZ0159_-./\\ \"$*<>:|?\0\t\nÉéİıKſ#;ü".ToCharArray())
            .ArrayOf()
            .Select(chars => new string(chars))
            .Or(Gen.Elements("gold", "Gold", "ushadow", "a", "feature/login", "-x", "x-", new string('d', 48), new string('d', 49), new string('d', 63), new string('d', 64), "é" + new string('d', 61)));

    private static readonly Gen<string> Mode = Gen.Elements("shared", "isolated", "SHARED", " Isolated ");

    [Property(MaxTest = 2000)]
    public Property An_environment_name_is_accepted_folded_and_derived_as_the_core_does() =>
        Prop.ForAll(Text.ToArbitrary(), Mode.ToArbitrary(), (name, mode) =>
        {
            var origin = new Provenance(SettingLayer.EnvironmentVariable, "ENV_NAME");
            string? core;
            try
            {
                core = Naming.EnvironmentName(name, origin);
            }
            catch (UshadowException)
            {
                core = null;
            }

            var variables = new Dictionary<string, string> { ["ENV_NAME"] = name, ["DATABASE_MODE"] = mode };
            UshadowSettings? generated;
            try
            {
                generated = UshadowSettings.Resolve(variables.GetValueOrDefault);
            }
            catch (UshadowSettingsException)
            {
                generated = null;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                // An empty variable is unset for both: the build-time name stays.
                Assert.Equal(UshadowSettings.BuildTime.EnvironmentName, generated!.EnvironmentName);
                return;
            }
            Assert.Equal(core, generated?.EnvironmentName);
            if (core is null)
            {
                return;
            }
            Assert.True(DatabaseModes.TryParse(mode, out var parsed));
            var app = UshadowSettings.BuildTime.AppName;
            var database = parsed == DatabaseMode.Shared ? UshadowSettings.BuildTime.SharedDatabaseName : Naming.IsolatedDatabase(app, core);
            Assert.Equal(database, generated!.MongoDatabaseName);
            Assert.Equal(Naming.ComposeProjectName(app, core), generated.ComposeProjectName);
        });

    [Property(MaxTest = 2000)]
    public Property A_database_name_is_accepted_as_the_core_accepts_it() =>
        Prop.ForAll(Text.ToArbitrary(), name =>
        {
            var trimmed = name.Trim();
            bool coreAccepts;
            try
            {
                Naming.DatabaseName(trimmed, new Provenance(SettingLayer.EnvironmentVariable, "MONGODB_DATABASE"));
                coreAccepts = true;
            }
            catch (UshadowException)
            {
                coreAccepts = false;
            }

            bool generatedAccepts;
            try
            {
                var settings = UshadowSettings.Resolve(variable => variable == "MONGODB_DATABASE" ? name : null);
                generatedAccepts = true;
                if (trimmed.Length > 0)
                {
                    Assert.Equal(trimmed, settings.MongoDatabaseName);
                }
            }
            catch (UshadowSettingsException)
            {
                generatedAccepts = false;
            }

            // An empty (or white-space) variable counts as unset at run time, and as empty (refused) in the core.
            if (trimmed.Length > 0)
            {
                Assert.Equal(coreAccepts, generatedAccepts);
            }
        });
}
