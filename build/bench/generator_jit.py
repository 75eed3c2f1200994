#!/usr/bin/env python3
"""What a cold compile JIT-compiles for Ushadow.Build: a count that a noisy machine cannot move much.

Wall-clock ratios of a cold edit build (edit_build.py) spread by a few per cent between calls on this 2-core VM. This
counts instead the methods csc JIT-compiles in an edit build (touched Program.cs, -p:UseSharedCompilation=false), with
and without the package, from the runtime's own JIT events (EventPipe; build/bench/jit reads the trace). csc's own code
is ReadyToRun; what it JIT-compiles is generic code instantiated for what it meets for the first time in the process:
the generator's pipeline values, its code, and the constructs of the generated file. Each JIT-compiled method costs
roughly 0.1 ms of a cold build. Runs each variant N times (thread timing moves a few methods) and prints the
median counts, the difference, and the extra methods grouped by what they are generic over or belong to.

Usage: python3 build/bench/generator_jit.py [runs]   (default 3)
"""
import collections, glob, os, re, statistics, sys, tempfile
from consumers import Consumers, VARIANTS, ROOT, run

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
TOOL = os.path.join(ROOT, "build", "bench", "jit")

run(["dotnet", "build", TOOL, "-c", "Release", "-nodeReuse:false", "-v:q"], ROOT, dict(os.environ))
tool = os.path.join(TOOL, "bin", "Release", "net10.0", "Ushadow.Bench.JitEvents.dll")

def jitted(consumers, variant):
    """The set of methods csc JIT-compiled in one cold edit build of the variant."""
    traces = tempfile.mkdtemp(dir=consumers.work)
    os.utime(os.path.join(consumers.projects[variant], "Program.cs"))
    env = dict(consumers.env, DOTNET_EnableEventPipe="1", DOTNET_EventPipeConfig="Microsoft-Windows-DotNETRuntime:0x18:5",
               DOTNET_EventPipeOutputPath=os.path.join(traces, "{pid}.nettrace"))
    run(["dotnet", "build", "--no-restore", "-nodeReuse:false", "-v:q", "-p:UseSharedCompilation=false"], consumers.projects[variant], env)
    for trace in glob.glob(os.path.join(traces, "*.nettrace")):   # every .NET process of the build wrote one: find csc's
        lines = run(["dotnet", tool, trace], ROOT, dict(os.environ)).splitlines()
        if "#assembly\tcsc" in lines:
            return {line.split("\t", 1)[1] for line in lines if not line.startswith("#")}
    sys.exit("no trace of csc: did the build compile?")

def group(method):
    """What a JIT-compiled method is there for: the generator, else the type a generic instantiation is over, else its type."""
    if "Ushadow" in method:
        return "the generator: its code, and Roslyn's pipeline code over its types"
    declaring = method.split("::")[0]
    if "[" in declaring:
        names = [name for name in re.findall(r"[\w.`+]+", declaring[declaring.index("["):]) if name != "System.__Canon"]
        ours = [name for name in names if not name.startswith("System.")] or names or ["T"]
        return "generic code over " + ours[0].rsplit(".", 1)[-1]
    return declaring

with Consumers() as consumers:
    for variant in VARIANTS:   # warm-up: disk caches
        jitted(consumers, variant)
    sets = {variant: [jitted(consumers, variant) for _ in range(RUNS)] for variant in VARIANTS}
    counts = {variant: statistics.median(len(s) for s in sets[variant]) for variant in VARIANTS}
    for variant in VARIANTS:
        print(f"methods csc JIT-compiled, cold edit build, {variant:>7} Ushadow.Build: median {counts[variant]:.0f}  "
              f"({', '.join(str(len(s)) for s in sets[variant])})")
    print(f"added by the package: {counts['with'] - counts['without']:.0f}")
    extra = set.intersection(*sets["with"]) - set.union(*sets["without"])   # in every run with, in no run without
    groups = collections.Counter(group(method) for method in extra)
    print(f"added in every run ({len(extra)}), by what they are for:")
    for name, count in groups.most_common(12):
        print(f"  {count:5}  {name}")
