#!/usr/bin/env bash
# Times one Provision against the Redis registry (a redis-server it starts) next to the file registry, in Release.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec dotnet run -c Release --project "$here/Ushadow.Bench.Registry.csproj" -- "$@"
