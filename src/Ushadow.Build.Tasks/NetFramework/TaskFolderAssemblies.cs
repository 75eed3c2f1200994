using System.Reflection;

namespace Ushadow.Build.Tasks;

/// <summary>
/// .NET Framework MSBuild loads a task with <c>Assembly.LoadFrom</c>; its dependencies then bind by exact version
/// unless the host's configuration redirects them. Visual Studio's MSBuild redirects System.Text.Json, System.Memory
/// and their kin, from version 0.0.0.0 up to its own, to its own copies; this build compiles against the lowest
/// versions MSBuild 17.8 carries, so those load from Visual Studio. What it does not carry (YamlDotNet, StackExchange.Redis and its chain) and every load that still
/// fails (a dependency asking for an older version than the one beside it, as StackExchange.Redis asks for
/// System.Threading.Channels 5.0 where 7.0 ships) is answered here from the task's own folder, never with an older
/// version than the one asked for. Loads that succeed on their own are never touched.
/// </summary>
internal static class TaskFolderAssemblies
{
    private static readonly string Folder = Path.GetDirectoryName(typeof(TaskFolderAssemblies).Assembly.Location)!;
    private static int Registered;

    /// <summary>Answers the current AppDomain's failed loads from the task folder (once per AppDomain).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref Registered, 1) == 0)
        {
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        var wanted = new AssemblyName(args.Name);
        var candidate = Path.Combine(Folder, wanted.Name + ".dll");
        if (!File.Exists(candidate))
        {
            return null;
        }
        try
        {
            var found = AssemblyName.GetAssemblyName(candidate);
            if (wanted.Version is not null && found.Version < wanted.Version)
            {
                return null;
            }
            var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(found, a.GetName()) && a.GetName().Version == found.Version);
            return loaded ?? Assembly.LoadFrom(candidate);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
