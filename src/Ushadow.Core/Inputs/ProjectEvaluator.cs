namespace Ushadow.Core.Inputs;

/// <summary>
/// Evaluates a project file with MSBuild (directory props, conditions, imports and global properties count), writing nothing:
/// the tool passes MSBuild's own evaluation, so the core stays free of MSBuild.
/// </summary>
/// <param name="projectFile">The project file.</param>
internal delegate EvaluatedProject ProjectEvaluator(string projectFile);
