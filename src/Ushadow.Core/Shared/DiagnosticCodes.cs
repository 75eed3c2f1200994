namespace Ushadow.Core.Shared;

/// <summary>
/// Every diagnostic code. Ranges: USH1xxx invalid input (errors), USH2xxx mode changes and migration,
/// USH3xxx security, USH4xxx generator. The README's diagnostics table lists each one.
/// </summary>
internal static class DiagnosticCodes
{
    /// <summary>The README section that explains the codes.</summary>
    public const string HelpBase = "https://github.com/ushadow/Ushadow.Build/blob/main/README.md#";

    /// <summary>An unexpected failure inside the package (a defect): reported as an error instead of crashing the build.</summary>
    public const string UnexpectedFailure = "USH1000";
    /// <summary>A database mode that is neither <c>shared</c> nor <c>isolated</c>.</summary>
    public const string InvalidDatabaseMode = "USH1001";
    /// <summary>An environment name that breaks the naming rule.</summary>
    public const string InvalidEnvironmentName = "USH1002";
    /// <summary>A MongoDB database name that MongoDB would refuse.</summary>
    public const string InvalidDatabaseName = "USH1003";
    /// <summary>The launcher settings JSON cannot be read.</summary>
    public const string InvalidLauncherSettings = "USH1004";
    /// <summary>The environment registry cannot be read; it is left as it is.</summary>
    public const string InvalidRegistry = "USH1005";
    /// <summary><c>secrets.yaml</c> cannot be parsed or edited.</summary>
    public const string InvalidSecretsFile = "USH1006";
    /// <summary>A file or folder the package must write is not writable.</summary>
    public const string CannotWrite = "USH1007";
    /// <summary>Every Redis database is held by a live environment.</summary>
    public const string RedisDatabasesExhausted = "USH1008";
    /// <summary>One environment name claimed from two existing root folders.</summary>
    public const string EnvironmentNameClaimedTwice = "USH1009";
    /// <summary>A hand-edited <c>REDIS_DATABASE</c> that belongs to another environment.</summary>
    public const string RedisDatabaseOwnedByOther = "USH1010";
    /// <summary>The registry lock was not released in time.</summary>
    public const string RegistryLockTimeout = "USH1011";
    /// <summary>A <c>REDIS_DATABASE</c> value that is not a number in range.</summary>
    public const string InvalidRedisDatabase = "USH1012";
    /// <summary>A <c>PORT_OFFSET</c> that is not a non-negative whole number.</summary>
    public const string InvalidPortOffset = "USH1013";
    /// <summary>A Redis database count that is not a positive whole number.</summary>
    public const string InvalidRedisDatabaseCount = "USH1014";
    /// <summary>An app name that breaks the naming rule.</summary>
    public const string InvalidAppName = "USH1015";
    /// <summary>A launcher admin setting (<c>default_admin_email</c>, <c>_name</c>, <c>_password</c>) that is empty, or an email without '@'.</summary>
    public const string InvalidAdminSetting = "USH1016";
    /// <summary>The project given to <c>ushadow explain</c> cannot be evaluated by MSBuild.</summary>
    public const string ProjectNotEvaluated = "USH1017";
    /// <summary>An invalid <c>UshadowPorts</c> or hand-edited port key.</summary>
    public const string InvalidPorts = "USH1018";
    /// <summary>Every port block is held by a registered environment whose folder exists.</summary>
    public const string PortBlocksExhausted = "USH1019";
    /// <summary>The registry was written in a newer format by a newer package version; it is not rewritten.</summary>
    public const string RegistryFormatTooNew = "USH1020";
    /// <summary>A hand-edited <c>COMPOSE_PROJECT_NAME</c> breaks docker compose's rule for project names.</summary>
    public const string InvalidComposeProjectName = "USH1021";
    /// <summary><c>.env</c> is not a text file the package can edit: binary (NUL bytes, invalid UTF-8) or larger than the read limit.</summary>
    public const string InvalidEnvFile = "USH1022";
    /// <summary>A file the package must replace stayed open in another process (Windows refuses the rename) for the whole retry bound; it is unchanged.</summary>
    public const string FileInUse = "USH1023";
    /// <summary>The MSBuild running the build is older than the 17.8 the tasks need (raised by the targets, before the task loads).</summary>
    public const string MSBuildTooOld = "USH1024";
    /// <summary>No Redis server answered at the URL the tool was given (<c>--redis</c>, <c>REDIS_URL</c> or <c>localhost:6379</c>).</summary>
    public const string RedisUnreachable = "USH1030";
    /// <summary><c>env create</c>: the worktree folder exists already.</summary>
    public const string WorktreeFolderExists = "USH1031";
    /// <summary><c>env create</c>: the branch exists already.</summary>
    public const string BranchExists = "USH1032";
    /// <summary>git refused or failed (a worktree with uncommitted changes, a reference that does not exist); the message carries git's.</summary>
    public const string GitRefused = "USH1033";
    /// <summary><c>env remove --flush-redis</c>: the database's marker names another environment, or there is none; nothing was flushed.</summary>
    public const string RedisMarkerMismatch = "USH1034";
    /// <summary><c>env create</c> / <c>prune</c> needs a git repository and was run outside one (or git is missing).</summary>
    public const string NotInRepository = "USH1035";
    /// <summary><c>env remove</c>: no environment of that name is registered.</summary>
    public const string EnvironmentNotRegistered = "USH1036";
    /// <summary>The launcher settings lock was not released in time.</summary>
    public const string LauncherSettingsLockTimeout = "USH1037";
    /// <summary><c>env remove</c> was not confirmed (no terminal and no <c>--yes</c>); nothing changed.</summary>
    public const string RemovalNotConfirmed = "USH1038";
    /// <summary><c>env remove</c>: the name is registered for several apps; <c>--app</c> says which.</summary>
    public const string EnvironmentAmbiguous = "USH1039";
    /// <summary>A Redis URL the tool cannot read.</summary>
    public const string InvalidRedisUrl = "USH1040";
    /// <summary><c>ushadow doctor</c>: the server's <c>databases</c> setting is below the Redis database count.</summary>
    public const string RedisDatabasesTooFew = "USH1041";
    /// <summary><c>ushadow doctor</c>: a registered environment's root folder no longer exists.</summary>
    public const string RegisteredRootMissing = "USH1042";

    /// <summary><c>USHADOW_REGISTRY</c> / <c>UshadowRegistry</c> is neither <c>file</c> nor a Redis URL the registry can use.</summary>
    public const string InvalidRegistrySetting = "USH1050";
    /// <summary>The registry's Redis server did not answer, and this environment holds no known claim: nothing can be allocated.</summary>
    public const string RegistryServerUnavailable = "USH1051";

    /// <summary><c>UshadowSchemaVersion</c> is not a whole number from 0 to 9223372036854775807.</summary>
    public const string InvalidSchemaVersion = "USH1060";
    /// <summary>
    /// At run time: the code declares an older schema version than the database is recorded at, and would migrate it
    /// backwards (a warning instead when the app opts in).
    /// </summary>
    public const string SchemaWouldGoBackwards = "USH1061";
    /// <summary>At run time: another process held the database's migration longer than this one waits.</summary>
    public const string SchemaMigrationWaitTimedOut = "USH1062";
    /// <summary>At run time: the team registry's lease on a migration was lost before the new version could be recorded.</summary>
    public const string SchemaLeaseLost = "USH1063";

    /// <summary><c>REDIS_ISOLATION</c> / <c>UshadowRedisIsolation</c> / <c>redis_isolation</c> is neither <c>database</c> nor <c>prefix</c>.</summary>
    public const string InvalidRedisIsolation = "USH1070";
    /// <summary>A hand-edited <c>REDIS_KEY_PREFIX</c> is empty, inside the registry's keys, or overlaps another environment's prefix.</summary>
    public const string InvalidRedisKeyPrefix = "USH1071";
    /// <summary>An environment in Redis database mode against a server that offers only database 0 (a Redis Cluster).</summary>
    public const string DatabaseModeOnCluster = "USH1072";

    /// <summary>Switched from isolated to shared: isolated databases stay behind.</summary>
    public const string SwitchedToShared = "USH2001";
    /// <summary>Switched from shared to isolated: the new database starts empty.</summary>
    public const string SwitchedToIsolated = "USH2002";
    /// <summary>A registry entry whose root folder is gone was reclaimed.</summary>
    public const string RegistryEntryReclaimed = "USH2003";
    /// <summary>A settings change would move registered environments to other databases (or rewrite their secrets) and was not confirmed.</summary>
    public const string ChangeNotConfirmed = "USH2004";

    /// <summary>The project declares an older schema version than its MongoDB database is recorded at.</summary>
    public const string SchemaBehindDatabase = "USH2010";
    /// <summary>The project declares a newer schema version than its shared database: its next start migrates it for every environment.</summary>
    public const string SchemaAheadOfSharedDatabase = "USH2011";

    /// <summary>The registry's Redis server did not answer: the build goes on with this environment's last known claim.</summary>
    public const string RegistryServerOffline = "USH2050";
    /// <summary>The environment switched between a Redis database number and a key prefix: its keys stay where they were.</summary>
    public const string RedisIsolationSwitched = "USH2060";

    /// <summary>Shared mode for an environment that looks like production.</summary>
    public const string SharedProductionEnvironment = "USH3001";
    /// <summary><c>.env</c> or <c>secrets.yaml</c> is tracked by git.</summary>
    public const string SecretFileTrackedByGit = "USH3002";
    /// <summary>An existing <c>auth_secret_key</c> differs from the shared database's key.</summary>
    public const string AuthSecretKeyDiffers = "USH3003";
    /// <summary>A secret was given on the command line, where shell history and <c>ps</c> keep it.</summary>
    public const string SecretOnCommandLine = "USH3004";
    /// <summary>The admin credentials in <c>secrets.yaml</c> differ from the launcher's <c>default_admin_*</c>.</summary>
    public const string AdminCredentialsDiffer = "USH3005";
    /// <summary>The state folder or the launcher settings file is writable by anyone on the machine.</summary>
    public const string WorldWritable = "USH3006";
    /// <summary>An environment in Redis prefix mode shares database 0 with an environment in database mode that holds it.</summary>
    public const string PrefixDatabaseHeldInDatabaseMode = "USH3060";
    /// <summary><c>ushadow doctor</c>: an environment's ACL user is missing, disabled or has other patterns on a primary.</summary>
    public const string AclUserOutOfLine = "USH3061";
    /// <summary><c>ushadow doctor</c>: an environment's Redis database holds another environment's marker (<c>ushadow:env:name</c>).</summary>
    public const string ForeignRedisMarker = "USH3040";

    /// <summary>The generator got no values: the package targets did not run.</summary>
    public const string GeneratorMissingValues = "USH4001";
    /// <summary>The generator got a value it cannot use.</summary>
    public const string GeneratorInvalidValue = "USH4002";
    /// <summary>A runtime package is referenced in another version than the generator's.</summary>
    public const string GeneratorRuntimeVersion = "USH4003";

    /// <summary>The help link of <paramref name="code"/>.</summary>
    public static string HelpLink(string code) => HelpBase + code.ToLowerInvariant();
}
