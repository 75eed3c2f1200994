using System.Runtime.CompilerServices;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Exceptions;
using Microsoft.Build.Locator;
using Ushadow.Core.Diagnostics;
using Ushadow.Core.Inputs;
using Ushadow.Core.Shared;

namespace Ushadow.Cli;

/// <summary>
/// Evaluates a project with the SDK's own MSBuild, found by Microsoft.Build.Locator: the tool ships no MSBuild
/// assemblies, so Directory.Build.props, conditions, imports and global properties count exactly as in a build.
/// Evaluation runs no target and writes nothing.
/// </summary>
internal static class ProjectEvaluation
{
    private static readonly object Gate = new();

    /// <summary>Evaluates <paramref name="projectFile"/> as a plain <c>dotnet build</c> would (no global properties).</summary>
    public static EvaluatedProject Evaluate(string projectFile) => Evaluate(projectFile, new Dictionary<string, string>());

    /// <summary>Evaluates <paramref name="projectFile"/> with <paramref name="globalProperties"/>, as <c>dotnet build -p:</c> would.</summary>
    public static EvaluatedProject Evaluate(string projectFile, IDictionary<string, string> globalProperties)
    {
        lock (Gate)
        {
            if (!MSBuildLocator.IsRegistered)
            {
                // The SDK that matches this runtime; MSBuild types may only be touched after this call.
                MSBuildLocator.RegisterDefaults();
            }
        }
        return EvaluateWithMSBuild(projectFile, globalProperties);
    }

    // Not inlined: the JIT must not resolve MSBuild types before the locator has registered them.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static EvaluatedProject EvaluateWithMSBuild(string projectFile, IDictionary<string, string> globalProperties)
    {
        using var collection = new ProjectCollection(globalProperties);
        try
        {
            var project = collection.LoadProject(projectFile);
            return new EvaluatedProject(project.DirectoryPath, BuildProperties.FromProject(project.GetPropertyValue), project.GetPropertyValue("UshadowEnabled"));
        }
        catch (InvalidProjectFileException e)
        {
            throw new UshadowException(DiagnosticCodes.ProjectNotEvaluated,
                $"{projectFile} cannot be evaluated by MSBuild: {e.BaseMessage} Fix the project, or pass --project with another one.", projectFile, e);
        }
        finally
        {
            collection.UnloadAllProjects();
        }
    }
}
