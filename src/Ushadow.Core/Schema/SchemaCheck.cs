using System.Globalization;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;
using Ushadow.Core.Shared.Runtime;

namespace Ushadow.Core.Schema;

/// <summary>
/// What a build tells a project that declares a schema version about its MongoDB database's record (README, Schema
/// changes in shared mode): a warning when the code is behind the database, and in shared mode a message when its next
/// start would migrate a database other environments use. Reads only.
/// </summary>
internal static class SchemaCheck
{
    /// <summary>The diagnostics for an environment of <paramref name="environment"/> declaring <paramref name="declared"/>.</summary>
    /// <param name="declared">The declared version.</param>
    /// <param name="environment">The resolved environment.</param>
    /// <param name="root">Its root folder, to leave it out of the other environments.</param>
    /// <param name="record">The database's record.</param>
    /// <param name="registry">Every registered environment.</param>
    /// <param name="registryLocation">The registry, as named in messages.</param>
    public static IEnumerable<UshadowDiagnostic> Diagnostics(
        long declared, ResolvedEnvironment environment, string root, SchemaRecord record, IReadOnlyList<RegisteredEnvironment> registry, string registryLocation)
    {
        var database = environment.MongoDatabase.Value;
        var shared = environment.DatabaseMode.Value == DatabaseMode.Shared;
        if (declared < record.Version)
        {
            yield return UshadowDiagnostic.Warning(DiagnosticCodes.SchemaBehindDatabase,
                $"UshadowSchemaVersion {Text(declared)} of environment '{environment.EnvironmentName.Value}' is behind MongoDB database '{database}', which is recorded at schema version {Text(record.Version)}, " +
                $"migrated by {Who(record)} ({registryLocation}). This code may break on the newer schema, and its start will not migrate back: " +
                (shared
                    ? "update this worktree's code (merge the migration and raise UshadowSchemaVersion), or give this environment its own database with DATABASE_MODE=isolated."
                    : "update this worktree's code (merge the migration and raise UshadowSchemaVersion)."));
            yield break;
        }
        if (declared > record.Version && shared && OtherEnvironments(environment, root, registry) is { Count: > 0 } others)
        {
            // Alone on the database, the next start migrates only its own: nothing to tell.
            var users = string.Join(", ", others.Select(o => $"'{o.Name}'" + (o.DeclaredSchemaVersion is { } v ? $" (declares {Text(v)})" : "")));
            yield return new UshadowDiagnostic(DiagnosticCodes.SchemaAheadOfSharedDatabase, DiagnosticSeverity.Message,
                $"UshadowSchemaVersion {Text(declared)} is ahead of the shared MongoDB database '{database}' (recorded at {Text(record.Version)}{(record.Environment is null ? "" : ", migrated by " + Who(record))}): " +
                $"the app's next start migrates it, and environments {users} use it too. Test the migration first in an isolated environment: ushadow env create <name> --mode isolated.");
        }
    }

    /// <summary>The registered environments of the same app and database in shared mode, this one left out, by name.</summary>
    public static List<RegisteredEnvironment> OtherEnvironments(ResolvedEnvironment environment, string root, IReadOnlyList<RegisteredEnvironment> registry) =>
        registry
            .Where(e => e.Mode == DatabaseMode.Shared && e.MongoDatabase == environment.MongoDatabase.Value && e.AppName == environment.AppName.Value
                && !RegistryPaths.SameRoot(e.Root, root) && e.Name != environment.EnvironmentName.Value)
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

    private static string Who(SchemaRecord record) =>
        record.Environment is null
            ? "no recorded environment"
            : $"environment '{record.Environment}' on host '{record.Host}'" +
              (record.MigratedAt is { } at ? " at " + SchemaRecordJson.FormatTime(at) : "");

    private static string Text(long version) => version.ToString(CultureInfo.InvariantCulture);
}
