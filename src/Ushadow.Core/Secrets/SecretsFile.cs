using Ushadow.Core.Diagnostics;
using Ushadow.Core.IO;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Secrets;

/// <summary>Reads and writes secret files: atomically, mode 0600 always, untouched when nothing was added.</summary>
internal static class SecretsFile
{
    /// <summary>Reads and parses <paramref name="path"/>; a missing file gives an empty, new document.</summary>
    /// <exception cref="UshadowException">The file cannot be read (USH1007) or parsed (USH1006).</exception>
    public static SecretsDocument Read(string path)
    {
        string? text;
        try
        {
            text = AtomicFile.ReadAllTextOrNull(path, keepByteOrderMark: true);
        }
        catch (UnreadableFileException e)
        {
            var code = e.Kind is UnreadableFileKind.NotText or UnreadableFileKind.TooLarge ? DiagnosticCodes.InvalidSecretsFile : DiagnosticCodes.CannotWrite;
            throw new UshadowException(code, $"{path}: {e.Reason} (a YAML file of secrets).", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite,
                $"{path}: cannot be read ({e.GetType().Name}); it must be a file this user can read and write (check the permissions of the file and its folder)", path);
        }
        return SecretsDocument.Parse(text, path);
    }

    /// <summary>
    /// Writes <paramref name="document"/> to <paramref name="path"/> unless the file already holds exactly its
    /// text, and sets mode 0600 in both cases. Returns whether the file was written.
    /// </summary>
    /// <exception cref="UshadowException">The file or its folder is not writable (USH1007).</exception>
    public static bool Write(string path, SecretsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            return AtomicFile.WriteIfChanged(path, document.Text, AtomicFile.OwnerOnly, forceMode: AtomicFile.OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UshadowException(DiagnosticCodes.CannotWrite,
                $"{path}: cannot be written ({e.GetType().Name}); check that its folder exists and is writable by this user", path);
        }
    }
}
