#!/usr/bin/env python3
"""No-op `dotnet build` cost of Ushadow.Build: the same console project with and without the package,
interleaved, medians of N runs each, printed as a ratio (with / without). Not a test: run it by hand.

Usage: python3 build/bench/noop_build.py [runs]   (default 15)
"""
import sys
from consumers import Consumers, VARIANTS, report

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15

with Consumers() as consumers:
    for variant in VARIANTS:
        consumers.build(variant)   # warm: the second build of each is already a no-op
    times = {variant: [] for variant in VARIANTS}
    for _ in range(RUNS):
        for variant in VARIANTS:   # interleaved, so drift hits both alike
            times[variant].append(consumers.build(variant)[0])
    report("no-op build", times)
