namespace Ushadow.Core.Model;

/// <summary>How an environment's Redis data is kept apart from other environments' (README, Redis at team scale).</summary>
internal enum RedisIsolation
{
    /// <summary>A Redis database number of its own (the default).</summary>
    Database,
    /// <summary>Database 0, every key under the environment's own prefix <c>&lt;app&gt;:&lt;env&gt;:</c>.</summary>
    Prefix,
}
