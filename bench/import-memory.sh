#!/usr/bin/env bash
# Peak memory of the app while it imports a ~50 MB milestones CSV, on SQLite and on PostgreSQL.
# The app is published in Release and started as deployed (server GC); the CSV (deterministic) is
# posted as text/csv twice: a first import (everything new), then the same file again (unchanged).
# The peak is the app process's VmHWM, reset just before each request.
#   bench/import-memory.sh            -> bench/results/import-memory.md
# Environment: MB=50 (file size); PG_HOST, PG_PORT, PG_USER of a PostgreSQL server (default: the
# dev cluster, 127.0.0.1:55432, postgres); a database is created on it for the run and dropped after.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mb=${MB:-50}
pg_host=${PG_HOST:-127.0.0.1} pg_port=${PG_PORT:-55432} pg_user=${PG_USER:-postgres}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { printf '\n==> %s\n' "$*"; }

work=$(mktemp -d /tmp/impactos-import-memory.XXXXXX)
database="impactos_import_memory_$(date +%s)"
app_pid=""
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
psql_admin() { PGCONNECT_TIMEOUT=10 psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc "$1"; }
stop_app() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; app_pid=""; fi; }
cleanup() {
  stop_app
  [ -n "${created:-}" ] && psql_admin "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

log "Building (Release) and publishing the app"
dotnet build bench/ImpactOS.Bench/ImpactOS.Bench.csproj --configuration Release >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
dotnet publish src/ImpactOS.Web/ImpactOS.Web.csproj --configuration Release --output "$work/app" >>"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
bench="bench/ImpactOS.Bench/bin/Release/net10.0/ImpactOS.Bench.dll"

log "Generating a $mb MB file"
file_info=$(dotnet "$bench" import-file --out "$work/milestones.csv" --mb "$mb")
echo "   $file_info"

password="bench-import-memory"
results=()
measure() { # provider connection
  local provider=$1 connection=$2 port
  port=$(free_port)
  mkdir -p "$work/data-$provider"
  (cd "$work/app" && ImpactOS__Database__Provider="$provider" ConnectionStrings__Default="$connection" ImpactOS__SeedDemo=true \
    ImpactOS__DemoPassword="$password" ImpactOS__DataDir="$work/data-$provider" ASPNETCORE_URLS="http://127.0.0.1:$port" \
    ASPNETCORE_ENVIRONMENT=Production exec dotnet ImpactOS.Web.dll >"$work/app-$provider.log" 2>&1) &
  app_pid=$!
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/healthz/ready" >/dev/null 2>&1 && break
    kill -0 "$app_pid" 2>/dev/null || { tail -40 "$work/app-$provider.log"; exit 1; }
    sleep 0.5
  done
  for run in "first import" "same file again"; do
    log "$provider: $run"
    line=$(dotnet "$bench" import-memory --base-url "http://127.0.0.1:$port" --user coach@northstar.demo --password "$password" \
      --pid "$app_pid" --file "$work/milestones.csv" --label "$provider, $run") || { echo "The app's log:"; tail -40 "$work/app-$provider.log"; exit 1; }
    echo "$line"
    results+=("$line")
  done
  stop_app
}

measure Sqlite "Data Source=$work/data-Sqlite/impactos.db;Default Timeout=30;Pooling=True"
psql_admin "CREATE DATABASE $database"
created=1
measure Postgres "Host=$pg_host;Port=$pg_port;Username=$pg_user;Database=$database;Command Timeout=600"

out="$root/bench/results/import-memory.md"
{
  echo "# Import memory"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M') UTC · commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); the app published in Release (server GC), PostgreSQL on the same machine"
  echo "- File: $file_info (bench/ImpactOS.Bench/ImportMemory.cs), posted as text/csv"
  echo "- Peak: the app process's peak resident set (VmHWM), reset just before the request; goal: under 400 MB"
  echo
  echo "| run | status | seconds | RSS before (MiB) | peak RSS (MiB) | answer |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${results[@]}"
} >"$out"
log "Written to $out"
cat "$out"
