namespace Ushadow.Core.Registry;

/// <summary>
/// The per-user registry file, <c>&lt;state dir&gt;/environments.json</c> (docs/decisions.md, The registry): the
/// default store.
/// </summary>
/// <param name="StateDirectory">The state directory.</param>
internal sealed record FileRegistryStore(string StateDirectory) : IEnvironmentRegistryStore
{
    /// <inheritdoc/>
    public string Location => EnvironmentRegistry.PathIn(StateDirectory);

    /// <inheritdoc/>
    public string LocalFile => Location;

    /// <inheritdoc/>
    public string? Host => null;

    /// <inheritdoc/>
    public int? ReservedDatabase => null;

    /// <inheritdoc/>
    public bool OffersOnlyDatabaseZero => false;

    /// <inheritdoc/>
    public bool ManagesAclUsers => false;

    /// <inheritdoc/>
    public RegistrySnapshot ReadSnapshot() => new(EnvironmentRegistry.ReadSnapshot(StateDirectory), []);

    /// <inheritdoc/>
    public IEnvironmentRegistrySession Open(TimeSpan timeout) => EnvironmentRegistry.Open(StateDirectory, timeout);
}
