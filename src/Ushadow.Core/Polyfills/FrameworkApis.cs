using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ushadow.Core.IO;

namespace Ushadow.Core.Polyfills;

/// <summary>
/// The members of .NET's API that the core calls and .NET Framework lacks, under the same names and with the same
/// behaviour (C# 14 extension members), so the core's code reads the same on every target framework. Only the net472
/// build compiles this folder. Which operating system does what stays decided in <see cref="PlatformFiles"/>; the Unix
/// calls below run only under Mono (the one .NET Framework on Unix), as .NET's own do on Unix.
/// </summary>
internal static class FrameworkApis
{
    extension(OperatingSystem)
    {
        /// <summary>Whether this is Windows (.NET Framework proper); under Mono on Linux or macOS it is not.</summary>
        public static bool IsWindows() => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Whether this is macOS (Mono there).</summary>
        public static bool IsMacOS() => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
    }

    extension(Environment)
    {
        /// <summary>This process's id.</summary>
        public static int ProcessId => CurrentProcessId.Value;
    }

    private static readonly Lazy<int> CurrentProcessId = new(() =>
    {
        using var process = Process.GetCurrentProcess();
        return process.Id;
    });

    extension(ArgumentNullException)
    {
        public static void ThrowIfNull([NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
        }
    }

    extension(ArgumentException)
    {
        public static void ThrowIfNullOrEmpty([NotNull] string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            ArgumentNullException.ThrowIfNull(argument, paramName);
            if (argument.Length == 0)
            {
                throw new ArgumentException("The value cannot be an empty string.", paramName);
            }
        }
    }

    extension(ArgumentOutOfRangeException)
    {
        public static void ThrowIfNegativeOrZero(int value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(paramName, value, "The value must be positive.");
            }
        }
    }

    extension(ObjectDisposedException)
    {
        public static void ThrowIf([DoesNotReturnIf(true)] bool condition, object instance)
        {
            if (condition)
            {
                throw new ObjectDisposedException(instance.GetType().FullName);
            }
        }
    }

    extension(Math)
    {
        public static double Clamp(double value, double min, double max) => value < min ? min : value > max ? max : value;
    }

    extension(Enum)
    {
        public static TEnum[] GetValues<TEnum>() where TEnum : struct, Enum => (TEnum[])Enum.GetValues(typeof(TEnum));
    }

    extension(TimeSpan)
    {
        public static TimeSpan operator *(TimeSpan span, int factor) => TimeSpan.FromTicks(span.Ticks * factor);
    }

    extension(Random)
    {
        /// <summary>A <see cref="Random"/> per thread (.NET Framework's is not thread-safe).</summary>
        public static Random Shared => PerThreadRandom ??= new Random(Guid.NewGuid().GetHashCode());
    }

    [ThreadStatic]
    private static Random? PerThreadRandom;

    extension(RandomNumberGenerator)
    {
        public static void Fill(Span<byte> data)
        {
            var bytes = new byte[data.Length];
            using (var generator = RandomNumberGenerator.Create())
            {
                generator.GetBytes(bytes);
            }
            bytes.CopyTo(data);
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    extension(Convert)
    {
        public static string ToBase64String(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes.ToArray());
    }

    extension(string)
    {
        public static string Concat(ReadOnlySpan<char> first, string? second, ReadOnlySpan<char> third) =>
            string.Concat(first.ToString(), second, third.ToString());
    }

    extension(string text)
    {
        public bool Contains(char value, StringComparison comparison) => text.IndexOf(value.ToString(), comparison) >= 0;

        public bool Contains(string value, StringComparison comparison) => text.IndexOf(value, comparison) >= 0;

        public int IndexOf(char value, StringComparison comparison) => text.IndexOf(value.ToString(), comparison);

        public bool StartsWith(char value) => text.Length > 0 && text[0] == value;

        public bool EndsWith(char value) => text.Length > 0 && text[text.Length - 1] == value;

        public string Replace(string oldValue, string? newValue, StringComparison comparison)
        {
            if (comparison != StringComparison.Ordinal)
            {
                throw new NotSupportedException("Only ordinal replacement is used by the core.");
            }
            return text.Replace(oldValue, newValue);
        }

        /// <summary>Every line break (CR LF, CR, LF and the Unicode ones .NET's version knows) replaced by <paramref name="replacement"/>.</summary>
        public string ReplaceLineEndings(string replacement)
        {
            var result = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case '\r':
                        result.Append(replacement);
                        if (i + 1 < text.Length && text[i + 1] == '\n')
                        {
                            i++;
                        }
                        break;
                    case '\n' or '\f' or '\u0085' or '\u2028' or '\u2029':
                        result.Append(replacement);
                        break;
                    default:
                        result.Append(text[i]);
                        break;
                }
            }
            return result.ToString();
        }
    }

    /// <summary>How often <paramref name="value"/> occurs in <paramref name="span"/>.</summary>
    public static int Count(this ReadOnlySpan<char> span, char value)
    {
        var count = 0;
        foreach (var c in span)
        {
            if (c == value)
            {
                count++;
            }
        }
        return count;
    }

    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }

    public static TValue? GetValueOrDefault<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue> dictionary, TKey key) =>
        dictionary.TryGetValue(key, out var value) ? value : default;

    extension(Process process)
    {
        public bool WaitForExit(TimeSpan timeout) => process.WaitForExit((int)Math.Min(timeout.TotalMilliseconds, int.MaxValue));

        /// <summary>Ends the process (.NET Framework cannot end its children with it).</summary>
        public void Kill(bool entireProcessTree)
        {
            _ = entireProcessTree;
            process.Kill();
        }
    }

    extension(ProcessStartInfo start)
    {
        /// <summary>Arguments added one by one, each quoted as the C runtime splits a command line (one list per start info).</summary>
        public ICollection<string> ArgumentList => ArgumentLists.GetValue(start, s => new QuotedArguments(s));
    }

    private static readonly ConditionalWeakTable<ProcessStartInfo, QuotedArguments> ArgumentLists = new();

    private sealed class QuotedArguments(ProcessStartInfo start) : Collection<string>
    {
        protected override void InsertItem(int index, string item)
        {
            base.InsertItem(index, item);
            start.Arguments = string.Join(" ", this.Select(Quote));
        }

        private static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny([' ', '\t', '"']) < 0)
            {
                return argument;
            }
            var quoted = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes).Append(c);
                backslashes = 0;
            }
            return quoted.Append('\\', backslashes * 2).Append('"').ToString();
        }
    }

    extension(Path)
    {
        /// <summary>Whether a file or folder exists at <paramref name="path"/>.</summary>
        public static bool Exists(string? path) => path is not null && (File.Exists(path) || Directory.Exists(path));

        /// <summary><paramref name="path"/> made absolute against <paramref name="basePath"/> (unless it already is).</summary>
        public static string GetFullPath(string path, string basePath) => Path.GetFullPath(Path.Combine(basePath, path));

        /// <summary>Whether <paramref name="path"/> names one place whatever the current folder and drive.</summary>
        public static bool IsPathFullyQualified(string path) =>
            OperatingSystem.IsWindows()
                ? path.StartsWith(@"\\", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal)
                  || (path.Length >= 3 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/'))
                : path.StartsWith('/');

        public static string TrimEndingDirectorySeparator(string path) =>
            path.Length > 1 && IsSeparator(path[path.Length - 1]) && !(path.Length == 3 && path[1] == ':') && Path.GetPathRoot(path) != path
                ? path.Substring(0, path.Length - 1)
                : path;

        /// <summary><paramref name="path"/> relative to the folder <paramref name="relativeTo"/>, as .NET's <c>Path.GetRelativePath</c>.</summary>
        public static string GetRelativePath(string relativeTo, string path)
        {
            var comparison = PlatformFiles.PathComparison;
            var from = Segments(Path.GetFullPath(relativeTo));
            var to = Segments(Path.GetFullPath(path));
            if (!string.Equals(from[0], to[0], comparison))
            {
                return Path.GetFullPath(path); // another drive or share: no relative path
            }
            var common = 0;
            while (common < from.Length && common < to.Length && string.Equals(from[common], to[common], comparison))
            {
                common++;
            }
            var parts = Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common)).ToArray();
            return parts.Length == 0 ? "." : string.Join(Path.DirectorySeparatorChar.ToString(), parts);
        }
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;

    private static string[] Segments(string fullPath) =>
        fullPath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Where((s, i) => i == 0 || s.Length > 0).ToArray();

    extension(File)
    {
        /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/>, replacing it in one step when <paramref name="overwrite"/>.</summary>
        public static void Move(string source, string destination, bool overwrite)
        {
            if (!overwrite)
            {
                File.Move(source, destination);
            }
            else if (OperatingSystem.IsWindows())
            {
                const int ReplaceExisting = 1, CopyAllowed = 2;
                if (!MoveFileEx(source, destination, ReplaceExisting | CopyAllowed))
                {
                    throw Marshal.GetExceptionForHR(Marshal.GetHRForLastWin32Error()) ?? new IOException($"Cannot move '{source}' to '{destination}'.");
                }
            }
            else if (Unix.rename(source, destination) != 0)
            {
                throw Unix.Failure(destination);
            }
        }

        public static UnixFileMode GetUnixFileMode(string path) => Unix.Mode(path);

        public static void SetUnixFileMode(string path, UnixFileMode mode)
        {
            if (Unix.chmod(path, (uint)mode) != 0)
            {
                throw Unix.Failure(path);
            }
        }

        /// <summary>Where the symbolic link <paramref name="path"/> leads (its final target when asked); <c>null</c> when it is no link.</summary>
        public static FileSystemInfo? ResolveLinkTarget(string path, bool returnFinalTarget)
        {
            var current = Path.GetFullPath(path);
            string? target = null;
            for (var hops = 0; Unix.ReadLink(current) is { } next; hops++)
            {
                if (hops == 40)
                {
                    throw new IOException($"{path}: too many levels of symbolic links");
                }
                target = current = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, next));
                if (!returnFinalTarget)
                {
                    break;
                }
            }
            return target is null ? null : Directory.Exists(target) ? new DirectoryInfo(target) : new FileInfo(target);
        }
    }

    extension(FileInfo file)
    {
        /// <summary>The text of the symbolic link <paramref name="file"/>, or <c>null</c> when it is no link.</summary>
        public string? LinkTarget => Unix.ReadLink(file.FullName);
    }

    extension(Directory)
    {
        /// <summary>Creates <paramref name="path"/> and its missing parents, each given <paramref name="mode"/>.</summary>
        public static DirectoryInfo CreateDirectory(string path, UnixFileMode mode)
        {
            var missing = new Stack<string>();
            for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
            {
                missing.Push(folder);
            }
            foreach (var folder in missing)
            {
                Directory.CreateDirectory(folder);
                File.SetUnixFileMode(folder, mode);
            }
            return new DirectoryInfo(path);
        }
    }

    extension(JsonNode)
    {
        /// <summary>Whether two nodes hold the same JSON: same kinds, object properties compared by name, same values.</summary>
        public static bool DeepEquals(JsonNode? left, JsonNode? right) => (left, right) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (JsonObject a, JsonObject b) => a.Count == b.Count && a.All(p => b.TryGetPropertyValue(p.Key, out var other) && DeepEquals(p.Value, other)),
            (JsonArray a, JsonArray b) => a.Count == b.Count && a.Zip(b, DeepEquals).All(same => same),
            (JsonValue a, JsonValue b) => a.GetValueKind() == b.GetValueKind() && a.ToJsonString() == b.ToJsonString(),
            _ => false,
        };
    }

    extension(JsonNode node)
    {
        public JsonNode DeepClone() => JsonNode.Parse(node.ToJsonString())!;

        /// <summary>The JSON kind of the node (object, array, string, number, true, false).</summary>
        public JsonValueKind GetValueKind() => node switch
        {
            JsonObject => JsonValueKind.Object,
            JsonArray => JsonValueKind.Array,
            JsonValue value when value.TryGetValue<JsonElement>(out var element) => element.ValueKind,
            _ => JsonDocument.Parse(node.ToJsonString()).RootElement.ValueKind,
        };
    }

    [DllImport("kernel32.dll", EntryPoint = "MoveFileExW", CharSet = CharSet.Unicode, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool MoveFileEx(string existingFileName, string newFileName, int flags);

    /// <summary>The POSIX calls .NET makes on Unix, for Mono; the mode is read through Mono.Posix, which Mono carries.</summary>
    private static class Unix
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int rename(string oldPath, string newPath);

        [DllImport("libc", SetLastError = true)]
        public static extern int chmod(string path, uint mode);

        [DllImport("libc", SetLastError = true)]
        private static extern nint readlink(string path, byte[] buffer, nint size);

        public static string? ReadLink(string path)
        {
            if (OperatingSystem.IsWindows())
            {
                return null; // .NET Framework on Windows: symbolic links are not followed (README, Compatibility)
            }
            var buffer = new byte[4096];
            var length = readlink(path, buffer, buffer.Length);
            return length < 0 ? null : Encoding.UTF8.GetString(buffer, 0, (int)length);
        }

        private static readonly Lazy<MethodInfo> Stat = new(() =>
            Type.GetType("Mono.Unix.Native.Syscall, Mono.Posix, Version=4.0.0.0, Culture=neutral, PublicKeyToken=0738eb9f132ed756", throwOnError: true)!
                .GetMethods().Single(m => m.Name == "stat" && m.GetParameters().Length == 2));

        public static UnixFileMode Mode(string path)
        {
            var arguments = new object?[] { path, null };
            if ((int)Stat.Value.Invoke(null, arguments)! != 0)
            {
                throw Failure(path);
            }
            var status = arguments[1]!;
            var mode = Convert.ToUInt32(status.GetType().GetField("st_mode")!.GetValue(status), System.Globalization.CultureInfo.InvariantCulture);
            return (UnixFileMode)(mode & 0xFFF);
        }

        public static IOException Failure(string path)
        {
            var errno = Marshal.GetLastWin32Error();
            const int NoEntry = 2, Denied = 13, Permission = 1;
            var message = $"{path}: {new Win32Exception(errno).Message} (errno {errno})";
            return errno switch
            {
                NoEntry => new FileNotFoundException(message, path),
                _ when errno is Denied or Permission => throw new UnauthorizedAccessException(message),
                _ => new IOException(message),
            };
        }
    }
}
