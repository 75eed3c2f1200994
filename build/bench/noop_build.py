#!/usr/bin/env python3
"""No-op `dotnet build` cost of Ushadow.Build: the same console project with and without the package,
interleaved, medians of N runs each, printed as a ratio (with / without). Not a test: run it by hand.

With --apphost, two .NET Aspire AppHosts instead: "with" also references Ushadow.Aspire.Hosting and calls
AddUshadowEnvironment(), "without" references neither.

Usage: python3 build/bench/noop_build.py [runs] [--apphost]   (default 15)
"""
import sys
from consumers import Consumers, VARIANTS, report

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
RUNS = int(ARGS[0]) if ARGS else 15
APPHOST = "--apphost" in sys.argv

with Consumers(apphost=APPHOST) as consumers:
    for variant in VARIANTS:
        consumers.build(variant)   # warm: the second build of each is already a no-op
    times = {variant: [] for variant in VARIANTS}
    for _ in range(RUNS):
        for variant in VARIANTS:   # interleaved, so drift hits both alike
            times[variant].append(consumers.build(variant)[0])
    report("AppHost no-op build" if APPHOST else "no-op build", times)
