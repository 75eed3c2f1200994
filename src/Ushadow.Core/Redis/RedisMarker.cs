using System.Globalization;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace Ushadow.Core.Redis;

/// <summary>
/// The original setup script's marker: key <c>ushadow:env:name</c> in an environment's Redis database holds the
/// environment's name, so a tool can tell whose data a database holds before touching it.
/// </summary>
internal static class RedisMarker
{
    /// <summary>The marker key.</summary>
    public const string Key = "ushadow:env:name";
}
