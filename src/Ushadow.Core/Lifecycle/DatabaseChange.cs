using Ushadow.Core.Model;
using Ushadow.Core.Planning;
using Ushadow.Core.Registry;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Lifecycle;

/// <summary>One environment moving from one MongoDB database to another.</summary>
/// <param name="Environment">The registry entry (name, app, root).</param>
/// <param name="FromMode">The mode of its last build.</param>
/// <param name="FromDatabase">The database of its last build.</param>
/// <param name="ToMode">The mode after the change.</param>
/// <param name="ToDatabase">The database after the change; <c>null</c> when a layer the registry does not record sets the shared name.</param>
internal sealed record DatabaseChange(RegisteredEnvironment Environment, DatabaseMode FromMode, string FromDatabase, DatabaseMode ToMode, string? ToDatabase)
{
    /// <summary>What happens to the data: which database starts empty, which stays behind.</summary>
    public string Consequence => (FromMode, ToMode) switch
    {
        _ when ToDatabase is null => $"'{FromDatabase}' stays as it is; the shared database comes from its {Environment.Sources[ResolvedValueCatalogue.SharedDatabaseName]} setting",
        (DatabaseMode.Isolated, _) => $"its own database '{FromDatabase}' stays behind, unused; '{ToDatabase}' does not get its data",
        (DatabaseMode.Shared, DatabaseMode.Isolated) => $"'{ToDatabase}' starts empty (data is not copied); '{FromDatabase}' stays as it is for the environments still sharing it",
        _ => $"'{FromDatabase}' stays behind (other environments may still use it); '{ToDatabase}' does not get its data",
    };

    /// <summary>The command that copies the data across, with the real names; <c>null</c> when the target is not known here.</summary>
    public string? CopyCommand => ToDatabase is null ? null : MongoCopyCommand.For(FromDatabase, ToDatabase);
}
