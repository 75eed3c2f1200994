using Ushadow.Core.Diagnostics;
using Ushadow.Core.Model;

namespace Ushadow.Core.Registry;

/// <summary>An open registry: read, change in memory, then <see cref="Save"/>. Dispose releases it; unsaved changes are dropped.</summary>
internal interface IEnvironmentRegistrySession : IDisposable
{
    /// <summary>Every registered environment, ordered by <c>app/name</c>.</summary>
    IReadOnlyList<RegisteredEnvironment> Environments { get; }

    /// <summary>The environment registered as <paramref name="id"/>, if any.</summary>
    RegisteredEnvironment? Find(EnvironmentId id);

    /// <summary>Adds or replaces an environment (see <see cref="EnvironmentRegistry.Put"/>).</summary>
    void Put(RegisteredEnvironment environment);

    /// <summary>Removes an environment; nothing happens when it is not registered.</summary>
    void Remove(EnvironmentId id);

    /// <summary>Writes the changes; returns whether anything was written.</summary>
    /// <exception cref="UshadowException">The registry cannot be written.</exception>
    bool Save();
}
