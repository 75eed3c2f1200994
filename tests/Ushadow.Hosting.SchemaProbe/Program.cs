// The schema probe: an app that starts like a real one (a host, AddUshadow, the UshadowSchema service) and migrates.
//
//   <env> <mode> <version> <delegate log> <go file> [<delegate ms>] [fail|allow-older]
//
// Prints "ready", waits for <go file>, then calls MigrateAsync with a delegate that appends "<pid> <from>-><version>" to
// <delegate log>, prints "migrating" and waits <delegate ms>. Then prints "up" and exits 0. A refusal prints
// "refused <code>" and exits 3; "fail" makes the delegate throw (exit 4); a delegate stopped by a lost lease prints
// "cancelled" (exit 5). The registry comes from USHADOW_STATE_DIR or USHADOW_REGISTRY; SCHEMA_PROBE_LEASE_MS sets the
// team registry's lease time, SCHEMA_PROBE_WAIT_MS how long to wait for another migration (default 60 s).
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ushadow.Hosting;

var (environment, mode, version, log, go) = (args[0], args[1], long.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]);
var delay = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0;
var flag = args.Length > 6 ? args[6] : "";

Console.WriteLine("ready");
while (!File.Exists(go))
{
    Thread.Sleep(5);
}

var isolated = mode == "isolated";
var build = new UshadowBuildValues("ushadow", environment, isolated ? UshadowDatabaseMode.Isolated : UshadowDatabaseMode.Shared,
    isolated ? "ushadow_" + environment : "ushadow", 3, "ushadow-" + environment, "ushadow")
{
    SchemaVersion = version,
};

var builder = Host.CreateApplicationBuilder();
UshadowHosting.AddUshadow<ProbeSettings, UshadowOptions>(builder, configuration => new ProbeSettings(build, configuration), options =>
{
    options.Schema.AllowOlderCode = flag == "allow-older";
    options.Schema.WaitTimeout = Environment.GetEnvironmentVariable("SCHEMA_PROBE_WAIT_MS") is { Length: > 0 } wait
        ? TimeSpan.FromMilliseconds(int.Parse(wait, CultureInfo.InvariantCulture))
        : TimeSpan.FromSeconds(60);
    if (Environment.GetEnvironmentVariable("SCHEMA_PROBE_LEASE_MS") is { Length: > 0 } lease)
    {
        options.Schema.LeaseTime = TimeSpan.FromMilliseconds(int.Parse(lease, CultureInfo.InvariantCulture));
    }
});
using var host = builder.Build();
try
{
    await host.Services.GetRequiredService<UshadowSchema>().MigrateAsync(async (from, cancellationToken) =>
    {
        File.AppendAllText(log, $"{Environment.ProcessId} {from}->{version}\n");
        Console.WriteLine("migrating");
        await Task.Delay(delay, cancellationToken);
        if (flag == "fail")
        {
            throw new InvalidOperationException("the migration failed");
        }
    });
}
catch (UshadowSchemaException e)
{
    Console.WriteLine($"refused {e.Code}");
    Console.Error.WriteLine(e.Message);
    return 3;
}
catch (InvalidOperationException e) when (e.Message == "the migration failed")
{
    Console.WriteLine("failed");
    return 4;
}
catch (OperationCanceledException)
{
    // The lease was lost and the delegate was stopped.
    Console.WriteLine("cancelled");
    return 5;
}
Console.WriteLine("up");
return 0;

/// <summary>Stands in for the generated UshadowSettings.</summary>
internal sealed class ProbeSettings(UshadowBuildValues build, IConfiguration configuration) : UshadowRuntimeSettings(build, configuration);
