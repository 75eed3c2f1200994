using System.Text.Json;
using System.Text.Json.Nodes;
using Ushadow.Core.Shared.Runtime;

namespace Ushadow.Hosting;

/// <summary>
/// The run time's access to the file registry's schema records (<c>&lt;state dir&gt;/environments.json</c>): read without a
/// lock, or change one record under the registry's own lock (<c>environments.json.lock</c>, which builds take too),
/// written as the build writes the file (a temp file renamed over it, owner-only). Only the <c>schemas</c> object is
/// touched; every other byte of the document is written back as read.
/// </summary>
internal sealed class SchemaRegistryFile
{
    /// <summary>The registry file's name in the state folder (the core's <c>EnvironmentRegistry.FileName</c>).</summary>
    public const string FileName = "environments.json";

    public SchemaRegistryFile(string stateDirectory)
    {
        StateDirectory = Path.GetFullPath(stateDirectory);
        FilePath = Path.Combine(StateDirectory, FileName);
    }

    public string StateDirectory { get; }

    public string FilePath { get; }

    /// <summary>The lock held for the whole of one database's migration: <c>&lt;state dir&gt;/schemas/&lt;database&gt;.lock</c>.</summary>
    public string MigrationLockPath(string database) => SchemaRecordJson.MigrationLockPath(StateDirectory, database);

    /// <summary>The record of <paramref name="database"/> as the file holds it now (no lock: the file is only ever replaced whole).</summary>
    public SchemaRecord Read(string database) => SchemaRecordJson.Find(ReadDocument(), database);

    /// <summary>
    /// Under the registry lock (waiting at most <paramref name="timeout"/>): reads the record of <paramref name="database"/>,
    /// and writes what <paramref name="change"/> returns unless it returns <c>null</c>. Returns the record as read.
    /// </summary>
    public async Task<SchemaRecord> UpdateAsync(string database, Func<SchemaRecord, SchemaRecord?> change, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var held = await ExclusiveFile.AcquireAsync(FilePath + ".lock", timeout, cancellationToken).ConfigureAwait(false)
            ?? throw new TimeoutException($"{FilePath}.lock was held by another process for more than {timeout.TotalSeconds:0} s");
        var document = ReadDocument();
        var record = SchemaRecordJson.Find(document, database);
        if (change(record) is { } changed)
        {
            SchemaRecordJson.Write(document, changed);
            Write(SchemaRecordJson.FormatDocument(document));
        }
        return record;
    }

    private JsonObject ReadDocument()
    {
        string text;
        try
        {
            text = File.ReadAllText(FilePath);
        }
        catch (FileNotFoundException)
        {
            return new JsonObject();
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new FormatException("not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{FilePath} is not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>Replaces the file: a temp file named as the build names its own (so a build sweeps one a killed process left), then a rename.</summary>
    private void Write(string text)
    {
        var temp = Path.Combine(StateDirectory, $".{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the registry is owner-only
        }
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                var bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, FilePath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
