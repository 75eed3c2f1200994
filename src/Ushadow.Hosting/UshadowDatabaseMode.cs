namespace Ushadow.Hosting;

/// <summary>Which MongoDB database the environments of one app use; Redis databases are never shared.</summary>
public enum UshadowDatabaseMode
{
    /// <summary>Every environment uses one MongoDB database, the shared database name.</summary>
    Shared = 0,

    /// <summary>Each environment has its own MongoDB database: the app name, or <c>&lt;app&gt;_&lt;env&gt;</c>.</summary>
    Isolated = 1,
}
