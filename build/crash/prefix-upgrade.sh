#!/usr/bin/env bash
# Upgrading to Redis prefix mode with real packages and real builds (README, Redis at team scale): packs the version
# this branch started from (git archive of the merge base with main, or the commit given) and this tree, starts a
# redis-server as the team registry, and:
#   1. the old package builds gold and blue (database mode) against the team registry;
#   2. this package builds gold again: its .env must stay byte for byte, its Redis number too;
#   3. this package builds red in prefix mode (REDIS_ISOLATION=prefix) on the same registry;
#   4. the old package builds blue again (an input changed, so its task runs): it must succeed, keep its number,
#      and leave red's entry in place.
# Prints each step and "failures F". Usage: build/crash/prefix-upgrade.sh [old-commit]   (several minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
base=${1:-$(git merge-base HEAD main)}
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
unset CI TF_BUILD GITHUB_ACTIONS ContinuousIntegrationBuild ENV_NAME DATABASE_MODE SHARED_DATABASE_NAME PORT_OFFSET USHADOW_REGISTRY REDIS_ISOLATION
work=$(mktemp -d "${TMPDIR:-/tmp}/ushadow-prefix-upgrade.XXXXXX")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null || true; rm -rf "$work"' EXIT
stamp=$(date +%s)
old="0.1.0-old.$stamp"
new="0.1.1-prefix.$stamp"
mkdir -p "$work/old-src"
git archive "$base" | tar -x -C "$work/old-src"
(cd "$work/old-src" && dotnet pack src/Ushadow.Build/Ushadow.Build.csproj -c Release -o "$work/feed" -p:Version="$old" -v:q -clp:ErrorsOnly)
dotnet pack src/Ushadow.Build/Ushadow.Build.csproj -c Release -o "$work/feed" -p:Version="$new" -v:q -clp:ErrorsOnly

export HOME="$work/home" NUGET_PACKAGES="$work/packages" USHADOW_STATE_DIR="$work/state" USHADOW_REGISTRY="redis://127.0.0.1:$port"
mkdir -p "$HOME"
consumer() { # folder environment version
  mkdir -p "$work/$1"
  cat > "$work/$1/nuget.config" <<XML
<configuration><packageSources><clear /><add key="local" value="$work/feed" /></packageSources></configuration>
XML
  cat > "$work/$1/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><UshadowEnvName>$2</UshadowEnvName></PropertyGroup>
  <ItemGroup><PackageReference Include="Ushadow.Build" Version="$3" PrivateAssets="all" /></ItemGroup>
</Project>
XML
  echo 'System.Console.WriteLine("consumer");' > "$work/$1/Program.cs"
}
failures=0
build() { # step folder [extra...]
  local step=$1 folder=$2; shift 2
  if dotnet build "$work/$folder" -nodeReuse:false -v:q -clp:ErrorsOnly "$@" > "$work/build.log" 2>&1; then
    echo "$step: ok"
  else
    failures=$((failures + 1)); echo "$step: FAILED"; cat "$work/build.log"
  fi
}
consumer gold gold "$old"; consumer blue blue "$old"
build "1. old package builds gold" gold
build "1. old package builds blue" blue
cp "$work/gold/.env" "$work/gold.env.before"
blue_number=$(grep '^REDIS_DATABASE=' "$work/blue/.env")

sed -i "s/$old/$new/" "$work/gold/Consumer.csproj"
build "2. this package builds gold" gold
if cmp -s "$work/gold/.env" "$work/gold.env.before"; then echo "2. gold's .env is byte for byte the same"; else failures=$((failures + 1)); echo "2. gold's .env CHANGED:"; diff "$work/gold.env.before" "$work/gold/.env" || true; fi

consumer red red "$new"
REDIS_ISOLATION=prefix build "3. this package builds red in prefix mode" red
grep -E '^(REDIS_ISOLATION|REDIS_DATABASE|REDIS_KEY_PREFIX|REDIS_USERNAME)=' "$work/red/.env" | sed 's/^/   red: /'
grep -q '^REDIS_KEY_PREFIX=ushadow:red:$' "$work/red/.env" || { failures=$((failures + 1)); echo "3. red has no prefix"; }

# The ACL password: in secrets.yaml (0600) and nowhere else, whatever the verbosity, binary log included.
password=$(sed -n 's/^  password: *//p' "$work/red/config/SECRETS/secrets.yaml" | tr -d "\"'")
[[ -n $password && $(stat -c %a "$work/red/config/SECRETS/secrets.yaml") == 600 ]] || { failures=$((failures + 1)); echo "3. no redis.password in a 0600 secrets.yaml"; }
REDIS_ISOLATION=prefix dotnet build "$work/red" -nodeReuse:false -v:diag -bl:"$work/red.binlog" -p:UshadowProductionEnvironments=diag > "$work/diag.log" 2>&1 || { failures=$((failures + 1)); echo "3. the -v:diag build failed"; }
dotnet msbuild "$work/red.binlog" -v:diag -noconlog -flp:logfile="$work/replay.log;verbosity=diagnostic" > /dev/null 2>&1 || true
if grep -rqF -- "$password" "$work/diag.log" "$work/replay.log" "$work/red/.env" "$work/red/obj"; then
  failures=$((failures + 1)); echo "3. the ACL password shows outside secrets.yaml"
else
  echo "3. the ACL password is in secrets.yaml (0600) only: not in -v:diag output ($(wc -l < "$work/diag.log") lines), the replayed binary log ($(wc -l < "$work/replay.log") lines), .env or obj/"
fi

build "4. old package builds blue again" blue -p:UshadowProductionEnvironments=upgrade
[[ $(grep '^REDIS_DATABASE=' "$work/blue/.env") == "$blue_number" ]] || { failures=$((failures + 1)); echo "4. blue's number changed"; }
entries=$(redis-cli -p "$port" -n 15 hkeys ushadow:registry:environments | sort | tr '\n' ' ')
echo "registry entries: $entries"
[[ $entries == *"ushadow/red"* && $entries == *"ushadow/gold"* && $entries == *"ushadow/blue"* ]] || { failures=$((failures + 1)); echo "an entry was dropped"; }
echo "failures $failures"
[[ $failures -eq 0 ]]
