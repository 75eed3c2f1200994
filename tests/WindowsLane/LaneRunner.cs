using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Ushadow.WindowsLane;

/// <summary>
/// The entry point of a test assembly published self-contained for <c>win-x64</c>: build/windows-lane.sh runs it
/// under Wine, where neither <c>dotnet test</c> nor vstest's test host run. It discovers and runs the assembly's
/// xunit tests in process through xunit's own framework (the same discovery and execution <c>dotnet test</c>
/// uses), minus the excluded ones, and prints each failure and skip, then one closing line.
/// <c>dotnet test</c> on Linux never calls it: vstest loads the assembly as a library.
/// </summary>
/// <remarks>
/// Usage: <c>&lt;tests&gt;.exe [--exclude &lt;Namespace.Class or Namespace.Class.Method&gt;]... [--exclude-file &lt;file&gt;]... [--only &lt;prefix&gt;]...
/// [--test-timeout &lt;seconds&gt;] [--serial] [--passed-file &lt;file&gt;]</c>;
/// a test still running after the timeout (default 120 s) ends the run as failed, naming every test then running.
/// <c>&lt;tests&gt;.exe --hold &lt;file&gt; &lt;seconds&gt;</c> opens a file for reading (others may read, not replace it) for that
/// long, as docker compose or an editor would, so the lane can test the tool against an open file.
/// </remarks>
internal static class LaneRunner
{
    public static int Main(string[] args)
    {
        if (args is ["--hold", var file, var seconds])
        {
            return Hold(file, double.Parse(seconds, CultureInfo.InvariantCulture));
        }
        var excluded = new List<string>();
        var only = new List<string>();
        var testTimeout = TimeSpan.FromSeconds(120);
        var serial = false;
        string? passedFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--exclude" when i + 1 < args.Length:
                    excluded.Add(args[++i]);
                    break;
                case "--only" when i + 1 < args.Length:
                    only.Add(args[++i]);
                    break;
                case "--exclude-file" when i + 1 < args.Length:
                    // One prefix a line; '#' starts a comment (the reason it is excluded).
                    excluded.AddRange(File.ReadAllLines(args[++i]).Select(line => line.Split('#')[0].Trim()).Where(line => line.Length > 0));
                    break;
                case "--passed-file" when i + 1 < args.Length:
                    passedFile = args[++i];
                    break;
                case "--serial":
                    serial = true;
                    break;
                case "--test-timeout" when i + 1 < args.Length:
                    testTimeout = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'. Usage: [--exclude <Class[.Method]>]... [--only <Class[.Method]>]... [--exclude-file <file>] [--test-timeout <seconds>] [--serial] [--passed-file <file>] | --hold <file> <seconds>");
                    return 2;
            }
        }
        return Run(Assembly.GetEntryAssembly()!, excluded, only, testTimeout, serial, passedFile);
    }

    private static int Hold(string file, double seconds)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        Console.WriteLine($"holding {file} for {seconds.ToString(CultureInfo.InvariantCulture)} s");
        Console.Out.Flush();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        return 0;
    }

    private static int Run(Assembly assembly, List<string> excluded, List<string> only, TimeSpan testTimeout, bool serial, string? passedFile)
    {
        var clock = Stopwatch.StartNew();
        var diagnostics = new Sink(message =>
        {
            if (message is IDiagnosticMessage diagnostic)
            {
                Console.Error.WriteLine("xunit: " + diagnostic.Message);
            }
        });
        using var framework = new XunitTestFramework(diagnostics);
        var discovered = new List<ITestCase>();
        using (var discoverer = framework.GetDiscoverer(Reflector.Wrap(assembly)))
        using (var done = new ManualResetEventSlim())
        {
            discoverer.Find(includeSourceInformation: false, new Sink(message =>
            {
                switch (message)
                {
                    case ITestCaseDiscoveryMessage found:
                        discovered.Add(found.TestCase);
                        break;
                    case IDiscoveryCompleteMessage:
                        done.Set();
                        break;
                }
            }), new Options());
            done.Wait();
        }

        static string NameOf(ITestCase test) => test.TestMethod.TestClass.Class.Name + "." + test.TestMethod.Method.Name;
        bool Matches(ITestCase test, string prefix) =>
            NameOf(test) == prefix || NameOf(test).StartsWith(prefix + ".", StringComparison.Ordinal);
        var selected = discovered
            .Where(test => only.Count == 0 || only.Any(prefix => Matches(test, prefix)))
            .Where(test => !excluded.Any(prefix => Matches(test, prefix)))
            .ToList();
        Console.WriteLine($"{assembly.GetName().Name}: {discovered.Count} test cases discovered, {discovered.Count - selected.Count} excluded, running {selected.Count}");

        int passed = 0, failed = 0, skipped = 0;
        // A test that never ends (a child process that never answers, say) must not hang the lane: name it and stop.
        var running = new System.Collections.Concurrent.ConcurrentDictionary<string, (Stopwatch Clock, string Method)>();
        // The exceptions thrown most recently: a hung test's own failure is among them, since what never ends under
        // Wine is the unwinding after the throw (first-chance notifications come before it).
        var thrown = new System.Collections.Concurrent.ConcurrentQueue<string>();
        AppDomain.CurrentDomain.FirstChanceException += (sender, e) =>
        {
            // Where it was thrown: this handler runs on the throwing thread, before any unwinding.
            var where = string.Join(" < ", new StackTrace(1, fNeedFileInfo: false).GetFrames().Take(8)
                .Select(frame => frame.GetMethod() is { } method ? $"{method.DeclaringType?.Name}.{method.Name}" : "?"));
            thrown.Enqueue($"{e.Exception.GetType().FullName}: {e.Exception.Message} (at {where})");
            while (thrown.Count > 5 && thrown.TryDequeue(out _))
            {
            }
        };
        using var watchdog = new Timer(_ =>
        {
            var hung = running.Where(test => test.Value.Clock.Elapsed > testTimeout).ToList();
            if (hung.Count > 0)
            {
                Console.WriteLine($"  FAILED after {testTimeout.TotalSeconds:0} s, still running: {string.Join("; ", hung.Select(test => test.Key))}");
                foreach (var recent in thrown)
                {
                    Console.WriteLine("      thrown recently: " + recent);
                }
                foreach (var test in hung)
                {
                    Console.WriteLine("HUNG " + test.Value.Method); // the lane reruns the rest without it
                }
                Console.WriteLine($"{passed} passed, {failed + hung.Count} failed, {skipped} skipped");
                Console.Out.Flush();
                Environment.Exit(1);
            }
        }, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        var executionOptions = new Options();
        if (serial)
        {
            // One test at a time: fewer threads for the runtime to stop at each garbage collection (see windows-lane.sh).
            executionOptions.SetValue("xunit.execution.DisableParallelization", true);
            executionOptions.SetValue("xunit.execution.MaxParallelThreads", 1);
        }
        using (var executor = framework.GetExecutor(assembly.GetName()))
        using (var done = new ManualResetEventSlim())
        {
            executor.RunTests(selected, new Sink(message =>
            {
                switch (message)
                {
                    case ITestStarting starting:
                        running[starting.Test.DisplayName] = (Stopwatch.StartNew(), NameOf(starting.TestCase));
                        break;
                    case ITestFinished finished:
                        running.TryRemove(finished.Test.DisplayName, out _);
                        break;
                    case ITestPassed pass:
                        Interlocked.Increment(ref passed);
                        if (passedFile is not null)
                        {
                            // So a rerun after a hung test (see --test-timeout) can leave out what already passed.
                            lock (running)
                            {
                                File.AppendAllText(passedFile, NameOf(pass.TestCase) + Environment.NewLine);
                            }
                        }
                        break;
                    case ITestFailed failure:
                        Interlocked.Increment(ref failed);
                        Console.WriteLine($"  FAILED {failure.Test.DisplayName} ({failure.ExecutionTime:0.000} s)");
                        Console.WriteLine(Indent(ExceptionUtility.CombineMessages(failure)));
                        Console.WriteLine(Indent(ExceptionUtility.CombineStackTraces(failure) ?? ""));
                        break;
                    case ITestSkipped skip:
                        Interlocked.Increment(ref skipped);
                        Console.WriteLine($"  skipped {skip.Test.DisplayName}: {skip.Reason}");
                        break;
                    case IErrorMessage error:
                        Interlocked.Increment(ref failed);
                        Console.WriteLine("  ERROR " + ExceptionUtility.CombineMessages(error));
                        break;
                    case ITestAssemblyFinished:
                        done.Set();
                        break;
                }
            }), executionOptions);
            done.Wait();
        }
        Console.WriteLine($"{assembly.GetName().Name} under {System.Runtime.InteropServices.RuntimeInformation.OSDescription} in {clock.Elapsed.TotalSeconds:0} s:");
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    private static string Indent(string text) => "      " + text.Replace("\n", "\n      ", StringComparison.Ordinal);

    /// <summary>Receives xunit's messages (discovery and execution report through the same interface).</summary>
    private sealed class Sink(Action<IMessageSinkMessage> receive) : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message)
        {
            receive(message);
            return true;
        }
    }

    /// <summary>Discovery and execution options: none set, so the assembly's own attributes and xunit's defaults apply.</summary>
    private sealed class Options : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
    {
        private readonly Dictionary<string, object?> _values = [];

        public TValue GetValue<TValue>(string name) =>
            _values.TryGetValue(name, out var value) && value is TValue typed ? typed : default!;

        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }
}
