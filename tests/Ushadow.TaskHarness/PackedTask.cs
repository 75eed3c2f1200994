using System.Reflection;
using Microsoft.Build.Framework;
#if NET
using System.Runtime.Loader;
#endif

namespace Ushadow.TaskHarness;

/// <summary>
/// The packed task, loaded from a package's tasks folder the way MSBuild loads a <c>UsingTask AssemblyFile</c>: on .NET
/// Framework with <c>Assembly.LoadFrom</c>; on .NET in a load context that takes the task's dependencies from its folder
/// and MSBuild's own assemblies from MSBuild.
/// </summary>
internal sealed class PackedTask
{
    private const string TaskName = "Ushadow.Build.Tasks.ResolveUshadowEnvironment";
    private readonly Type _type;

    public PackedTask(string tasksFolder)
    {
        var path = Path.Combine(Path.GetFullPath(tasksFolder), "Ushadow.Build.Tasks.dll");
#if NET
        var assembly = new TaskLoadContext(Path.GetDirectoryName(path)!).LoadFromAssemblyPath(path);
#else
        var assembly = Assembly.LoadFrom(path);
#endif
        _type = assembly.GetType(TaskName, throwOnError: true)!;
        Location = assembly.Location;
    }

    public string Location { get; }

    /// <summary>
    /// Sets the parameters as MSBuild does (an empty value is not set) and the MSBuild properties as the targets'
    /// <c>_UshadowProperty</c> items (name, <c>Value</c> metadata), runs the task, returns its output.
    /// </summary>
    public (bool Succeeded, string ResolvedValues) Run(BuildEngine engine, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> properties)
    {
        var task = (ITask)Activator.CreateInstance(_type)!;
        task.BuildEngine = engine;
        foreach (var parameter in parameters)
        {
            if (parameter.Value.Length == 0)
            {
                continue;
            }
            var property = _type.GetProperty(parameter.Key) ?? throw new InvalidOperationException($"The task has no parameter {parameter.Key}.");
            property.SetValue(task, property.PropertyType == typeof(bool) ? bool.Parse(parameter.Value) : parameter.Value);
        }
        var items = properties.Select(p => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(p.Key, new Dictionary<string, string> { ["Value"] = p.Value })).ToArray();
        _type.GetProperty("Properties")!.SetValue(task, items);
        var succeeded = task.Execute();
        return (succeeded, (string)_type.GetProperty("ResolvedValues")!.GetValue(task)!);
    }

#if NET
    private sealed class TaskLoadContext(string folder) : AssemblyLoadContext("Ushadow task")
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is { } simple && !simple.StartsWith("Microsoft.Build", StringComparison.Ordinal))
            {
                var candidate = Path.Combine(folder, simple + ".dll");
                if (File.Exists(candidate))
                {
                    return LoadFromAssemblyPath(candidate);
                }
            }
            return null; // MSBuild's own assemblies and the framework: the default context
        }
    }
#endif
}
