namespace Ushadow.Core.Shared.Runtime;

/// <summary>
/// Finds the password of the environment's Redis ACL user in its <c>config/SECRETS/secrets.yaml</c> (README, Redis at team
/// scale): the nearest one above the current folder, else above the app's folder. Reads only the <c>password</c> of the
/// top-level <c>redis</c> section, as the build writes it (a plain or quoted scalar). Compiled into the run time and the
/// Aspire package, which read it when the app or a resource starts; plain code for every target.
/// </summary>
internal static class RedisSecretsFile
{
    /// <summary>The password, or <c>null</c> when no <c>secrets.yaml</c> above holds one.</summary>
    public static string? FindPassword()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var file = Path.Combine(Path.Combine(Path.Combine(folder.FullName, "config"), "SECRETS"), "secrets.yaml");
                if (File.Exists(file))
                {
                    return ReadPassword(File.ReadAllLines(file));
                }
            }
        }
        return null;
    }

    /// <summary>The <c>redis.password</c> of a <c>secrets.yaml</c>'s lines, or <c>null</c>.</summary>
    internal static string? ReadPassword(IEnumerable<string> lines)
    {
        var inRedis = false;
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }
            if (!char.IsWhiteSpace(line[0]))
            {
                inRedis = line.TrimEnd() == "redis:";
                continue;
            }
            if (inRedis && trimmed.StartsWith("password:", StringComparison.Ordinal))
            {
                var value = trimmed.Substring("password:".Length).Trim();
                return value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0]
                    ? value.Substring(1, value.Length - 2)
                    : value;
            }
        }
        return null;
    }
}
