using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Planning;

/// <summary>
/// The warnings of a mode switch (README, Diagnostics: USH2001, USH2002), with the real database names and the command
/// that copies data.
/// </summary>
internal static class ModeSwitch
{
    internal static IEnumerable<UshadowDiagnostic> Warnings(
        RegisteredEnvironment? previous, string? recordedMode, string? recordedDatabase, ResolvedEnvironment now)
    {
        var before = previous?.Mode;
        if (before is null && DatabaseModes.TryParse(recordedMode, out var recorded))
        {
            before = recorded;
        }
        var mode = now.DatabaseMode.Value;
        if (before is null || before == mode)
        {
            yield break;
        }

        var database = now.MongoDatabase.Value;
        var env = now.EnvironmentName.Value;
        var own = previous?.MongoDatabase ?? (string.IsNullOrWhiteSpace(recordedDatabase) ? null : recordedDatabase.Trim());
        if (mode == DatabaseMode.Shared)
        {
            // Only this environment's own isolated database is left behind; other isolated environments still use theirs.
            var source = own is not null && own != database ? own : Naming.IsolatedDatabase(now.AppName.Value, env);
            yield return UshadowDiagnostic.Warning(DiagnosticCodes.SwitchedToShared,
                $"Environment '{env}' switched from isolated to shared mode ({now.DatabaseMode.From}) and now uses database '{database}'. " +
                $"The isolated database '{source}' stays behind unused. " +
                $"To copy it into the shared database: {MongoCopyCommand.For(source, database)}");
        }
        else
        {
            var source = own is not null && own != database ? own : now.SharedDatabaseName.Value;
            yield return UshadowDiagnostic.Warning(DiagnosticCodes.SwitchedToIsolated,
                $"Environment '{env}' switched from shared to isolated mode ({now.DatabaseMode.From}) and now uses database '{database}', which starts empty: data is not copied from '{source}'. " +
                $"To copy it: {MongoCopyCommand.For(source, database)}");
        }
    }
}
