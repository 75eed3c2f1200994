// Usage: Ushadow.Core.RegistryProbe <state dir> <name> <root> [<go file>]
//    or: Ushadow.Core.RegistryProbe provision <root> <redis database count> [<go file>]
// Prints "ready", waits (at most 60 s) for <go file> to exist so many probes start together,
// then claims a Redis database for <name> and prints "database <n>". Exit code 1 on a Ushadow error.
// "provision" runs the whole apply step (EnvironmentProvisioner.Apply) for the environment at <root>, with the
// registry, host, state folder and name this process's environment variables give (USHADOW_REGISTRY, ...).
using Ushadow.Core;
using Ushadow.Core.Registry;

if (args.Length is < 3 or > 4)
{
    Console.Error.WriteLine("usage: <state dir> <name> <root> [<go file>] | provision <root> <count> [<go file>]");
    return 2;
}
var (stateDir, name, root) = (args[0], args[1], args[2]);

Console.WriteLine("ready");
if (args.Length == 4)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (!File.Exists(args[3]))
    {
        if (DateTime.UtcNow > deadline)
        {
            Console.Error.WriteLine("the go file never appeared");
            return 3;
        }
        Thread.Sleep(2);
    }
}

if (args[0] == "provision")
{
    try
    {
        var result = EnvironmentProvisioner.Apply(new ProvisionRequest
        {
            ProjectDirectory = args[1],
            Variables = ProvisionRequest.ReadVariables(Environment.GetEnvironmentVariable),
            Properties = new BuildProperties { EnvironmentRoot = args[1], RedisDatabaseCount = args[2] },
            // Twenty cold processes queue for one registry: each holds it for a cold plan and apply (seconds on 2 cores).
            LockTimeout = TimeSpan.FromMinutes(5),
        });
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Message))
        {
            Console.Error.WriteLine(diagnostic.ToString());
        }
        Console.WriteLine($"database {result.Environment.RedisDatabase.Value}");
        return 0;
    }
    catch (UshadowException e)
    {
        Console.Error.WriteLine(e.Diagnostic.ToString());
        return 1;
    }
}

try
{
    using var registry = EnvironmentRegistry.Open(stateDir, TimeSpan.FromSeconds(60));
    var allocation = registry.AllocateRedisDatabase(new EnvironmentId("ushadow", name), root, portOffset: null, databaseCount: 16);
    foreach (var gone in allocation.Reclaimed)
    {
        registry.Remove(gone.Id);
    }
    registry.Put(new RegisteredEnvironment(
        name, root, allocation.Database, DatabaseMode.Shared, "ushadow", DateTimeOffset.UtcNow,
        new Dictionary<string, string> { ["ENV_NAME"] = name }));
    registry.Save();
    Console.WriteLine($"database {allocation.Database}");
    return 0;
}
catch (UshadowException e)
{
    Console.Error.WriteLine(e.Diagnostic.ToString());
    return 1;
}
