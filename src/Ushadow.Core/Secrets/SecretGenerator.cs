using System.Security.Cryptography;

namespace Ushadow.Core.Secrets;

/// <summary>Creates the random secrets of <c>secrets.yaml</c>, like Python's <c>secrets.token_urlsafe(32)</c>.</summary>
internal static class SecretGenerator
{
    /// <summary>The number of random bytes in a secret.</summary>
    public const int ByteCount = 32;

    /// <summary>32 bytes from a cryptographic RNG as base64url without padding (43 characters).</summary>
    public static string NewSecret()
    {
        Span<byte> bytes = stackalloc byte[ByteCount];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
