using System.Globalization;
using Ushadow.Core.Shared;
using Ushadow.Core.Shared.Runtime;

namespace Ushadow.Hosting;

/// <summary>
/// A database's schema record in a team registry (a Redis server the team shares), and the lease that lets one process
/// of one machine migrate it (docs/decisions.md, Schema migrations): <c>SET lease token NX PX</c> with a token from
/// <c>INCR</c> (the fencing token), renewed while the delegate runs, and every write of the record made by a Lua script
/// that first checks the lease still holds this token.
/// </summary>
internal sealed class TeamSchemaLease : IDisposable
{
    /// <summary>Renews the lease if it still holds the token.</summary>
    private const string RenewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

    /// <summary>Writes the record if the lease still holds the token; with ARGV[4] = 1, also ends the lease.</summary>
    private const string RecordScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
        if ARGV[4] == '1' then redis.call('DEL', KEYS[1]) end
        return 1
        """;

    /// <summary>Ends the lease if it still holds the token.</summary>
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private readonly RespConnection _connection;
    private readonly string _database;

    private TeamSchemaLease(RespConnection connection, string database)
    {
        _connection = connection;
        _database = database;
    }

    /// <summary>The bound on connecting and on each command, as the build's team registry uses: 2 seconds.</summary>
    public static TimeSpan CommandTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Connects to the team registry at <paramref name="url"/> for <paramref name="database"/>'s record.</summary>
    public static async Task<TeamSchemaLease> ConnectAsync(RedisUrl url, int registryDatabase, string database, CancellationToken cancellationToken) =>
        new(await RespConnection.ConnectAsync(url, registryDatabase, CommandTimeout, cancellationToken).ConfigureAwait(false), database);

    /// <summary>The fencing token of the lease this process holds, <c>null</c> while it holds none.</summary>
    public string? Token { get; private set; }

    /// <summary>The record as the server holds it now.</summary>
    public async Task<SchemaRecord> ReadAsync(CancellationToken cancellationToken) =>
        await _connection.CommandAsync(cancellationToken, "HGET", SchemaRecordJson.TeamSchemasKey, _database).ConfigureAwait(false) is string text
            ? SchemaRecordJson.ReadRecordText(_database, text)
            : SchemaRecord.None(_database);

    /// <summary>Tries once to take the lease for <paramref name="leaseTime"/>; returns whether it did.</summary>
    public async Task<bool> TryAcquireAsync(TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        var fence = (long)(await _connection.CommandAsync(cancellationToken, "INCR", SchemaRecordJson.TeamFenceKey(_database)).ConfigureAwait(false))!;
        var token = fence.ToString(CultureInfo.InvariantCulture);
        var reply = await _connection.CommandAsync(cancellationToken, "SET", SchemaRecordJson.TeamLeaseKey(_database), token, "NX", "PX", Milliseconds(leaseTime)).ConfigureAwait(false);
        if (reply is "OK")
        {
            Token = token;
            return true;
        }
        return false;
    }

    /// <summary>Extends the lease to <paramref name="leaseTime"/> from now; <c>false</c> when it is no longer this process's.</summary>
    public async Task<bool> RenewAsync(TimeSpan leaseTime, CancellationToken cancellationToken) =>
        Token is { } token
        && await _connection.CommandAsync(cancellationToken, "EVAL", RenewScript, "1", SchemaRecordJson.TeamLeaseKey(_database), token, Milliseconds(leaseTime)).ConfigureAwait(false) is 1L;

    /// <summary>Writes <paramref name="record"/> if the lease is still this process's (and ends it when <paramref name="release"/>); returns whether it did.</summary>
    public async Task<bool> RecordAsync(SchemaRecord record, bool release, CancellationToken cancellationToken)
    {
        if (Token is not { } token)
        {
            return false;
        }
        var old = await _connection.CommandAsync(cancellationToken, "HGET", SchemaRecordJson.TeamSchemasKey, _database).ConfigureAwait(false) as string;
        var written = await _connection.CommandAsync(cancellationToken, "EVAL", RecordScript, "2", SchemaRecordJson.TeamLeaseKey(_database), SchemaRecordJson.TeamSchemasKey,
            token, _database, SchemaRecordJson.RecordText(record, old), release ? "1" : "0").ConfigureAwait(false) is 1L;
        if (release)
        {
            Token = null;
        }
        return written;
    }

    /// <summary>Ends the lease if it is still this process's.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (Token is { } token)
        {
            Token = null;
            await _connection.CommandAsync(cancellationToken, "EVAL", ReleaseScript, "1", SchemaRecordJson.TeamLeaseKey(_database), token).ConfigureAwait(false);
        }
    }

    private static string Milliseconds(TimeSpan time) => ((long)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _connection.Dispose();
}
