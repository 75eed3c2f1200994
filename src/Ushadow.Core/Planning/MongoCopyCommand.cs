
namespace Ushadow.Core.Planning;

/// <summary>The <c>mongodump | mongorestore</c> pipeline that copies one database into another.</summary>
internal static class MongoCopyCommand
{
    /// <summary>The command copying every collection of <paramref name="from"/> into <paramref name="to"/>.</summary>
    public static string For(string from, string to) =>
        $"mongodump --db={from} --archive | mongorestore --archive --nsFrom='{from}.*' --nsTo='{to}.*'";
}
