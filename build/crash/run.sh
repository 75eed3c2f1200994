#!/usr/bin/env bash
# Crash injection, full size: SIGKILLs provisioning and settings processes 300 times (stop points and random delays)
# and checks every file after each kill and after the next build. Prints "kills N, failures F".
# Usage: build/crash/run.sh [--kills N] [--seed S] [--keep]   (a random seed unless given; it is printed)
set -euo pipefail
cd "$(dirname "$0")/../.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build tests/Ushadow.Core.RegistryProbe -c Release -nodeReuse:false -v:q -clp:ErrorsOnly >&2
args=("$@"); [[ " $* " == *" --kills "* ]] || args=(--kills 300 "${args[@]}")
exec dotnet tests/Ushadow.Core.RegistryProbe/bin/Release/net10.0/Ushadow.Core.RegistryProbe.dll crash "${args[@]}"
