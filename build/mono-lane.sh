#!/usr/bin/env bash
# The Mono lane (docs/decisions.md, The Wine and Mono lanes): the package's net472 task, loaded under Mono from
# build/tasks/net472/ and driven as MSBuild would (tests/Ushadow.TaskHarness), must write .env, secrets.yaml, the
# registry and the shared keys byte for byte as the package's .NET task does, with the same diagnostics. Random secrets
# and times are masked, numbered so equal values stay equal; every other byte counts.
#
#   build/mono-lane.sh [--package <Ushadow.Build .nupkg, or a folder holding one>] [case...]
#
# Without --package it packs Ushadow.Build into a temporary folder. Ends with 'N passed, N failed, N skipped'
# (one per case) and exits non-zero when any case failed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

package=""
if [ "${1:-}" = "--package" ]; then
  package=${2:?--package needs a .nupkg or a folder}
  shift 2
fi

# Mono from Debian, as the README's test command installs redis-server.
if ! command -v mono >/dev/null 2>&1 || [ ! -e /usr/lib/mono/4.5/mscorlib.dll ]; then
  echo "Installing mono-complete ..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq mono-complete >/dev/null
fi

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
work=$(mktemp -d "${TMPDIR:-/tmp}/ushadow-mono-lane.XXXXXX")
trap 'rm -rf "$work"' EXIT
start=$(date +%s)

if [ -z "$package" ]; then
  dotnet pack src/Ushadow.Build/Ushadow.Build.csproj -c Release -o "$work/feed" -nodeReuse:false -v:q >"$work/pack.log" 2>&1 \
    || { cat "$work/pack.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  package="$work/feed"
fi
if [ -d "$package" ]; then
  package=$(ls -t "$package"/Ushadow.Build.[0-9]*.nupkg 2>/dev/null | head -n 1 || true)
fi
[ -f "$package" ] || { echo "No Ushadow.Build package found (--package)."; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
echo "package: $package"
mkdir -p "$work/package"
(cd "$work/package" && unzip -q "$package")
for tfm in net472 net8.0; do
  [ -f "$work/package/build/tasks/$tfm/Ushadow.Build.Tasks.dll" ] \
    || { echo "The package has no build/tasks/$tfm/Ushadow.Build.Tasks.dll."; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
done

dotnet build tests/Ushadow.TaskHarness/Ushadow.TaskHarness.csproj -c Release -nodeReuse:false -v:q >"$work/harness.log" 2>&1 \
  || { cat "$work/harness.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
harness=$repo/tests/Ushadow.TaskHarness/bin/Release

# Both runs use the same world folders one after the other, so paths in the records are the same.
set +e
mono "$harness/net472/Ushadow.TaskHarness.exe" "$work/package/build/tasks/net472" "$work/world" "$work/mono" "$@" >"$work/mono.log" 2>&1
mono_status=$?
dotnet "$harness/net8.0/Ushadow.TaskHarness.dll" "$work/package/build/tasks/net8.0" "$work/world" "$work/dotnet" "$@" >"$work/dotnet.log" 2>&1
dotnet_status=$?
set -e
head -n 1 "$work/mono.log"; head -n 1 "$work/dotnet.log"
if [ "$mono_status" -ne 0 ] || [ "$dotnet_status" -ne 0 ] || ! head -n 1 "$work/mono.log" | grep -q "tasks/net472/Ushadow.Build.Tasks.dll on Mono"; then
  echo "--- Mono harness (exit $mono_status)"; tail -n 40 "$work/mono.log"
  echo "--- .NET harness (exit $dotnet_status)"; tail -n 40 "$work/dotnet.log"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

passed=0; failed=0
for record in "$work/dotnet"/*/; do
  case_name=$(basename "$record")
  problem=""
  if [ ! -d "$work/mono/$case_name" ]; then
    problem="no record from Mono"
  elif grep -q "USH1000" "$work/mono/$case_name/log.txt" "$record/log.txt"; then
    problem="an unexpected failure (USH1000) was logged"   # two equal crashes are no pass
  elif [[ $case_name == refused-* ]] && ! grep -q "error USH1" "$record/log.txt"; then
    problem="a refused input built without an error"
  elif [[ $case_name != refused-* ]] && ! grep -q "^step .*: succeeded" "$record/log.txt"; then
    problem="the build failed"
  elif ! diff -r "$record" "$work/mono/$case_name" >"$work/diff.txt" 2>&1; then
    problem="Mono's net472 task wrote or logged other bytes than the .NET task:"
  fi
  if [ -z "$problem" ]; then
    passed=$((passed + 1)); echo "PASS $case_name"
  else
    failed=$((failed + 1)); echo "FAIL $case_name: $problem"
    [ -s "$work/diff.txt" ] && head -n 40 "$work/diff.txt"
    : >"$work/diff.txt"
  fi
done
echo "Mono lane: $((passed + failed)) cases in $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
