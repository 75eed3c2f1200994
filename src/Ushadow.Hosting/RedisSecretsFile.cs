namespace Ushadow.Hosting;

/// <summary>
/// Finds the password of the environment's Redis ACL user in its <c>config/SECRETS/secrets.yaml</c> (README, Redis at team
/// scale): the nearest one above the current folder, else above the app's folder. Reads only the <c>password</c> of the
/// top-level <c>redis</c> section, as the build writes it (a plain or quoted scalar).
/// </summary>
internal static class RedisSecretsFile
{
    public static string? FindPassword()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var file = Path.Combine(folder.FullName, "config", "SECRETS", "secrets.yaml");
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
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            if (!char.IsWhiteSpace(line[0]))
            {
                inRedis = line.TrimEnd() == "redis:";
                continue;
            }
            var trimmed = line.Trim();
            if (inRedis && trimmed.StartsWith("password:", StringComparison.Ordinal))
            {
                var value = trimmed["password:".Length..].Trim();
                return value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value[1..^1] : value;
            }
        }
        return null;
    }
}
