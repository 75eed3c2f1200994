#!/usr/bin/env python3
"""Wall time of `ushadow explain` on a consumer project, next to `dotnet build -v:q` of the same project (a
no-op build, and a build whose resolution runs), medians of N interleaved runs. The tool is the one built in
src/Ushadow.Cli (Release, net10.0): build the solution first. Not a test: run it by hand.

Usage: python3 build/bench/explain.py [runs]   (default 7)
"""
import os, statistics, sys, time
from consumers import Consumers, ROOT, run

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
TOOL = os.path.join(ROOT, "src", "Ushadow.Cli", "bin", "Release", "net10.0", "ushadow.dll")
if not os.path.exists(TOOL):
    sys.exit(f"{TOOL} is missing: dotnet build Ushadow.Build.sln -c Release")

with Consumers() as consumers:
    project = consumers.projects["with"]
    def explain():
        start = time.perf_counter()
        run(["dotnet", TOOL, "explain", "--project", project], project, consumers.env)
        return time.perf_counter() - start
    def changed(i):
        os.utime(os.path.join(project, "Program.cs"))
        return consumers.build("with", f"-p:UshadowProductionEnvironments=run{i}")[0]
    explain(); consumers.build("with")   # warm-up
    times = {"ushadow explain": [], "dotnet build -v:q (no-op)": [], "dotnet build -v:q (resolution runs)": []}
    for i in range(RUNS):
        times["ushadow explain"].append(explain())
        times["dotnet build -v:q (no-op)"].append(consumers.build("with")[0])
        times["dotnet build -v:q (resolution runs)"].append(changed(i))
    base = statistics.median(times["dotnet build -v:q (no-op)"])
    for label, values in times.items():
        median = statistics.median(values)
        print(f"{label:<36} median {median*1000:7.0f} ms  (min {min(values)*1000:.0f}, max {max(values)*1000:.0f}, n={RUNS})  ratio to no-op build {median / base:.2f}")
