#!/usr/bin/env python3
"""An edit build in Redis prefix mode next to one in database mode (README, Redis at team scale): two projects with
the package, one with <UshadowRedisIsolation>prefix</UshadowRedisIsolation> (file registry, so no server), each build
touching Program.cs only. The task is skipped as up to date in both; what may differ is the generated file (three
more non-empty constants) and the records the targets replay. Interleaved, medians of N runs each, ratio
prefix/database, with the compiler server warm. Not a test: run it by hand.

Usage: python3 build/bench/prefix_edit_build.py [runs]   (default 9 runs)
"""
import os, shutil, statistics, sys
from consumers import Consumers, run

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9

with Consumers() as consumers:
    database = consumers.projects["with"]
    prefix = os.path.join(consumers.work, "with-prefix")
    shutil.copytree(database, prefix, ignore=shutil.ignore_patterns("bin", "obj", ".env", "config"))
    project = os.path.join(prefix, "App.csproj")
    with open(project) as f:
        text = f.read()
    with open(project, "w") as f:
        f.write(text.replace("<UshadowEnvName>bench</UshadowEnvName>",
                             "<UshadowEnvName>prefixbench</UshadowEnvName><UshadowRedisIsolation>prefix</UshadowRedisIsolation>"))
    run(["dotnet", "build", "-nodeReuse:false", "-v:q"], prefix, consumers.env)   # restore + first build
    with open(os.path.join(prefix, ".env")) as f:
        assert "REDIS_ISOLATION=prefix" in f.read(), "the prefix project is not in prefix mode"
    consumers.projects["prefix"] = prefix

    def build(variant):
        os.utime(os.path.join(consumers.projects[variant], "Program.cs"))
        return consumers.build(variant, "-p:UseSharedCompilation=true")[0]

    variants = ("with", "prefix")
    for variant in variants:   # warm-up
        build(variant)
    times = {variant: [] for variant in variants}
    for _ in range(RUNS):
        for variant in variants:
            times[variant].append(build(variant))
    med = {k: statistics.median(v) for k, v in times.items()}
    paired = statistics.median(p / d for p, d in zip(times["prefix"], times["with"]))
    print(f"edit build, database mode: median {med['with']*1000:7.0f} ms (n={RUNS})")
    print(f"edit build, prefix mode:   median {med['prefix']*1000:7.0f} ms (n={RUNS})")
    print(f"ratio prefix/database: {med['prefix'] / med['with']:.3f} (median of the pairwise ratios: {paired:.3f})")
