using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Redis;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Cli.Commands;

/// <summary>
/// <c>ushadow doctor</c>: checks what a build cannot, against the real Redis server and the registry as it is
/// now (read without a lock, nothing created): the server answers, its <c>databases</c> setting covers the count,
/// each registered Redis number holds no other environment's marker, and every registered root still exists.
/// Exit 1 when there are findings.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>The build's default <c>UshadowRedisDatabaseCount</c>.</summary>
    private const int DefaultCount = 16;

    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON: {\"findings\": [{\"code\": ..., \"message\": ...}]}." };
        var redis = new Option<string?>("--redis")
        {
            Description = "The Redis server: redis://[user:password@]host[:port][/db] or host:port. Default: REDIS_URL, else localhost:6379.",
            HelpName = "url",
        };
        var count = new Option<int>("--count")
        {
            Description = "The number of Redis databases environments are given numbers from (UshadowRedisDatabaseCount).",
            DefaultValueFactory = _ => DefaultCount,
            HelpName = "n",
        };
        var command = new Command("doctor", "Check what a build cannot: the Redis server answers, its 'databases' covers the count, no environment's Redis database holds another's marker, no registered root is missing. Exit 1 with the findings.")
        {
            json, redis, count,
        };
        command.SetAction(CliContext.Action(console, parseResult =>
        {
            var databaseCount = parseResult.GetValue(count);
            if (databaseCount is < 1 or > 65536)
            {
                throw new UsageException($"--count must be a whole number from 1 to 65536, not {databaseCount}.");
            }
            var store = CliContext.RegistryStore(parseResult);
            var environments = CliContext.ReadRegistry(console, store);
            var checkup = new Checkup(databaseCount);
            // Only this machine's folders can be looked at from here.
            CheckRoots(checkup, environments.Where(e => e.Host is null || e.Host == CliContext.Host).ToList());
            CheckRedis(checkup, environments, RedisConnection.Choose(parseResult.GetValue(redis)));

            if (parseResult.GetValue(json))
            {
                var findings = new JsonArray(checkup.Findings.Select(f => (JsonNode)new JsonObject { ["code"] = f.Code, ["message"] = f.Message }).ToArray());
                console.Out.WriteLine(new JsonObject { ["findings"] = findings }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
            else
            {
                ShowForPeople(console, checkup, store.Location, environments.Count);
            }
            return checkup.Findings.Count == 0 ? CliExit.Done : CliExit.Refused;
        }));
        return command;
    }

    /// <summary>What the checks found: findings (problems, exit 1), and lines that passed or are only worth knowing.</summary>
    private sealed class Checkup(int count)
    {
        public int Count { get; } = count;
        public List<UshadowDiagnostic> Findings { get; } = [];
        public List<(string Label, string Text)> Lines { get; } = [];

        public void Ok(string text) => Lines.Add(("ok", text));
        public void Note(string text) => Lines.Add(("note", text));
        public void Find(string code, string message) => Findings.Add(UshadowDiagnostic.Error(code, message));
    }

    private static void CheckRoots(Checkup checkup, IReadOnlyList<RegisteredEnvironment> environments)
    {
        var missing = environments.Where(e => !Directory.Exists(e.Root)).ToList();
        foreach (var environment in missing)
        {
            checkup.Find(DiagnosticCodes.RegisteredRootMissing,
                $"Environment {Name(environment)} is registered from {environment.Root}, which no longer exists; it still holds Redis database {environment.RedisDatabase}. 'ushadow env prune' drops it (a build reclaims it only when every number is taken).");
        }
        if (environments.Count > 0 && missing.Count == 0)
        {
            checkup.Ok($"every registered root exists ({environments.Count} environment{(environments.Count == 1 ? "" : "s")})");
        }
    }

    private static void CheckRedis(Checkup checkup, IReadOnlyList<RegisteredEnvironment> environments, string url)
    {
        var server = RedisConnection.Parse(url, RedisConnection.DefaultTimeout).Display;
        ConnectionMultiplexer connection;
        try
        {
            connection = RedisConnection.Connect(url, RedisConnection.DefaultTimeout);
        }
        catch (UshadowException e)
        {
            checkup.Findings.Add(e.Diagnostic);
            return;
        }
        using (connection)
        {
            try
            {
                checkup.Ok($"Redis server {server} answers");
                var databases = ServerDatabases(connection);
                if (databases is null)
                {
                    // Managed servers often rename CONFIG; a client cannot tell the count otherwise (a refused SELECT is not reported back).
                    checkup.Note($"the server refuses CONFIG GET databases, so whether its 'databases' covers the count {checkup.Count} is not checked");
                }
                else if (databases < checkup.Count)
                {
                    var cannotSelect = environments.Where(e => e.RedisDatabase >= databases).Select(e => $"{Name(e)} (database {e.RedisDatabase})").ToList();
                    checkup.Find(DiagnosticCodes.RedisDatabasesTooFew,
                        $"Redis server {server} has 'databases {databases}', fewer than the count {checkup.Count} (UshadowRedisDatabaseCount): an environment given a number from {databases} to {checkup.Count - 1} cannot select its database"
                        + (cannotSelect.Count > 0 ? $" ({string.Join(", ", cannotSelect)})" : "")
                        + $". Set 'databases {checkup.Count}' in the server's redis.conf and restart it, or set UshadowRedisDatabaseCount to {databases}.");
                }
                else
                {
                    checkup.Ok($"its 'databases {databases}' covers the count {checkup.Count}");
                }
                foreach (var environment in environments.OrderBy(e => e.RedisDatabase))
                {
                    if (environment.RedisDatabase >= (databases ?? int.MaxValue))
                    {
                        continue;
                    }
                    var marker = RedisMarker.Read(connection.GetDatabase(environment.RedisDatabase));
                    if (marker is null)
                    {
                        checkup.Note($"{Name(environment)}: Redis database {environment.RedisDatabase} has no marker '{RedisMarker.Key}' yet ('ushadow env create' writes it)");
                    }
                    else if (!string.Equals(marker, environment.Name, StringComparison.Ordinal))
                    {
                        checkup.Find(DiagnosticCodes.ForeignRedisMarker,
                            $"Redis database {environment.RedisDatabase} is registered to environment {Name(environment)}, but its marker '{RedisMarker.Key}' names '{marker}': two environments may be sharing its keys (sessions, caches). Check which one uses it (REDIS_DATABASE in its .env), then remove the stale one with 'ushadow env remove'.");
                    }
                    else
                    {
                        checkup.Ok($"{Name(environment)}: Redis database {environment.RedisDatabase} holds its own marker");
                    }
                }
            }
            catch (RedisException e)
            {
                // Only the kind of failure: the message could quote the configuration.
                checkup.Find(DiagnosticCodes.RedisUnreachable, $"Redis server {server} stopped answering during the checks ({e.GetType().Name}).");
            }
        }
    }

    /// <summary>The server's <c>databases</c> setting, or <c>null</c> where <c>CONFIG GET</c> is refused.</summary>
    private static int? ServerDatabases(ConnectionMultiplexer connection)
    {
        try
        {
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            foreach (var pair in server.ConfigGet("databases"))
            {
                if (int.TryParse(pair.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var databases))
                {
                    return databases;
                }
            }
            return null;
        }
        catch (RedisServerException)
        {
            return null;
        }
    }

    /// <summary>The environment as <c>app/name</c>: two apps may each have a <c>gold</c>.</summary>
    private static string Name(RegisteredEnvironment environment) => environment.Id.ToString();

    private static void ShowForPeople(CliConsole console, Checkup checkup, string registryFile, int registered)
    {
        console.Out.WriteLine($"{console.Paint("ushadow doctor", CliColour.Bold)}: {registered} registered environment{(registered == 1 ? "" : "s")} in {registryFile}, count {checkup.Count}");
        foreach (var (label, text) in checkup.Lines)
        {
            console.Out.WriteLine($"  {(label == "ok" ? console.Paint("ok  ", CliColour.Green) : console.Paint("note", CliColour.Dim))}  {text}");
        }
        foreach (var finding in checkup.Findings)
        {
            console.Out.WriteLine($"  {console.Paint(finding.Code, CliColour.Red)}  {finding.Message}");
            console.Out.WriteLine($"           {console.Paint("see " + finding.HelpLink, CliColour.Dim)}");
        }
        console.Out.WriteLine(checkup.Findings.Count == 0
            ? console.Paint("No findings.", CliColour.Green)
            : console.Paint($"{checkup.Findings.Count} finding{(checkup.Findings.Count == 1 ? "" : "s")}.", CliColour.Red));
    }
}
