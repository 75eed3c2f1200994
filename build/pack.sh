#!/usr/bin/env bash
# Packs Ushadow.Build into nuget/local (same as `dotnet pack -c Release -o nuget/local` at the root).
set -euo pipefail
cd "$(dirname "$0")/.."
MSBUILDDISABLENODEREUSE=1 dotnet pack -c Release -o nuget/local -nodeReuse:false -v:m "$@"
