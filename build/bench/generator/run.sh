#!/usr/bin/env bash
# Times the UshadowSettings generator (first run vs. cached rerun after an unrelated edit) in Release.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec dotnet run -c Release --project "$here/Ushadow.Build.Generator.Bench.csproj" -- "$@"
