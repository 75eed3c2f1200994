#!/usr/bin/env bash
# The main job (README, set-up command 1): pack Ushadow.Build, build the sample backend with it, run it.
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

dotnet pack -c Release -o nuget/local -nodeReuse:false -v:q
rm -rf samples/.packages/ushadow.build   # always consume the package just packed

echo "== dotnet build samples/SampleBackend (what Ushadow.Build resolved, and from where)"
dotnet build samples/SampleBackend -nodeReuse:false -v:n "$@" | grep -E 'Ushadow:|warning USH|error USH|error|Build succeeded' | sed 's/^ *//' | sort -u
echo "== samples/SampleBackend/.env"
grep -E '^(ENV_NAME|COMPOSE_PROJECT_NAME|DATABASE_MODE|MONGODB_DATABASE|REDIS_DATABASE)=' samples/SampleBackend/.env
echo "== dotnet run"
dotnet run --project samples/SampleBackend --no-build
