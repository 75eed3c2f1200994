#!/usr/bin/env bash
# The test command (README, set-up command 2). Installs what the tests need, then runs every test once.
set -euo pipefail
cd "$(dirname "$0")/.."

# Real parsers and a real Redis server from Debian: python3-dotenv, python3-yaml, docker-compose (v1, `config` needs no engine), redis-server; tmux.
missing=()
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/bin/docker-compose ] || missing+=(docker-compose)
[ -x /usr/bin/tmux ] || missing+=(tmux)   # the ushadow tool's confirmation is tested in a real terminal
/usr/bin/python3 -c 'import dotenv' 2>/dev/null || missing+=(python3-dotenv)
/usr/bin/python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)   # the fuzz oracle reads secrets.yaml with PyYAML
dpkg -s wine64 >/dev/null 2>&1 || missing+=(wine64)   # the Windows lane (build/windows-lane.sh) runs the core's tests and the tool under Wine
command -v mono >/dev/null 2>&1 || missing+=(mono-complete)   # the Mono lane (build/mono-lane.sh) runs the net472 task
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Task DLLs must not stay locked in reused build nodes between packing and consuming.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

dotnet build Ushadow.Build.sln -c Release -nodeReuse:false -v:m
log=$(mktemp)
set +e   # the summary below must print even when tests fail
dotnet test Ushadow.Build.sln -c Release --no-build -nodeReuse:false --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The two platform lanes (docs/decisions.md, The Wine and Mono lanes), after the main tests: the packed net472 task
# under Mono (build/mono-lane.sh) and the core's tests and the ushadow tool under Wine (build/windows-lane.sh). Each
# ends with its own 'N passed, N failed, N skipped' line, whose counts join the closing line below; a lane that fails,
# or ends without that line, fails the run.
run_lane() {
  local name=$1 script=$2 lane_log lane_status line
  lane_log=$(mktemp)
  set +e
  bash "$script" 2>&1 | tee "$lane_log"
  lane_status=${PIPESTATUS[0]}
  set -e
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$lane_log" | tail -1 || true)
  [ -n "$line" ] || { line="0 passed, 1 failed, 0 skipped"; lane_status=1; }
  echo "$line" | awk -v lane="$name" '{print "  " lane ": Passed: " $1 ", Failed: " $3 ", Skipped: " $5}' >>"$log"
  [ "$lane_status" -eq 0 ] || status=1
  rm -f "$lane_log"
}
run_lane "Mono lane" build/mono-lane.sh
run_lane "Windows lane" build/windows-lane.sh

# One closing line for the whole run: 'N passed, N failed, N skipped' (sums over the test assemblies and the lanes).
count() { grep -oE "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}' || true; }
echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
rm -f "$log"
exit "$status"
