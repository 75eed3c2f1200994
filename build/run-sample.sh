#!/usr/bin/env bash
# The main job (README, set-up command 1): three environments of the sample backend side by side, live.
#
# Packs Ushadow.Build, the runtime packages and the ushadow tool, starts a throwaway redis-server, copies the sample backend into a
# throwaway git repository and makes three linked worktrees of it with 'ushadow env create': gold and blue share
# one MongoDB database, red is isolated. Each is built (showing what was resolved and why) and run (proving its
# Redis database is its own), then 'ushadow env list' shows the picture. Everything lives in one temp folder,
# deleted at the end: the registry and launcher settings too, so your real ones are never touched.
# Extra arguments go to each 'dotnet build' (e.g. -p:UshadowRedisDatabaseCount=32).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# A real Redis server from Debian, installed the way build/test.sh installs its packages.
if [ ! -x /usr/bin/redis-server ]; then
  echo "Installing redis-server ..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq redis-server >/dev/null
fi

demo=$(mktemp -d "${TMPDIR:-/tmp}/ushadow-demo.XXXXXX")
redis_pid=""
cleanup() {
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  rm -rf "$demo"
}
trap cleanup EXIT

# Nothing reaches your real registry, launcher settings or environment variables.
export USHADOW_STATE_DIR="$demo/state" USHADOW_LAUNCHER_SETTINGS="$demo/launcher/settings.json"
unset ENV_NAME DATABASE_MODE SHARED_DATABASE_NAME PORT_OFFSET MONGODB_DATABASE REDIS_DATABASE USHADOW_REGISTRY \
  MONGODB_URI ConnectionStrings__mongodb ConnectionStrings__redis XDG_CONFIG_HOME CI

# A throwaway server on a free local port, persistence off.
port=6390
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
/usr/bin/redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >"$demo/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export REDIS_URL="redis://127.0.0.1:$port"

echo "== the demo lives in \$demo = $demo (deleted at the end), with a redis-server on 127.0.0.1:$port"
echo "== dotnet pack -c Release -o nuget/local (Ushadow.Build, the runtime packages and the ushadow tool)"
dotnet pack -c Release -o nuget/local -nodeReuse:false -v:q
version=$(dotnet msbuild src/Ushadow.Build/Ushadow.Build.csproj -getProperty:PackageVersion -nodeReuse:false)
# One packages folder for the demo's restores, without any Ushadow package: the ones just packed are used, even
# when their version is the same as last time (NuGet never refreshes a version it has).
packages="$repo/samples/.packages"
rm -rf "$packages/ushadow.build" "$packages/ushadow.cli" "$packages"/ushadow.hosting*
NUGET_PACKAGES="$packages" dotnet tool install Ushadow.Cli --tool-path "$demo/tool" --add-source nuget/local --version "$version" >/dev/null
ushadow="$demo/tool/ushadow"
echo "installed ushadow $("$ushadow" --version | head -1) into \$demo/tool"

# The app: a throwaway repository holding a copy of the sample backend, with its own nuget.config.
app="$demo/app"
mkdir -p "$app"
cp samples/SampleBackend/Program.cs samples/SampleBackend/SampleBackend.csproj samples/Directory.Build.props samples/Directory.Packages.props "$app/"
cat >"$app/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$packages" />
  </config>
  <packageSources>
    <clear />
    <add key="local" value="$repo/nuget/local" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Ushadow.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
EOF
printf '%s\n' bin/ obj/ .env config/SECRETS/ .ushadow-state/ >"$app/.gitignore"
git -C "$app" init -q -b main
git -C "$app" add -A
git -C "$app" -c user.name=demo -c user.email=demo@example.invalid commit -q -m "Sample backend"

echo
echo "== three environments as linked worktrees of \$demo/app, a throwaway repository holding the sample backend"
cd "$app"
for spec in gold:shared blue:shared red:isolated; do
  name=${spec%%:*} mode=${spec#*:}
  echo "\$ ushadow env create $name --mode $mode"
  "$ushadow" env create "$name" --mode "$mode" | sed -e 's/^/  /' -e "s|$demo|\$demo|g"
done
cd "$repo"

for name in gold blue red; do
  worktree="$demo/worktrees/app/$name"
  echo
  echo "== $name: dotnet build -v:n (what Ushadow.Build resolved, and why)"
  log="$demo/build-$name.log"
  dotnet build "$worktree" -nodeReuse:false -v:n "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }
  grep -E 'Ushadow:|warning USH|error USH|: error ' "$log" | grep -vE 'Ushadow: (APP_NAME|SHARED_DATABASE_NAME|COMPOSE_PROJECT_NAME) ' \
    | sed -e 's/^ *//' -e "s|$demo|\$demo|g" | awk '!seen[$0]++'
  echo "== $name: dotnet run"
  dotnet run --project "$worktree" --no-build
done

echo
echo "== what you just saw"
echo "MongoDB: gold and blue are in shared mode, so both use the one shared database 'ushadow' (users, credentials and"
echo "  data are the same in both); red is isolated, so it has 'ushadow_red' to itself."
echo "Redis and ports: every environment has its own database number and its own block of ports, whatever the mode: the"
echo "  registry gave each a free port block (preferring the original launcher's hash of the name) and the Redis number"
echo "  (PORT_OFFSET / 10) % 16 (the lowest free one if that is taken), and keeps both; 'ushadow env create' marked the"
echo "  number with ushadow:env:name. Each backend found demo:owner unset before writing it: no other environment writes there."
echo
echo "== ushadow doctor (the Redis server's databases, each number's marker, every root)"
"$ushadow" doctor | sed "s|$demo|\$demo|g"
echo
echo "== ushadow env list"
"$ushadow" env list | sed "s|$demo|\$demo|g"
