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

# The Windows lane: the core's tests and the ushadow tool, published for win-x64, under Wine (SPEC §11).
lane_log=$(mktemp)
set +e
bash build/windows-lane.sh 2>&1 | tee "$lane_log"
lane_status=${PIPESTATUS[0]}
set -e
[ "$lane_status" -eq 0 ] || status=1

# One closing line for the whole run: 'N passed, N failed, N skipped' (sums over the test assemblies and the lane).
count() { grep -oE "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}' || true; }
lane_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$lane_log" | tail -1 || true)
lane() { echo "$lane_line" | grep -oE "[0-9]+ $1" | awk '{s+=$1} END {print s+0}'; }
lane_failed=$(lane failed); [ -n "$lane_line" ] || lane_failed=1   # a lane that ended without its line counts as a failure
echo "$(( $(count Passed) + $(lane passed) )) passed, $(( $(count Failed) + lane_failed )) failed, $(( $(count Skipped) + $(lane skipped) )) skipped"
rm -f "$log" "$lane_log"
exit "$status"
