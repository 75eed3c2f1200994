#!/usr/bin/env bash
# Versions side by side with real packages and real builds: packs this version and a "next" one (the same source
# with UshadowSimulateNextRegistryFormat=true, which writes one extra field on every registry entry and one extra
# entry kind), then two environments build alternately with `dotnet build`, one on each package, against one
# registry. Every build must succeed and neither may drop the other's data. Finally a registry of format 3 must
# stop this version's build with USH1020 naming both versions. Prints "builds N, failures F".
# Usage: build/crash/versions-packed.sh [rounds]   (default 3; about 2 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
rounds=${1:-3}
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
unset CI TF_BUILD GITHUB_ACTIONS ContinuousIntegrationBuild ENV_NAME DATABASE_MODE SHARED_DATABASE_NAME PORT_OFFSET USHADOW_REGISTRY
work=$(mktemp -d "${TMPDIR:-/tmp}/ushadow-versions.XXXXXX")
# The "next" pack rebuilds the tasks with the simulation on: build them back as this version afterwards.
trap 'rm -rf "$work"; dotnet build "$repo/src/Ushadow.Build.Tasks" -c Release -v:q -clp:ErrorsOnly >/dev/null 2>&1 || true' EXIT
stamp=$(date +%s)
this="0.1.0-side.$stamp"
next="0.2.0-next.$stamp"
dotnet pack src/Ushadow.Build/Ushadow.Build.csproj -c Release -o "$work/feed" -p:Version="$this" -v:q -clp:ErrorsOnly
dotnet pack src/Ushadow.Build/Ushadow.Build.csproj -c Release -o "$work/feed" -p:Version="$next" -p:UshadowSimulateNextRegistryFormat=true -v:q -clp:ErrorsOnly

export HOME="$work/home" NUGET_PACKAGES="$work/packages" USHADOW_STATE_DIR="$work/state"
mkdir -p "$HOME"
consumer() { # folder environment version
  mkdir -p "$work/$1"
  cat > "$work/$1/nuget.config" <<XML
<configuration><packageSources><clear /><add key="local" value="$work/feed" /></packageSources></configuration>
XML
  cat > "$work/$1/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><UshadowEnvName>$2</UshadowEnvName></PropertyGroup>
  <ItemGroup><PackageReference Include="Ushadow.Build" Version="$3" PrivateAssets="all" /></ItemGroup>
</Project>
XML
  echo 'System.Console.WriteLine("consumer");' > "$work/$1/Program.cs"
}
consumer this-tree gold "$this"
consumer next-tree blue "$next"

builds=0 failures=0
check() { # after a build by $1: both entries, next's field and entry kind, all still there once next has written
  python3 - "$work/state/environments.json" "$1" <<'PY' || failures=$((failures + 1))
import json, sys
registry = json.load(open(sys.argv[1]))
entries = registry["environments"]
problems = []
for key in ("ushadow/gold", "ushadow/blue"):
    if key in entries and entries[key].get("kind", "environment") != "environment":
        problems.append(f"{key} changed kind")
if "ushadow/blue" in entries:  # next has written: its additions must survive whoever wrote last
    if entries.get("next/ushadow", {}).get("kind") != "port-reservation":
        problems.append("next's entry kind 'port-reservation' was dropped")
    for key in ("ushadow/gold", "ushadow/blue"):
        if key in entries and entries[key].get("docker_context") != "default":
            problems.append(f"next's field docker_context of {key} was dropped")
print(f"after {sys.argv[2]}: {len(entries)} entries, written by {registry.get('written_by')}" + ("; " + "; ".join(problems) if problems else ""))
sys.exit(1 if problems else 0)
PY
}
for round in $(seq 1 "$rounds"); do
  for tree in this-tree next-tree; do
    builds=$((builds + 1))
    # Switching the mode every round changes the entry, so each version really rewrites the registry.
    mode=$([[ $((round % 2)) -eq 1 ]] && echo shared || echo isolated)
    if ! DATABASE_MODE=$mode dotnet build "$work/$tree" -nodeReuse:false -v:q -clp:ErrorsOnly > "$work/build.log" 2>&1; then
      failures=$((failures + 1)); echo "round $round: $tree failed:"; cat "$work/build.log"
    fi
    check "round $round $tree ($mode)"
  done
done
for key in ENV_NAME REDIS_DATABASE PORT_OFFSET; do
  grep -h "^$key=" "$work/this-tree/.env" "$work/next-tree/.env" | tr '\n' ' '; echo
done

# A registry format this version does not know: refused with both versions named, and left as it is.
python3 - "$work/state/environments.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); r["version"] = 3; r["written_by"] = "Ushadow.Build 0.3.0"
json.dump(r, open(sys.argv[1], "w"), indent=2)
PY
before=$(sha256sum "$work/state/environments.json")
builds=$((builds + 1))
if dotnet build "$work/this-tree" -nodeReuse:false -v:q -clp:ErrorsOnly -p:UshadowProductionEnvironments=newer > "$work/build.log" 2>&1 \
   || ! grep -q "USH1020.*0.3.0.*0.1.0" "$work/build.log" || [[ $(sha256sum "$work/state/environments.json") != "$before" ]]; then
  failures=$((failures + 1)); echo "format 3 was not refused with USH1020 naming both versions:"; cat "$work/build.log"
else
  echo "format 3: $(grep -o 'error USH1020[^[]*' "$work/build.log" | head -1)"
fi
echo "builds $builds, failures $failures"
[[ $failures -eq 0 ]]
