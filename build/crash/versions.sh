#!/usr/bin/env bash
# Versions side by side: builds the registry probe twice, as this version and as a "next" one (the same source with
# UshadowSimulateNextRegistryFormat=true and Version 0.2.0-next: it writes one extra field on every registry entry
# and one extra entry kind), into separate artifact folders; then two worktrees provision alternately with each, and
# a registry of format 3 must get USH1020 naming both versions.
# Usage: build/crash/versions.sh [--rounds R] [--keep]
set -euo pipefail
cd "$(dirname "$0")/../.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
next=$(mktemp -d "${TMPDIR:-/tmp}/ushadow-next.XXXXXX")
trap 'rm -rf "$next"' EXIT
dotnet build tests/Ushadow.Core.RegistryProbe -c Release -nodeReuse:false -v:q -clp:ErrorsOnly >&2
dotnet build tests/Ushadow.Core.RegistryProbe -c Release -nodeReuse:false -v:q -clp:ErrorsOnly \
  --artifacts-path "$next" -p:UshadowSimulateNextRegistryFormat=true -p:Version=0.2.0-next >&2
dll=$(find "$next/bin" -name Ushadow.Core.RegistryProbe.dll | head -1)
dotnet tests/Ushadow.Core.RegistryProbe/bin/Release/net10.0/Ushadow.Core.RegistryProbe.dll versions --next "$dll" "$@"
