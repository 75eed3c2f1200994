#!/usr/bin/env bash
# The bad-input catalogue (tests/Ushadow.Build.Tests/BadInputTests.cs): every row is a real build or `ushadow`
# command given one bad input; each must end in its USH code naming the culprit and what is valid, exit != 0, and
# leave every file as it was. Prints each row's time and "N rows (... skipped as root) in S s".
# Usage: build/bad-input.sh   (CI runs the same test through build/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1
exec dotnet test tests/Ushadow.Build.Tests -c Release --filter "FullyQualifiedName~BadInputTests" \
  --logger "console;verbosity=detailed"
