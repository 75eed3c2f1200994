using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Redis;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Registry;

/// <summary>Chooses the registry store of a request: <c>USHADOW_REGISTRY</c> &gt; <c>UshadowRegistry</c> &gt; the file.</summary>
internal static class RegistryStores
{
    /// <summary>
    /// The store <paramref name="request"/> names: <c>file</c> or nothing is the file in <paramref name="stateDirectory"/>;
    /// <c>redis://</c> or <c>rediss://</c> a Redis store. Connects to nothing.
    /// </summary>
    /// <exception cref="UshadowException"><c>USH1050</c> for any other value (the message hides a password).</exception>
    public static IEnvironmentRegistryStore For(ProvisionRequest request, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (text, source) = request.Variable(VariableNames.Registry) is { } variable
            ? (variable, $"environment variable {VariableNames.Registry}")
            : (request.Properties.Registry, "MSBuild property UshadowRegistry");
        return For(text, source, stateDirectory, InputRules.RedisDatabaseCount(request.Properties.RedisDatabaseCount), HostName(request.Variable));
    }

    /// <summary>
    /// The store the <c>ushadow</c> tool uses, as a build finds it: <c>--registry</c> (<paramref name="option"/>), else
    /// <c>USHADOW_REGISTRY</c>, else the file. The tool has no project to read <c>UshadowRedisDatabaseCount</c> from:
    /// it assumes the default count, so a URL without <c>/db</c> names the same database a default build uses.
    /// </summary>
    public static IEnvironmentRegistryStore ForTool(string? option, Func<string, string?> variable, string stateDirectory) =>
        option is { Length: > 0 }
            ? For(option, "option --registry", stateDirectory, InputRules.DefaultRedisDatabaseCount, HostName(variable))
            : For(variable(VariableNames.Registry), $"environment variable {VariableNames.Registry}", stateDirectory, InputRules.DefaultRedisDatabaseCount, HostName(variable));

    /// <summary>This machine's name in a team registry: <c>USHADOW_HOST</c>, else the host name.</summary>
    public static string HostName(Func<string, string?> variable) =>
        variable(VariableNames.Host)?.Trim() is { Length: > 0 } named ? named : System.Environment.MachineName;

    /// <summary>The store <paramref name="text"/> names (see <see cref="For(ProvisionRequest, string)"/>); <paramref name="source"/> is named in errors.</summary>
    public static IEnvironmentRegistryStore For(string? text, string source, string stateDirectory, int databaseCount, string host)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0 || string.Equals(value, "file", StringComparison.OrdinalIgnoreCase))
        {
            return new FileRegistryStore(stateDirectory);
        }
        if (value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            RedisServerAddress address;
            try
            {
                address = RedisServerAddress.Parse(value, RedisRegistryStore.Timeout, source: source);
            }
            catch (UshadowException e)
            {
                throw new UshadowException(DiagnosticCodes.InvalidRegistrySetting, e.Diagnostic.Message + " Use file, redis://[user:password@]host[:port][/db] or rediss://...", inner: e);
            }
            var database = address.Database ?? databaseCount - 1;
            if (database < 0 || database >= databaseCount)
            {
                throw new UshadowException(DiagnosticCodes.InvalidRegistrySetting,
                    $"{source} names database {database} of {address.Display}, outside 0..{databaseCount - 1} (UshadowRedisDatabaseCount {databaseCount}): name one inside, or leave /db out to use the last one.");
            }
            address.Options.DefaultDatabase = database;
            return new RedisRegistryStore(address, database, stateDirectory, host);
        }
        throw new UshadowException(DiagnosticCodes.InvalidRegistrySetting,
            $"{source} '{RedisServerAddress.Redact(value)}' is invalid: use file (the default, {EnvironmentRegistry.FileName} in the state folder), redis://[user:password@]host[:port][/db] or rediss://... (a team registry on a shared Redis server).");
    }
}
