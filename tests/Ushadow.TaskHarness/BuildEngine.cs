using System.Collections;
using Microsoft.Build.Framework;

namespace Ushadow.TaskHarness;

/// <summary>
/// The part of MSBuild's engine a task sees: it records every error, warning and message with its code and file, and
/// keeps registered task objects for the length of one "build" (one case).
/// </summary>
internal sealed class BuildEngine : IBuildEngine4
{
    private readonly Dictionary<object, object> _taskObjects = new();

    public List<string> Events { get; } = new();

    public int Errors { get; private set; }

    public void LogErrorEvent(BuildErrorEventArgs e)
    {
        Errors++;
        Events.Add($"error {e.Code} {e.File} | {e.Message}");
    }

    public void LogWarningEvent(BuildWarningEventArgs e) => Events.Add($"warning {e.Code} {e.File} | {e.Message}");

    public void LogMessageEvent(BuildMessageEventArgs e)
    {
        // What -v:n shows: normal and high importance (low is -v:d, and carries exception details meant for a bug report).
        if (e.Importance != MessageImportance.Low)
        {
            Events.Add($"message {e.Importance} | {e.Message}");
        }
    }

    public void LogCustomEvent(CustomBuildEventArgs e) => Events.Add($"custom | {e.Message}");

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "harness.proj";
    public bool IsRunningMultipleNodes => false;

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("The task builds no other project.");

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) =>
        throw new NotSupportedException("The task builds no other project.");

    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) =>
        throw new NotSupportedException("The task builds no other project.");

    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) =>
        throw new NotSupportedException("The task builds no other project.");

    public void Yield()
    {
    }

    public void Reacquire()
    {
    }

    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => _taskObjects[key] = obj;

    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _taskObjects.TryGetValue(key, out var value) ? value : null;

    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime)
    {
        _taskObjects.TryGetValue(key, out var value);
        _taskObjects.Remove(key);
        return value;
    }
}
