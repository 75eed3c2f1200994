#!/usr/bin/env bash
# Times one no-change Provision (a rebuild) with a registry of 1 vs. 1,000 environments, in Release.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec dotnet run -c Release --project "$here/Ushadow.Bench.Resolution.csproj" -- "$@"
