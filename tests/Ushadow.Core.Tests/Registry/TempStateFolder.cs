namespace Ushadow.Core.Tests.Registry;

/// <summary>A fresh folder under the temp directory for one test's state and roots; deleted afterwards.</summary>
internal sealed class TempStateFolder : IDisposable
{
    public TempStateFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ushadow-registry-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        StateDirectory = System.IO.Path.Combine(Path, "state");
    }

    public string Path { get; }

    public string StateDirectory { get; }

    public string RegistryFile => System.IO.Path.Combine(StateDirectory, "environments.json");

    /// <summary>Creates (and returns) an existing root folder for an environment.</summary>
    public string Root(string name)
    {
        var root = System.IO.Path.Combine(Path, "roots", name);
        Directory.CreateDirectory(root);
        return root;
    }

    /// <summary>A root folder path that does not exist.</summary>
    public string MissingRoot(string name) => System.IO.Path.Combine(Path, "gone", name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
