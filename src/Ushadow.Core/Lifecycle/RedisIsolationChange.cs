using Ushadow.Core.Model;
using Ushadow.Core.Registry;

namespace Ushadow.Core.Lifecycle;

/// <summary>A registered environment whose Redis isolation a launcher settings change switches.</summary>
/// <param name="Environment">The registry entry, as its last build left it.</param>
/// <param name="From">The isolation it has now.</param>
/// <param name="To">The isolation its next build gives it.</param>
internal sealed record RedisIsolationChange(RegisteredEnvironment Environment, RedisIsolation From, RedisIsolation To)
{
    /// <summary>What happens to its data: nothing is moved (README, Redis at team scale).</summary>
    public string Consequence => To == RedisIsolation.Prefix
        ? $"its keys stay in Redis database {Environment.RedisDatabase}; the next build gives it the key prefix {Shared.RedisIsolationRules.KeyPrefix(Environment.AppName, Environment.Name)} in database 0, which starts empty"
        : $"its keys stay under {Shared.RedisIsolationRules.KeyPrefix(Environment.AppName, Environment.Name)} in database 0; the next build gives it a database number of its own, which starts empty";
}
