#!/usr/bin/env python3
"""The floor under resolution_build.py: what compiling the generated UshadowSettings costs by itself.

A third project, "plain", is the project without the package plus the file the generator wrote for the "with" project,
added as an ordinary source file: no package, no task, no generator, only the code the generated class must hold (the
build-time constants; since the runtime packages, the run-time resolution is compiled once, in Ushadow.Hosting, and the
"with" project here references none). Each build touches Program.cs (and the "with" build gets a changed input, so its
task runs), interleaved, medians of N, with the compiler server warm and cold. plain/without is the part of with/without
that no change to the task or the generator can remove. Not a test: run it by hand on a quiet machine.

Usage: python3 build/bench/generated_code_floor.py [runs]   (default 7)
"""
import glob, os, shutil, statistics, sys
from consumers import Consumers, run

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
ORDER = ("without", "plain", "with")

with Consumers() as consumers:
    with_project = consumers.projects["with"]
    os.utime(os.path.join(with_project, "Program.cs"))   # so CoreCompile runs and writes the generated file out
    consumers.build("with", "-p:EmitCompilerGeneratedFiles=true")
    generated = glob.glob(os.path.join(with_project, "obj", "**", "UshadowSettings.g.cs"), recursive=True)
    if len(generated) != 1:
        sys.exit(f"expected one generated UshadowSettings.g.cs, found {generated}")
    plain = os.path.join(consumers.work, "plain")
    shutil.copytree(consumers.projects["without"], plain, ignore=shutil.ignore_patterns("bin", "obj"))
    shutil.copy(generated[0], os.path.join(plain, "UshadowSettings.cs"))
    run(["dotnet", "build", "-nodeReuse:false", "-v:q"], plain, consumers.env)   # restore + first build
    consumers.projects["plain"] = plain
    print(f"generated file: {sum(1 for _ in open(generated[0], encoding='utf-8-sig'))} lines")

    def build(variant, i, extra):
        os.utime(os.path.join(consumers.projects[variant], "Program.cs"))
        return consumers.build(variant, f"-p:UshadowProductionEnvironments=floor{i}", *extra)[0]

    for mode, extra in (("warm compiler server (UseSharedCompilation=true)", ["-p:UseSharedCompilation=true"]),
                        ("cold (UseSharedCompilation=false)", ["-p:UseSharedCompilation=false"])):
        for variant in ORDER:
            build(variant, "warmup", extra)
        times = {variant: [] for variant in ORDER}
        for i in range(RUNS):
            for variant in ORDER:   # interleaved, so drift hits all alike
                times[variant].append(build(variant, i, extra))
        print(f"== {mode}")
        base = statistics.median(times["without"])
        for variant in ORDER:
            median = statistics.median(times[variant])
            print(f"{variant:>7}: median {median * 1000:7.0f} ms  (min {min(times[variant]) * 1000:.0f}, "
                  f"max {max(times[variant]) * 1000:.0f}, n={RUNS})  ratio to without {median / base:.3f}")
