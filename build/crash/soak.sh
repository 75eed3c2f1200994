#!/usr/bin/env bash
# Concurrency soak, full size: 5 rounds of 30 provisioning processes started together across 10 environments, with
# 2 'env create' and 2 'env remove' (core level) mixed into each round. Reports lock timeouts, duplicate Redis
# numbers and port offsets, failures and the longest lock wait.
# Usage: build/crash/soak.sh [--rounds R] [--procs P] [--envs E] [--keep]
set -euo pipefail
cd "$(dirname "$0")/../.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build tests/Ushadow.Core.RegistryProbe -c Release -nodeReuse:false -v:q -clp:ErrorsOnly >&2
exec dotnet tests/Ushadow.Core.RegistryProbe/bin/Release/net10.0/Ushadow.Core.RegistryProbe.dll soak --rounds 5 --procs 30 --envs 10 "$@"
