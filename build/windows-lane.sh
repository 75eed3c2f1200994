#!/usr/bin/env bash
# The Windows lane (docs/decisions.md, The Wine and Mono lanes; README "Compatibility"): the core's tests and the
# `ushadow` tool, published self-contained for win-x64, run under Wine (Debian's wine64), where
# OperatingSystem.IsWindows() is true and Windows' sharing rules apply (a rename over a file another process holds open
# is refused).
#
#   bash build/windows-lane.sh            # everything below; prints 'N passed, N failed, N skipped' last
#
# Wine notes: wineserver inherits the standard output of the first Wine process, so Wine's output always goes
# to files here (never into a pipe, which would not end), and the lane ends with `wineserver -k`. The Wine
# prefix lives in a temp folder of its own (about 25 s to create) and is deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$SECONDS

# The tests left out under Wine, each with its reason: build/windows-lane.exclude.
exclusions=$repo/build/windows-lane.exclude

work=$(mktemp -d "${TMPDIR:-/tmp}/ushadow-windows-lane.XXXXXX")
export WINEPREFIX=$work/prefix WINEDEBUG=-all
# No Gecko/Mono install prompts, and no Wine debugger waiting on a crash (the lane must end). Never disable
# mscoree: the .NET host then cannot load the framework's assemblies.
export WINEDLLOVERRIDES="mshtml=;winedbg.exe=d"
# .NET 10 under Wine 8 is fragile: with W^X double mapping and tiered recompilation on, the runtime crashed now and
# then ("Internal CLR error", "Illegal instruction"), and with many threads a garbage collection could not suspend
# one ("SuspendThread failed with error 5"). So: both off, a large first generation (far fewer collections), and
# the tests one at a time (--serial). A test still running after --test-timeout ends the run, named, as failed.
export DOTNET_EnableWriteXorExecute=0 DOTNET_TieredCompilation=0 DOTNET_GCgen0size=0x10000000
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

if ! dpkg -s wine64 >/dev/null 2>&1; then
  echo "Installing wine64 ..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wine64 >/dev/null
fi
[ -x /usr/bin/redis-server ] || { echo "redis-server is missing (build/test.sh installs it)"; exit 1; }
wine=$(dpkg -L wine64 | grep -E '/wine64$' | head -1)
wineserver=$(dirname "$wine")/wineserver

redis_pid=""
cleanup() {
  "$wineserver" -k >/dev/null 2>&1 || true
  [ -z "$redis_pid" ] || kill "$redis_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0; failed=0; skipped=0
pass() { passed=$((passed + 1)); echo "  ok   $1"; }
fail() { failed=$((failed + 1)); echo "  FAIL $1"; [ $# -lt 2 ] || sed 's/^/       /' "$2" | head -20; }

echo "== publishing for win-x64 (self-contained) ..."
nice -n 10 dotnet publish tests/Ushadow.Core.Tests -c Release -r win-x64 --self-contained -p:UseAppHost=true \
  -nodeReuse:false -v:q -o "$work/core-tests" >"$work/publish-tests.log" 2>&1 || { cat "$work/publish-tests.log"; exit 1; }
nice -n 10 dotnet publish src/Ushadow.Cli -c Release -f net10.0 -r win-x64 --self-contained \
  -nodeReuse:false -v:q -o "$work/tool-windows" >"$work/publish-tool.log" 2>&1 || { cat "$work/publish-tool.log"; exit 1; }
nice -n 10 dotnet build src/Ushadow.Cli -c Release -f net10.0 -nodeReuse:false -v:q -o "$work/tool-linux" \
  >"$work/build-tool.log" 2>&1 || { cat "$work/build-tool.log"; exit 1; }
# Under Wine 8, .NET 10 never returns from reading an exception's stack trace with line numbers (a failing test,
# or an unhandled exception in the tool, would hang the lane instead of reporting): stack traces here go without.
without_line_numbers() {
  python3 - "$1" <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
config["runtimeOptions"].setdefault("configProperties", {})["System.Diagnostics.StackTrace.IsLineNumberSupported"] = False
json.dump(config, open(path, "w"), indent=2)
PY
}
without_line_numbers "$work/core-tests/Ushadow.Core.Tests.runtimeconfig.json"
without_line_numbers "$work/tool-windows/ushadow.runtimeconfig.json"

echo "== creating the Wine prefix ..."
timeout 300 nice -n 10 "$wine" wineboot --init >"$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log"; exit 1; }
"$wineserver" -p >/dev/null 2>&1 || true   # keep one wineserver for the whole lane (cleanup ends it)

echo "== the core's tests under Wine, less what build/windows-lane.exclude lists:"
grep -vE '^\s*(#|$)' "$exclusions" | sed 's/^/   excluded /'
# .NET 10 under Wine 8 cannot unwind some failing tests (Wine reports a stack overflow while dispatching the
# exception, and the test never ends): the runner names a test still running after --test-timeout as failed and
# stops, and this loop runs the rest again without it and without what already passed.
: >"$work/passed.txt"; : >"$work/hung.txt"
for round in $(seq 1 20); do
  set +e
  (cd "$work/core-tests" && timeout 1200 nice -n 10 "$wine" ./Ushadow.Core.Tests.exe --serial --test-timeout 60 \
    --exclude-file "$exclusions" --exclude-file "$work/passed.txt" --exclude-file "$work/hung.txt" \
    --passed-file "$work/passed.txt" >"$work/core-tests.$round.raw" 2>&1)
  core_status=$?
  set -e
  tr -d '\r' <"$work/core-tests.$round.raw" >"$work/core-tests.$round.log"   # Windows ends lines with CRLF
  grep -E "^  (FAILED|ERROR|skipped)|^      |^Ushadow.Core.Tests" "$work/core-tests.$round.log" | head -200 || true
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$work/core-tests.$round.log" | tail -1 || true)
  if [ -z "$summary" ]; then
    echo "  the test run ended without a summary (exit $core_status); its last lines:"
    tail -30 "$work/core-tests.$round.log"
    failed=$((failed + 1))
    break
  fi
  read -r p _ f _ s _ <<<"${summary//,/}"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  hung=$(sed -n 's/^HUNG //p' "$work/core-tests.$round.log")
  [ -n "$hung" ] || break
  echo "$hung" >>"$work/hung.txt"
  echo "  rerunning the rest without: $hung"
done
echo "  core tests under Wine: $passed passed, $failed failed, $skipped skipped"

echo "== the ushadow tool under Wine ..."
# Each side gets its own state and settings; both name this machine the same, so the JSON can be compared.
export USHADOW_HOST=windows-lane
win_tool() { # runs the Windows tool; output in $work/out.txt, exit status returned
  timeout 120 "$wine" "$work/tool-windows/ushadow.exe" "$@" >"$work/out.txt" 2>&1
}
linux_tool() { timeout 120 "$work/tool-linux/ushadow" "$@" >"$work/out-linux.txt" 2>&1; }
crlf_to_lf() { tr -d '\r' <"$1"; }
same_json() { # compares two --json outputs after Windows' CRLF line ends
  diff <(crlf_to_lf "$1") <(crlf_to_lf "$2") >"$work/diff.txt"
}
hold() { # hold <file> <seconds>: a Windows process opens the file for reading (others may read, not replace)
  : >"$work/hold.txt"
  (cd "$work/core-tests" && timeout 120 "$wine" ./Ushadow.Core.Tests.exe --hold "$1" "$2" >"$work/hold.txt" 2>&1) &
  hold_pid=$!
  for _ in $(seq 1 200); do grep -q holding "$work/hold.txt" && return 0; sleep 0.1; done
  echo "  the holder did not start:"; cat "$work/hold.txt"; return 1
}

mkdir -p "$work/win" "$work/linux"
win_settings=$work/win/settings.json; linux_settings=$work/linux/settings.json
set +e
win_tool --launcher-settings "$win_settings" settings set default_admin_email admin@example.com
status=$?; linux_tool --launcher-settings "$linux_settings" settings set default_admin_email admin@example.com
[ $status -eq 0 ] && pass "settings set (exit 0)" || fail "settings set exited $status" "$work/out.txt"

win_tool --launcher-settings "$win_settings" settings show --json; cp "$work/out.txt" "$work/show-win.json"
linux_tool --launcher-settings "$linux_settings" settings show --json
same_json "$work/show-win.json" "$work/out-linux.txt" && grep -q admin@example.com "$work/show-win.json" \
  && pass "settings show --json is Linux's" || fail "settings show --json differs from Linux's" "$work/diff.txt"

# A reader that lets go within the retry time: the change waits for it, then lands.
hold "$win_settings" 2
win_tool --launcher-settings "$win_settings" settings set default_admin_email waited@example.com; status=$?
wait "$hold_pid"
[ $status -eq 0 ] && grep -q waited@example.com "$win_settings" \
  && pass "settings set waits for a reader that lets go within the bound" || fail "settings set with a 2 s reader (exit $status)" "$work/out.txt"

# A reader that stays: USH1023 naming the file, exit 1, the settings unchanged, no temp file left.
before=$(cat "$win_settings")
hold "$win_settings" 30
win_tool --launcher-settings "$win_settings" settings set default_admin_email refused@example.com; status=$?
kill "$hold_pid" 2>/dev/null; wait "$hold_pid" 2>/dev/null
temps=$(find "$work/win" -name '*.tmp' | wc -l)
[ $status -eq 1 ] && grep -q USH1023 "$work/out.txt" && grep -q 'settings.json' "$work/out.txt" \
  && [ "$(cat "$win_settings")" = "$before" ] && [ "$temps" -eq 0 ] \
  && pass "settings set against a reader that stays: USH1023, file intact, no temp file" \
  || fail "settings set against a reader that stays (exit $status, $temps temp files)" "$work/out.txt"

# env list --json: the same registry for each tool, its roots as full paths of that side (Wine shows Linux's / as Z:\).
# The Windows output is compared with its roots spelled the Linux way.
mkdir -p "$work/state-windows" "$work/state-linux" "$work/roots/gold"
registry() { # registry <root folder as that side spells it> <separator>
  cat <<JSON
{
  "version": 2,
  "environments": {
    "ushadow/gold": { "kind": "environment", "app": "ushadow", "name": "gold", "root": "$1$2gold", "host": "windows-lane",
      "redis_database": 3, "database_mode": "shared", "mongodb_database": "ushadow", "port_offset": 40, "updated_at": "2026-01-31T12:00:00+00:00" },
    "ushadow/red": { "kind": "environment", "app": "ushadow", "name": "red", "root": "$1$2red", "host": "windows-lane",
      "redis_database": 4, "database_mode": "isolated", "mongodb_database": "ushadow_red", "port_offset": 50, "updated_at": "2026-01-31T12:00:00+00:00" }
  }
}
JSON
}
windows_roots="Z:${work//\//\\\\}\\\\roots"   # Z:\\tmp\\...\\roots in JSON
registry "$windows_roots" '\\' >"$work/state-windows/environments.json"
registry "$work/roots" / >"$work/state-linux/environments.json"
as_linux_paths() { tr -d '\r' <"$1" | sed -e 's#Z:\\\\#/#g' -e 's#\\\\#/#g' -e 's#Z:\\#/#g' -e 's#\\#/#g'; }
same_as_linux() { diff <(as_linux_paths "$1") <(tr -d '\r' <"$2") >"$work/diff.txt"; }
win_tool --state-dir "$work/state-windows" env list --json; status=$?; cp "$work/out.txt" "$work/list-win.json"
linux_tool --state-dir "$work/state-linux" env list --json
[ $status -eq 0 ] && same_as_linux "$work/list-win.json" "$work/out-linux.txt" && grep -q '"rootExists": false' "$work/list-win.json" \
  && pass "env list --json is Linux's" || fail "env list --json (exit $status) differs from Linux's" "$work/diff.txt"

# doctor against a loopback redis-server (Linux's), from the Windows tool.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
win_tool --state-dir "$work/state-windows" doctor --json --redis "redis://127.0.0.1:$port"; status=$?; cp "$work/out.txt" "$work/doctor-win.json"
linux_tool --state-dir "$work/state-linux" doctor --json --redis "redis://127.0.0.1:$port"; linux_status=$?
# red's root is missing: both find USH1042 and exit 1.
[ $status -eq 1 ] && [ $linux_status -eq 1 ] && same_as_linux "$work/doctor-win.json" "$work/out-linux.txt" && grep -q USH1042 "$work/doctor-win.json" \
  && pass "doctor --json over loopback redis is Linux's" || fail "doctor --json (exit $status, Linux $linux_status)" "$work/diff.txt"
kill "$redis_pid" 2>/dev/null; redis_pid=""
set -e

echo "== Windows lane: $((SECONDS - started)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
