using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Reads an EventPipe trace written with DOTNET_EventPipeConfig=Microsoft-Windows-DotNETRuntime:0x18:5 (JIT and loader
// events) and prints, in the order they happened, one line per method JIT-compiled, "<tier>\t<namespace>::<method>",
// and one line per assembly loaded, "#assembly\t<name>". The methods a fresh csc compiles for a generator and its
// output are what a cold build pays for them beyond loading the DLL.
if (args.Length != 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Ushadow.Bench.JitEvents <trace.nettrace>");
    return 2;
}

using var source = new EventPipeEventSource(args[0]);
var output = Console.Out;
source.Clr.MethodLoadVerbose += e =>
{
    // Methods compiled ahead of time (ReadyToRun) are loaded, not JIT-compiled: they never get a JIT tier.
    if (e.OptimizationTier is not OptimizationTier.ReadyToRun and not OptimizationTier.Unknown)
    {
        output.WriteLine($"{e.OptimizationTier}\t{e.MethodNamespace}::{e.MethodName}");
    }
};
source.Clr.LoaderAssemblyLoad += e => output.WriteLine($"#assembly\t{e.FullyQualifiedAssemblyName.Split(',')[0]}");
source.Process();
return 0;
