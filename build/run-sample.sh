#!/usr/bin/env bash
# The main job (README, set-up command 1): pack Ushadow.Build, build the sample backend with it, run it.
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

dotnet pack -c Release -o nuget/local -nodeReuse:false -v:q
rm -rf samples/.packages/ushadow.build   # always consume the package just packed

echo "== dotnet build samples/SampleBackend (what Ushadow.Build resolved, and from where)"
dotnet build samples/SampleBackend -nodeReuse:false -v:n "$@" > /tmp/ushadow-sample-build.log || { cat /tmp/ushadow-sample-build.log; exit 1; }
grep -E 'Ushadow:|warning USH|error USH|: error |Build succeeded' /tmp/ushadow-sample-build.log | sed 's/^ *//' | awk '!seen[$0]++'
echo "== samples/SampleBackend/.env"
grep -E '^(ENV_NAME|COMPOSE_PROJECT_NAME|DATABASE_MODE|MONGODB_DATABASE|REDIS_DATABASE)=' samples/SampleBackend/.env
echo "== dotnet run"
# Show the Redis round trip when redis-server is installed: a throwaway server on a local port.
if [ -z "${REDIS_URL:-}" ] && command -v redis-server >/dev/null; then
  port=6391
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
  redis_pid=$!
  trap 'kill $redis_pid 2>/dev/null' EXIT
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export REDIS_URL="redis://127.0.0.1:$port"
fi
dotnet run --project samples/SampleBackend --no-build
