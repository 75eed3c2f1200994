namespace Ushadow.Core.Shared.Runtime;

/// <summary>
/// What the registry records of one MongoDB database's schema (README, Schema changes in shared mode): the version it
/// was last migrated to, by which environment on which machine and when, and a migration under way. A shared database
/// has one record for all its environments; an isolated database has its own.
/// </summary>
/// <param name="Database">The MongoDB database name (the record's key).</param>
/// <param name="Version">The recorded version; 0 when no migration was ever recorded.</param>
/// <param name="Environment">The environment that migrated it, <c>null</c> when none did.</param>
/// <param name="Host">The machine that environment ran on, <c>null</c> when none did.</param>
/// <param name="MigratedAt">When it was migrated, <c>null</c> when it never was.</param>
/// <param name="InProgress">A migration that was started and has not ended (its process may be gone).</param>
internal sealed record SchemaRecord(string Database, long Version, string? Environment, string? Host, DateTimeOffset? MigratedAt, SchemaMigration? InProgress)
{
    /// <summary>A database nothing was recorded for.</summary>
    public static SchemaRecord None(string database) => new(database, 0, null, null, null, null);
}
