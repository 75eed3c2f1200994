#!/usr/bin/env python3
"""Cost of a build whose resolution runs: a changed input (-p:UshadowProductionEnvironments=<new value>)
plus a touched source file, with and without Ushadow.Build, interleaved, medians of N runs each, printed as
a ratio (with / without). Measured twice: with the compiler server warm (the default: VBCSCompiler keeps the
generator loaded) and cold (-p:UseSharedCompilation=false: csc loads and JITs the generator every build).
Not a test: run it by hand.

Usage: python3 build/bench/resolution_build.py [runs] [--summary]   (default 7 runs)
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
RUNS = int(ARGS[0]) if ARGS else 7
SUMMARY = "--summary" in sys.argv

def run(args, cwd, env):
    result = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}")
    return result.stdout

def main():
    work = tempfile.mkdtemp(prefix="ushadow-bench-")
    try:
        env = dict(os.environ, MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0", DOTNET_NOLOGO="1",
                   HOME=os.path.join(work, "home"), NUGET_PACKAGES=os.path.join(work, "packages"),
                   DOTNET_CLI_HOME=os.path.join(work, "dotnet-home"))
        for name in ("ENV_NAME", "DATABASE_MODE", "SHARED_DATABASE_NAME", "PORT_OFFSET", "USHADOW_STATE_DIR", "USHADOW_LAUNCHER_SETTINGS"):
            env.pop(name, None)
        feed = os.path.join(work, "feed")
        version = "0.1.0-bench." + time.strftime("%Y%m%d%H%M%S")
        run(["dotnet", "pack", os.path.join(ROOT, "src", "Ushadow.Build", "Ushadow.Build.csproj"), "-c", "Release",
             "-o", feed, f"-p:Version={version}", "-nodeReuse:false", "-v:q"], ROOT, dict(os.environ))
        with open(os.path.join(work, "nuget.config"), "w") as f:
            f.write(f'<configuration><packageSources><clear /><add key="feed" value="{feed}" />'
                    '<add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>')
        for name in ("Directory.Build.props", "Directory.Packages.props"):
            with open(os.path.join(work, name), "w") as f:
                f.write("<Project />")
        projects = {}
        for variant in ("without", "with"):
            folder = os.path.join(work, variant)
            os.makedirs(folder)
            reference = f'<ItemGroup><PackageReference Include="Ushadow.Build" Version="{version}" PrivateAssets="all" /></ItemGroup>' if variant == "with" else ""
            with open(os.path.join(folder, "App.csproj"), "w") as f:
                f.write('<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType>'
                        '<TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings>'
                        f'<UshadowEnvName>bench</UshadowEnvName></PropertyGroup>{reference}</Project>')
            with open(os.path.join(folder, "Program.cs"), "w") as f:
                f.write('Console.WriteLine("bench");\n')
            run(["dotnet", "build", "-nodeReuse:false", "-v:q"], folder, env)   # restore + first build
            projects[variant] = folder

        def build(variant, i, extra):
            os.utime(os.path.join(projects[variant], "Program.cs"))
            start = time.perf_counter()
            out = run(["dotnet", "build", "--no-restore", "-nodeReuse:false", "-v:q",
                       f"-p:UshadowProductionEnvironments=run{i}", *extra], projects[variant], env)
            return time.perf_counter() - start, out

        for mode, extra in (("warm compiler server", []), ("cold (UseSharedCompilation=false)", ["-p:UseSharedCompilation=false"])):
            for variant in ("without", "with"):   # warm-up: JIT caches, disk, and in warm mode the server itself
                build(variant, "warmup", extra)
            times = {"without": [], "with": []}
            for i in range(RUNS):
                for variant in ("without", "with"):   # interleaved, so drift hits both alike
                    times[variant].append(build(variant, i, extra)[0])
            med = {k: statistics.median(v) for k, v in times.items()}
            print(f"== {mode}")
            for variant in ("without", "with"):
                print(f"build with a changed input {variant:>7} Ushadow.Build: median {med[variant]*1000:7.0f} ms  "
                      f"(min {min(times[variant])*1000:.0f}, max {max(times[variant])*1000:.0f}, n={RUNS})")
            print(f"ratio with/without: {med['with'] / med['without']:.3f}")
            if SUMMARY:
                for variant in ("without", "with"):
                    _, out = build(variant, "summary", extra + ["-clp:PerformanceSummary"])
                    lines = [l.strip() for l in out.splitlines()
                             if re.search(r"\b(Csc|ResolveUshadowEnvironment|_UshadowRun|_UshadowWriteInputs|_UshadowReadRecordedValues|CoreCompile|GenerateMSBuildEditorConfigFileCore)\s*$", l)]
                    print(f"   {variant}: " + "; ".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
