#!/usr/bin/env bash
# The benchmark, end to end: a throwaway PostgreSQL 15 (fsync on, as in production), a Release
# build, the generated world loaded by binary COPY, the app started on it, and the load driver.
#   bench/run.sh           full scenario  -> bench/results/latest.md
#   bench/run.sh --quick   reduced world  -> bench/results/quick.md and quick.json (< 10 minutes)
#   bench/run.sh [--quick] --serve   the world and the app only, left running for `ImpactOS.Bench hit`
#                          (prints the URL, the app's pid and the world file; stop it with Ctrl-C or kill)
# In the environment: CLIENTS=16 SECONDS_PER_SCENARIO=20 change the load; SCENARIOS=a,b runs only
# the scenarios whose names start with one of them (e.g. SCENARIOS=network,program-effects-any),
# printed and not written to bench/results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scale=full
serve=false
for arg in "$@"; do
  case "$arg" in
    --quick) scale=quick ;;
    --serve) serve=true ;;
    *) echo "unknown option $arg (--quick, --serve)" >&2; exit 2 ;;
  esac
done
clients=${CLIENTS:-16}
if [ "$scale" = quick ]; then seconds=${SECONDS_PER_SCENARIO:-5}; else seconds=${SECONDS_PER_SCENARIO:-20}; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { printf '\n==> %s\n' "$*"; }

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
  log "Installing PostgreSQL"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

work=$(mktemp -d /tmp/impactos-bench.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pg_port=$(free_port)
app_port=$(free_port)
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  as_pg "'$pg_bin/pg_ctl' -D '$work/pg' -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port (fsync on)"
as_pg "'$pg_bin/initdb' -D '$work/pg' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >"$work/initdb.log" 2>&1
# Settings for a 24 GB machine shared with the app; durability settings stay at their defaults.
as_pg "'$pg_bin/pg_ctl' -D '$work/pg' -l '$work/pg.log' -w -t 60 -o \"-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=32MB -c maintenance_work_mem=1GB -c max_wal_size=8GB -c max_connections=200\" start" >/dev/null
as_pg "'$pg_bin/psql' -h '$work' -p $pg_port -U postgres -qc 'CREATE DATABASE bench'"
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench;Maximum Pool Size=100;Timeout=30;Command Timeout=600"

log "Building (Release) and publishing the app as it is deployed"
dotnet build bench/ImpactOS.Bench/ImpactOS.Bench.csproj --configuration Release >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
dotnet publish src/ImpactOS.Web/ImpactOS.Web.csproj --configuration Release --output "$work/app" >>"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
bench="dotnet bench/ImpactOS.Bench/bin/Release/net10.0/ImpactOS.Bench.dll"

log "Generating the $scale world"
start=$(date +%s)
$bench generate --connection "$connection" --scale "$scale" --world "$work/world.json"
echo "   (generated and analysed in $(( $(date +%s) - start )) s)"

# Server-Timing only when serving for `hit` (the breakdown): the measured runs use the app as it is
# deployed, with it off.
start_app() {
  log "Starting the app on 127.0.0.1:$app_port"
  (cd "$work/app" && ImpactOS__Database__Provider=Postgres ConnectionStrings__Default="$connection" ImpactOS__SeedDemo=false \
    ImpactOS__DataDir="$work/data" ImpactOS__Diagnostics__ServerTiming="$serve" ASPNETCORE_URLS="http://127.0.0.1:$app_port" ASPNETCORE_ENVIRONMENT=Production \
    exec dotnet ImpactOS.Web.dll >>"$work/app.log" 2>&1) &
  app_pid=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$app_port/healthz/ready" >/dev/null 2>&1 && break
    kill -0 "$app_pid" 2>/dev/null || { tail -40 "$work/app.log"; exit 1; }
    sleep 0.5
  done
}
start_app

if [ "$serve" = true ]; then
  # Left running for `ImpactOS.Bench hit`. Killing the app (its pid is printed) publishes the
  # worktree again and restarts it on the same port and world; stopping this script removes all.
  cat "$work/world.json"
  while true; do
    log "Serving: app http://127.0.0.1:$app_port (pid $app_pid), PostgreSQL 127.0.0.1:$pg_port, world $work/world.json"
    echo "   $bench hit --base-url http://127.0.0.1:$app_port --pid $app_pid --user <coach> --path /… [--cookie true]"
    echo "   connection: $connection; app log: $work/app.log"
    echo "   kill $app_pid: rebuild and restart the app; kill $$: stop and remove everything"
    wait "$app_pid" || true
    app_pid=""
    log "The app stopped: publishing and starting it again"
    dotnet publish src/ImpactOS.Web/ImpactOS.Web.csproj --configuration Release --output "$work/app" >>"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
    start_app
  done
fi

log "Driving $clients clients, ${seconds} s per scenario${SCENARIOS:+ (only $SCENARIOS)}"
out="$root/bench/results"
mkdir -p "$out"
BENCH_COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown) \
  $bench run --base-url "http://127.0.0.1:$app_port" --connection "$connection" --world "$work/world.json" \
  --clients "$clients" --seconds "$seconds" --out "$out" --scale "$scale" --scenarios "${SCENARIOS:-}"
if grep -qE '" 5[0-9][0-9] |Exception' "$work/app.log"; then
  log "The app logged errors during the run:"; grep -E 'fail:|Exception' "$work/app.log" | head -20
fi
