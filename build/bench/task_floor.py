#!/usr/bin/env python3
"""What loading a package's own task costs at all: the floor under resolution_build.py's ratio.

Two net10.0 console projects, one plain and one that runs an empty task (a net8.0 assembly of its own, compiled
against Microsoft.Build.Utilities.Core 17.8 like the package's task) before CoreCompile in every build. Each build
touches Program.cs; interleaved, medians of N, ratio task/plain, with the compiler server warm. A fresh MSBuild
process every build (no node reuse), as in resolution_build.py. Not a test: run it by hand on a quiet machine.

Usage: python3 build/bench/task_floor.py [runs]   (default 15)
"""
import os, shutil, statistics, sys, tempfile, time
from consumers import run

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
work = tempfile.mkdtemp(prefix="ushadow-taskfloor-")
env = dict(os.environ, MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0", DOTNET_NOLOGO="1")
try:
    for name in ("Directory.Build.props", "Directory.Packages.props"):
        with open(os.path.join(work, name), "w") as f:
            f.write("<Project />")
    task = os.path.join(work, "EmptyTask")
    os.makedirs(task)
    with open(os.path.join(task, "EmptyTask.csproj"), "w") as f:
        f.write('<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>'
                '<ItemGroup><PackageReference Include="Microsoft.Build.Utilities.Core" Version="17.8.43" ExcludeAssets="runtime" />'
                '</ItemGroup></Project>')
    with open(os.path.join(task, "Empty.cs"), "w") as f:
        f.write('namespace EmptyTask;\n/// <summary>Does nothing but log one line.</summary>\n'
                'public sealed class Empty : Microsoft.Build.Utilities.Task { public string? Value { get; set; }\n'
                '  [Microsoft.Build.Framework.Output] public string? Result { get; set; }\n'
                '  public override bool Execute() { Result = Value; Log.LogMessage("empty"); return true; } }\n')
    run(["dotnet", "build", "-c", "Release", "-nodeReuse:false", "-v:q"], task, env)
    dll = os.path.join(task, "bin", "Release", "net8.0", "EmptyTask.dll")
    projects = {}
    for variant in ("plain", "task"):
        folder = os.path.join(work, variant)
        os.makedirs(folder)
        extra = (f'<UsingTask TaskName="EmptyTask.Empty" AssemblyFile="{dll}" />'
                 '<Target Name="RunEmpty" BeforeTargets="CoreCompile"><Empty Value="$(MSBuildProjectName)">'
                 '<Output TaskParameter="Result" PropertyName="EmptyResult" /></Empty></Target>') if variant == "task" else ""
        with open(os.path.join(folder, "App.csproj"), "w") as f:
            f.write('<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType>'
                    f'<TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>{extra}</Project>')
        with open(os.path.join(folder, "Program.cs"), "w") as f:
            f.write('Console.WriteLine("bench");\n')
        run(["dotnet", "build", "-nodeReuse:false", "-v:q"], folder, env)
        projects[variant] = folder

    def build(variant):
        os.utime(os.path.join(projects[variant], "Program.cs"))
        start = time.perf_counter()
        run(["dotnet", "build", "--no-restore", "-nodeReuse:false", "-v:q", "-p:UseSharedCompilation=true"], projects[variant], env)
        return time.perf_counter() - start

    for variant in projects:   # warm-up
        build(variant)
    times = {variant: [] for variant in projects}
    for _ in range(RUNS):
        for variant in projects:
            times[variant].append(build(variant))
    med = {k: statistics.median(v) for k, v in times.items()}
    for variant in projects:
        print(f"edit build, {variant:>5}: median {med[variant]*1000:7.0f} ms  (min {min(times[variant])*1000:.0f}, max {max(times[variant])*1000:.0f}, n={RUNS})")
    print(f"ratio task/plain: {med['task'] / med['plain']:.3f}")
finally:
    shutil.rmtree(work, ignore_errors=True)
