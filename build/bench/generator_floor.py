#!/usr/bin/env python3
"""What loading a source generator at all costs in an edit build: the floor under edit_build.py's cold ratio.

Three projects, each build touching Program.cs (no input of the package changes), interleaved, medians of N, ratios to
"without": "without" (no package), "floor" (the same project with a minimal incremental generator of its own as an
analyzer, built like the package's generator: netstandard2.0 against Roslyn 4.8; it reads one analyzer-config property
and adds a one-line file) and "with" (Ushadow.Build). Cold (-p:UseSharedCompilation=false: csc loads and JITs every
generator on every build), and warm. A fresh MSBuild process every build. Not a test: run it by hand on a quiet machine.

Usage: python3 build/bench/generator_floor.py [runs]   (default 9)
"""
import os, shutil, statistics, sys
from consumers import Consumers, run

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9
ORDER = ("without", "floor", "with")

with Consumers() as consumers:
    generator = os.path.join(consumers.work, "FloorGenerator")
    os.makedirs(generator)
    with open(os.path.join(generator, "FloorGenerator.csproj"), "w") as f:
        f.write('<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>netstandard2.0</TargetFramework>'
                '<LangVersion>latest</LangVersion><EnforceExtendedAnalyzerRules>true</EnforceExtendedAnalyzerRules></PropertyGroup>'
                '<ItemGroup><PackageReference Include="Microsoft.CodeAnalysis.CSharp" Version="4.8.0" PrivateAssets="all" /></ItemGroup></Project>')
    with open(os.path.join(generator, "Floor.cs"), "w") as f:
        f.write('using Microsoft.CodeAnalysis;\nnamespace FloorGenerator;\n[Generator(LanguageNames.CSharp)]\n'
                'public sealed class Floor : IIncrementalGenerator {\n'
                '  public void Initialize(IncrementalGeneratorInitializationContext context) {\n'
                '    var name = context.AnalyzerConfigOptionsProvider.Select(static (p, _) =>\n'
                '      p.GlobalOptions.TryGetValue("build_property.RootNamespace", out var v) ? v : "");\n'
                '    context.RegisterSourceOutput(name, static (c, n) =>\n'
                '      c.AddSource("Floor.g.cs", "internal static class Floor { public const string Name = \\"" + n + "\\"; }\\n"));\n'
                '  }\n}\n')
    run(["dotnet", "build", "-c", "Release", "-nodeReuse:false", "-v:q"], generator, consumers.env)
    dll = os.path.join(generator, "bin", "Release", "netstandard2.0", "FloorGenerator.dll")
    floor = os.path.join(consumers.work, "floor")
    shutil.copytree(consumers.projects["without"], floor, ignore=shutil.ignore_patterns("bin", "obj"))
    with open(os.path.join(floor, "App.csproj")) as f:
        project = f.read()
    with open(os.path.join(floor, "App.csproj"), "w") as f:
        f.write(project.replace("</Project>", f'<ItemGroup><Analyzer Include="{dll}" /></ItemGroup></Project>'))
    run(["dotnet", "build", "-nodeReuse:false", "-v:q"], floor, consumers.env)   # restore + first build
    consumers.projects["floor"] = floor

    def build(variant, extra):
        os.utime(os.path.join(consumers.projects[variant], "Program.cs"))
        return consumers.build(variant, *extra)[0]

    for mode, extra in (("cold (UseSharedCompilation=false)", ["-p:UseSharedCompilation=false"]),
                        ("warm compiler server (UseSharedCompilation=true)", ["-p:UseSharedCompilation=true"])):
        for variant in ORDER:   # warm-up
            build(variant, extra)
        times = {variant: [] for variant in ORDER}
        for _ in range(RUNS):
            for variant in ORDER:   # interleaved, so drift hits all alike
                times[variant].append(build(variant, extra))
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"== {mode}")
        for variant in ORDER:
            print(f"{variant:>7}: median {med[variant]*1000:7.0f} ms  (min {min(times[variant])*1000:.0f}, "
                  f"max {max(times[variant])*1000:.0f}, n={RUNS})  ratio to without {med[variant] / med['without']:.3f}")
