using Ushadow.Core.Model;
using Ushadow.Core.Registry;

namespace Ushadow.Core.Tests.Registry;

internal static class RegistryTestData
{
    public static EnvironmentId Id(string name) => new("ushadow", name);

    public static readonly DateTimeOffset Time = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    public static RegisteredEnvironment Environment(string name, string root, int database) =>
        new(name, root, database, DatabaseMode.Shared, "ushadow", Time, new Dictionary<string, string> { ["ENV_NAME"] = name });

    /// <summary>Allocates for <paramref name="name"/> the way a build does: remove reclaimed entries, put, save.</summary>
    public static int Claim(EnvironmentRegistry registry, string name, string root, int? portOffset = null, int count = 16)
    {
        var allocation = registry.AllocateRedisDatabase(Id(name), root, portOffset, count);
        foreach (var gone in allocation.Reclaimed)
        {
            registry.Remove(gone.Id);
        }
        registry.Put(Environment(name, root, allocation.Database));
        registry.Save();
        return allocation.Database;
    }
}
