namespace Ushadow.Core.Model;

/// <summary>
/// Who an environment is: its app and its name. Two apps may each have a <c>gold</c>; they share one Redis
/// server, so Redis numbers stay unique across apps while names are unique per app.
/// </summary>
/// <param name="App">The app name (lower case).</param>
/// <param name="Name">The environment name (lower case).</param>
internal readonly record struct EnvironmentId(string App, string Name)
{
    /// <summary>The registry key, <c>app/name</c>.</summary>
    public override string ToString() => $"{App}/{Name}";
}
