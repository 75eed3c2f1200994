#!/usr/bin/env python3
"""The everyday cost: an edit build. A touched source file and no input change, with and without Ushadow.Build,
interleaved, medians of N runs each, printed as a ratio (with / without). The package's task is skipped as up to date
and the generator's output is cached, so what remains is the targets' bookkeeping and compiling the generated file.
Measured with the compiler server warm (UseSharedCompilation=true) and cold (false: this machine's default, csc loads
and JITs the generator on every build). Not a test: run it by hand.

Usage: python3 build/bench/edit_build.py [runs] [--summary]   (default 9 runs)
"""
import os, re, sys
from consumers import Consumers, VARIANTS, report

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
RUNS = int(ARGS[0]) if ARGS else 9
SUMMARY = "--summary" in sys.argv
SHOWN = r"ms\s+(Csc|ResolveUshadowEnvironment|_UshadowRun|_UshadowWriteInputs|_UshadowReadRecordedValues|CoreCompile)\s"

with Consumers() as consumers:
    def build(variant, extra):
        os.utime(os.path.join(consumers.projects[variant], "Program.cs"))
        return consumers.build(variant, *extra)

    for mode, extra in (("warm compiler server (UseSharedCompilation=true)", ["-p:UseSharedCompilation=true"]),
                        ("cold (UseSharedCompilation=false)", ["-p:UseSharedCompilation=false"])):
        for variant in VARIANTS:   # warm-up: JIT caches, disk, and in warm mode the server itself
            build(variant, extra)
        times = {variant: [] for variant in VARIANTS}
        for _ in range(RUNS):
            for variant in VARIANTS:   # interleaved, so drift hits both alike
                times[variant].append(build(variant, extra)[0])
        print(f"== {mode}")
        report("edit build (touched Program.cs)", times)
        if SUMMARY:
            for variant in VARIANTS:
                _, out = build(variant, extra + ["-clp:PerformanceSummary"])
                lines = [l.strip() for l in out.splitlines() if re.search(SHOWN, l)]
                print(f"   {variant}: " + "; ".join(lines))
