#!/usr/bin/env bash
# Fuzzes the .env and secrets.yaml editors against python-dotenv, YamlDotNet and PyYAML (build/fuzz/README.md).
#   build/fuzz/run.sh [env|secrets|all] [--cases N] [--seed S] [--replay SEED] [--minimize SEED] [--verbose]
# Full run by default: 100,000 .env and 20,000 secrets.yaml cases from a random seed (printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
/usr/bin/python3 -c 'import dotenv, yaml' 2>/dev/null || {
  echo "The oracle needs Debian's python3-dotenv and python3-yaml: apt-get install -y python3-dotenv python3-yaml" >&2; exit 2; }
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
out=$(dotnet build build/fuzz/Ushadow.Fuzz.csproj -c Release -v:q -nologo -nodeReuse:false 2>&1) || { echo "$out" >&2; exit 1; }
exec dotnet build/fuzz/bin/Release/net10.0/Ushadow.Fuzz.dll "$@"
