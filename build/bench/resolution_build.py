#!/usr/bin/env python3
"""Cost of a build whose resolution runs: a changed input (-p:UshadowProductionEnvironments=<new value>)
plus a touched source file, with and without Ushadow.Build, interleaved, medians of N runs each, printed as
a ratio (with / without). Measured twice: with the compiler server warm (the default: VBCSCompiler keeps the
generator loaded) and cold (-p:UseSharedCompilation=false: csc loads and JITs the generator every build).
Not a test: run it by hand.

Usage: python3 build/bench/resolution_build.py [runs] [--summary]   (default 7 runs)
"""
import os, re, sys
from consumers import Consumers, VARIANTS, report

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
RUNS = int(ARGS[0]) if ARGS else 7
SUMMARY = "--summary" in sys.argv
SHOWN = r"ms\s+(Csc|ResolveUshadowEnvironment|_UshadowRun|_UshadowWriteInputs|_UshadowReadRecordedValues|CoreCompile)\s"

with Consumers() as consumers:
    def build(variant, i, extra, node_reuse=False):
        os.utime(os.path.join(consumers.projects[variant], "Program.cs"))
        return consumers.build(variant, f"-p:UshadowProductionEnvironments=run{i}", *extra, node_reuse=node_reuse)

    # Explicit both ways: an environment may set UseSharedCompilation (this project's machines set it to false).
    # The third mode is the dotnet CLI's defaults: MSBuild nodes and the compiler server both stay alive.
    for mode, extra, reuse in (("warm compiler server (UseSharedCompilation=true)", ["-p:UseSharedCompilation=true"], False),
                               ("cold (UseSharedCompilation=false)", ["-p:UseSharedCompilation=false"], False),
                               ("the CLI's defaults (node reuse and compiler server)", ["-p:UseSharedCompilation=true"], True)):
        for variant in VARIANTS:   # warm-up: JIT caches, disk, and in warm mode the server itself
            build(variant, "warmup", extra, reuse)
        times = {variant: [] for variant in VARIANTS}
        for i in range(RUNS):
            for variant in VARIANTS:   # interleaved, so drift hits both alike
                times[variant].append(build(variant, i, extra, reuse)[0])
        print(f"== {mode}")
        report("build with a changed input", times)
        if SUMMARY:
            for variant in VARIANTS:
                _, out = build(variant, "summary", extra + ["-clp:PerformanceSummary"], reuse)
                lines = [l.strip() for l in out.splitlines() if re.search(SHOWN, l)]
                print(f"   {variant}: " + "; ".join(lines))
