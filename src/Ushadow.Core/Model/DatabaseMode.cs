namespace Ushadow.Core.Model;

/// <summary>Which MongoDB database an environment uses.</summary>
internal enum DatabaseMode
{
    /// <summary>All environments use one database, so users, credentials and API keys are shared.</summary>
    Shared,
    /// <summary>Each environment has its own database, <c>&lt;app&gt;_&lt;env&gt;</c>.</summary>
    Isolated,
}
