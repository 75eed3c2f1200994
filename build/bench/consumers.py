"""What the build benchmarks share: pack Ushadow.Build into a temp feed with a fresh version, make two
identical net10.0 console projects, one with and one without the package, in an isolated HOME and NuGet cache,
and report medians of interleaved runs as a ratio against the project without the package."""
import os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VARIANTS = ("without", "with")

def run(args, cwd, env):
    result = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}")
    return result.stdout

# An Aspire AppHost (noop_build.py --apphost): the versions the feed serves here (README, With .NET Aspire).
APPHOST_PROJECT = ('<Project Sdk="Aspire.AppHost.Sdk/13.6.4"><PropertyGroup><OutputType>Exe</OutputType>'
                   '<TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><NoWarn>ASPIRE010</NoWarn>'
                   '<UshadowEnvName>bench</UshadowEnvName></PropertyGroup><ItemGroup>'
                   '<PackageReference Include="Aspire.Hosting.AppHost" Version="13.6.5" />'
                   '<PackageReference Include="Polly.Core" Version="8.8.0" />'
                   '<PackageReference Include="Nerdbank.MessagePack" Version="1.3.88" /></ItemGroup>{reference}</Project>')

class Consumers:
    """`with Consumers() as c:` gives c.env (the build environment) and c.projects[variant] (folders), restored and built once.
    `Consumers(apphost=True)`: two Aspire AppHosts instead, "with" also on Ushadow.Aspire.Hosting and calling AddUshadowEnvironment()."""

    def __init__(self, apphost=False):
        self.apphost = apphost

    def __enter__(self):
        self.work = tempfile.mkdtemp(prefix="ushadow-bench-")
        self.env = dict(os.environ, MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0", DOTNET_NOLOGO="1",
                        HOME=os.path.join(self.work, "home"), NUGET_PACKAGES=os.path.join(self.work, "packages"),
                        DOTNET_CLI_HOME=os.path.join(self.work, "dotnet-home"))
        for name in ("ENV_NAME", "DATABASE_MODE", "SHARED_DATABASE_NAME", "PORT_OFFSET", "USHADOW_STATE_DIR", "USHADOW_LAUNCHER_SETTINGS"):
            self.env.pop(name, None)
        feed = os.path.join(self.work, "feed")
        version = "0.1.0-bench." + time.strftime("%Y%m%d%H%M%S")
        for package in ("Ushadow.Build", "Ushadow.Aspire.Hosting") if self.apphost else ("Ushadow.Build",):
            run(["dotnet", "pack", os.path.join(ROOT, "src", package, package + ".csproj"), "-c", "Release",
                 "-o", feed, f"-p:Version={version}", "-nodeReuse:false", "-v:q"], ROOT, dict(os.environ))
        with open(os.path.join(self.work, "nuget.config"), "w") as f:
            f.write(f'<configuration><packageSources><clear /><add key="feed" value="{feed}" />'
                    '<add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>')
        for name in ("Directory.Build.props", "Directory.Packages.props"):
            with open(os.path.join(self.work, name), "w") as f:
                f.write("<Project />")
        self.projects = {}
        for variant in VARIANTS:
            folder = os.path.join(self.work, variant)
            os.makedirs(folder)
            reference = f'<ItemGroup><PackageReference Include="Ushadow.Build" Version="{version}" PrivateAssets="all" /></ItemGroup>' if variant == "with" else ""
            if self.apphost:
                if variant == "with":
                    reference = reference.replace("</ItemGroup>", f'<PackageReference Include="Ushadow.Aspire.Hosting" Version="{version}" /></ItemGroup>')
                project = APPHOST_PROJECT.format(reference=reference)
                program = ("var builder = DistributedApplication.CreateBuilder(args);\n"
                           + ("builder.AddUshadowEnvironment();\n" if variant == "with" else "")
                           + "builder.Build().Run();\n")
            else:
                project = ('<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType>'
                           '<TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings>'
                           f'<UshadowEnvName>bench</UshadowEnvName></PropertyGroup>{reference}</Project>')
                program = 'Console.WriteLine("bench");\n'
            with open(os.path.join(folder, "App.csproj"), "w") as f:
                f.write(project)
            with open(os.path.join(folder, "Program.cs"), "w") as f:
                f.write(program)
            run(["dotnet", "build", "-nodeReuse:false", "-v:q"], folder, self.env)   # restore + first build
            self.projects[variant] = folder
        return self

    def build(self, variant, *arguments, node_reuse=False):
        """Times one `dotnet build --no-restore` of a variant; returns (seconds, output). Without node reuse by
        default (every build a fresh MSBuild node: the task's cold start every time)."""
        env = dict(self.env)
        if node_reuse:
            env.pop("MSBUILDDISABLENODEREUSE", None)
        start = time.perf_counter()
        out = run(["dotnet", "build", "--no-restore", f"-nodeReuse:{str(node_reuse).lower()}", "-v:q", *arguments], self.projects[variant], env)
        return time.perf_counter() - start, out

    def __exit__(self, *_):
        shutil.rmtree(self.work, ignore_errors=True)

def report(label, times):
    """Prints the medians of {variant: [seconds]} (runs interleaved, run i of each variant side by side), the ratio of
    the medians with/without, and the median of the runs' pairwise ratios, which a drift in the machine's speed during
    the benchmark moves less (this 2-core VM's single runs spread by 10-30 %)."""
    med = {k: statistics.median(v) for k, v in times.items()}
    for variant in VARIANTS:
        print(f"{label} {variant:>7} Ushadow.Build: median {med[variant]*1000:7.0f} ms  "
              f"(min {min(times[variant])*1000:.0f}, max {max(times[variant])*1000:.0f}, n={len(times[variant])})")
    paired = statistics.median(w / wo for w, wo in zip(times["with"], times["without"]))
    print(f"ratio with/without: {med['with'] / med['without']:.3f} (median of the pairwise ratios: {paired:.3f})")
