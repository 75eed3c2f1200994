// .NET Framework has no System.Text.Unicode.Utf8: the one member AtomicFile uses, with .NET's meaning.
namespace System.Text.Unicode;

internal static class Utf8
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether <paramref name="bytes"/> is well-formed UTF-8.</summary>
    public static bool IsValid(byte[] bytes)
    {
        try
        {
            Strict.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
