namespace Ushadow.Hosting;

/// <summary>How <see cref="UshadowSchema.MigrateAsync"/> behaves (README, Schema changes in shared mode).</summary>
public sealed class UshadowSchemaOptions
{
    /// <summary>
    /// Whether code that declares an older schema version than its database is recorded at may start with a logged
    /// warning (USH1061) instead of failing; the delegate never runs backwards either way. Default <c>false</c>.
    /// </summary>
    public bool AllowOlderCode { get; set; }

    /// <summary>
    /// How long a caller waits for another process's migration of the same database before it fails with USH1062;
    /// default 5 minutes.
    /// </summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// With a team registry: how long the lease on a migration lasts without renewal (it is renewed three times per
    /// period while the delegate runs), so how soon the next caller takes over from a migrator that died; default 30 seconds.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(30);
}
