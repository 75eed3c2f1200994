namespace Ushadow.TaskHarness;

/// <summary>One build of the task: its parameters, the process's variables, and what the user did to the files before it.</summary>
internal sealed record Step(Dictionary<string, string>? Properties = null, Dictionary<string, string>? Variables = null, Action<World>? Before = null);

/// <summary>A named sequence of builds in a fresh world.</summary>
internal sealed record Case(string Name, params Step[] Steps);

/// <summary>
/// The lane's inputs (issue 16): both modes, every precedence layer, a hand edit, a CRLF .env, unknown registry
/// fields, secrets additions, refused bad input. The same list runs on .NET Framework and on .NET.
/// </summary>
internal static class Cases
{
    private static Dictionary<string, string> P(params string[] pairs) => Pairs(pairs);

    private static Dictionary<string, string> V(params string[] pairs) => Pairs(pairs);

    private static Dictionary<string, string> Pairs(string[] pairs) =>
        pairs.Select(pair => pair.Split(new[] { '=' }, 2)).ToDictionary(kv => kv[0], kv => kv[1]);

    public static readonly Case[] All =
    {
        new("shared-by-default", new Step()),
        new("isolated-by-property", new Step(P("UshadowEnvName=blue", "UshadowDatabaseMode=isolated"))),
        new("isolated-environment-named-like-the-app", new Step(P("UshadowEnvName=ushadow", "UshadowDatabaseMode=isolated"))),
        new("variable-beats-property",
            new Step(P("UshadowEnvName=gold", "UshadowDatabaseMode=shared", "UshadowSharedDatabaseName=fromproperty"), V("DATABASE_MODE=isolated", "SHARED_DATABASE_NAME=fromvariable", "ENV_NAME=green"))),
        new("property-beats-launcher-settings",
            new Step(P("UshadowEnvName=gold", "UshadowDatabaseMode=shared", "UshadowSharedDatabaseName=team"), Before: w => w.Launcher("""{"database_mode": "isolated", "shared_database_name": "launcher"}"""))),
        new("launcher-environment-beats-launcher-global",
            new Step(P("UshadowEnvName=gold"), Before: w => w.Launcher("""
                {"database_mode": "shared", "shared_database_name": "globaldb", "theme": "dark",
                 "environments": {"gold": {"database_mode": "isolated", "port_offset": 40}, "red": {"shared_database_name": "reddb"}}}
                """))),
        new("launcher-global-applies",
            new Step(P("UshadowEnvName=gold"), Before: w => w.Launcher("""{"database_mode": "shared", "shared_database_name": "globaldb"}"""))),
        new("ports-and-offset",
            new Step(P("UshadowEnvName=gold", "UshadowPortOffset=120", "UshadowPorts=API_PORT=9000;ADMIN_PORT=9100"))),
        new("hand-edit-in-env-is-kept",
            new Step(P("UshadowEnvName=gold")),
            new Step(P("UshadowEnvName=gold"), Before: w => w.ReplaceInEnv("MONGODB_DATABASE=ushadow", "MONGODB_DATABASE=handpicked"))),
        new("crlf-env-keeps-its-lines",
            new Step(P("UshadowEnvName=gold", "UshadowDatabaseMode=isolated"), Before: w => w.Write(w.EnvFile,
                "# team settings\r\nexport OTHER_TOOL=\"keep me\"\r\nDATABASE_MODE=shared\r\n\r\nLOG_LEVEL=debug # comment\r\n"))),
        new("unknown-registry-fields-are-kept",
            new Step(P("UshadowEnvName=gold")),
            new Step(P("UshadowEnvName=blue"), Before: w => w.AddUnknownRegistryFields())),
        new("secrets-additions",
            new Step(P("UshadowEnvName=gold"), Before: w =>
            {
                w.Launcher("""{"default_admin_email": "admin@example.com", "default_admin_password": "p\"a:s #s\nword", "default_admin_name": "Ada"}""");
                w.Write(w.SecretsFile, "# my secrets\napi_keys:\n  openai: \"sk-kept\"   # keep\nservices:\n  smtp: {host: mail}\nadmin:\n  name: Existing\n");
            })),
        new("mode-switch-warns",
            new Step(P("UshadowEnvName=gold", "UshadowDatabaseMode=isolated")),
            new Step(P("UshadowEnvName=gold", "UshadowDatabaseMode=shared"))),
        new("production-name-in-shared-mode-warns", new Step(P("UshadowEnvName=prod"))),
        new("second-environment-gets-its-own-redis-database",
            new Step(P("UshadowEnvName=gold")),
            new Step(P("UshadowEnvName=blue", "UshadowDatabaseMode=isolated"), Before: w => w.UseSecondWorktree())),
        new("git-repository-excludes-what-it-creates", new Step(P("UshadowEnvName=gold"), Before: w => w.UseGitRepository())),
        new("deleted-env-is-restored",
            new Step(P("UshadowEnvName=gold")),
            new Step(P("UshadowEnvName=gold"), Before: w => File.Delete(w.EnvFile))),
        new("refused-environment-name", new Step(P("UshadowEnvName=feature/login"))),
        new("refused-database-mode", new Step(P("UshadowEnvName=gold", "UshadowDatabaseMode=sideways"))),
        new("refused-hand-edited-redis-database",
            new Step(P("UshadowEnvName=gold")),
            new Step(P("UshadowEnvName=gold"), Before: w => w.ReplaceLineInEnv("REDIS_DATABASE=", "REDIS_DATABASE=99"))),
    };
}
