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

# The Mono lane (SPEC §11): the packed net472 task under Mono writes what the .NET task writes (build/mono-lane.sh,
# which installs mono-complete when missing). Its counts join the closing line below; a failure fails the run.
set +e
bash build/mono-lane.sh 2>&1 | tee -a "$log"
mono_status=${PIPESTATUS[0]}
set -e
tail -n 1 "$log" | awk '/passed, .* failed, .* skipped/ {print "  Mono lane: Passed: " $1 ", Failed: " $3 ", Skipped: " $5}' >>"$log"
[ "$mono_status" -eq 0 ] || [ "$status" -ne 0 ] || status=$mono_status

# One closing line for the whole run: 'N passed, N failed, N skipped' (sums over the test assemblies).
count() { grep -oE "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}' || true; }
echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
rm -f "$log"
exit "$status"
