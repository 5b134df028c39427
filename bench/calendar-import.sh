#!/usr/bin/env bash
# Time of a 10,000-occurrence calendar import (issue 19: goal ≤ 10 s, Release, PostgreSQL).
# The app is published in Release and started as deployed against a database created on a
# PostgreSQL server for the run (the demo seeded); the bench gives 20 companies an email domain,
# writes a deterministic .ics (bench/ImpactOS.Bench/CalendarBench.cs), times the reader alone in
# its own process, then posts the file: a dry run, the import, the same file again. The app's own
# log line says where each request's time went (read / match and look up / write).
#   bench/calendar-import.sh           -> bench/results/calendar-import.md
# Environment: OCCURRENCES=10000; PG_HOST, PG_PORT, PG_USER (default: the dev cluster, 127.0.0.1:55432, postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
occurrences=${OCCURRENCES:-10000}
pg_host=${PG_HOST:-127.0.0.1} pg_port=${PG_PORT:-55432} pg_user=${PG_USER:-postgres}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { printf '\n==> %s\n' "$*"; }

work=$(mktemp -d /tmp/impactos-calendar-import.XXXXXX)
database="impactos_calendar_import_$(date +%s)"
app_pid=""
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
psql_admin() { PGCONNECT_TIMEOUT=10 psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc "$1"; }
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  [ -n "${created:-}" ] && psql_admin "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

log "Building (Release) and publishing the app"
dotnet build bench/ImpactOS.Bench/ImpactOS.Bench.csproj --configuration Release >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
dotnet publish src/ImpactOS.Web/ImpactOS.Web.csproj --configuration Release --output "$work/app" >>"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
bench="bench/ImpactOS.Bench/bin/Release/net10.0/ImpactOS.Bench.dll"

psql_admin "CREATE DATABASE $database"
created=1
password="bench-calendar-import"
port=$(free_port)
mkdir -p "$work/data"
(cd "$work/app" && ImpactOS__Database__Provider=Postgres ConnectionStrings__Default="Host=$pg_host;Port=$pg_port;Username=$pg_user;Database=$database;Command Timeout=600" \
  ImpactOS__SeedDemo=true ImpactOS__DemoPassword="$password" ImpactOS__DataDir="$work/data" ASPNETCORE_URLS="http://127.0.0.1:$port" \
  ASPNETCORE_ENVIRONMENT=Production exec dotnet ImpactOS.Web.dll >"$work/app.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$port/healthz/ready" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { tail -40 "$work/app.log"; exit 1; }
  sleep 0.5
done

log "Importing $occurrences occurrences"
output=$(dotnet "$bench" calendar-import --base-url "http://127.0.0.1:$port" --user coach@northstar.demo --password "$password" \
  --file "$work/calendar.ics" --occurrences "$occurrences") || { echo "$output"; echo "The app's log:"; tail -40 "$work/app.log"; exit 1; }
echo "$output"
file_info=$(echo "$output" | sed -n 's/^FILE //p')

out="$root/bench/results/calendar-import.md"
{
  echo "# Calendar import"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M') UTC · commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); the app published in Release (server GC), PostgreSQL on the same machine"
  echo "- File: $file_info (bench/ImpactOS.Bench/CalendarBench.cs): weekly series and single events (UTC, Europe/Berlin, all-day), into the demo organization (70 companies, 20 given a domain): 60% matched by domain, 30% by name in the title, 10% unmatched"
  echo "- Goal: the import of 10,000 occurrences in ≤ 10 s"
  echo
  echo "| run | status | seconds | answer |"
  echo "| --- | ---: | ---: | --- |"
  echo "$output" | grep '^|'
  echo
  echo "Where the time went, as the app logged it:"
  echo
  grep -o 'Calendar import.*' "$work/app.log" | sed 's/^/- /'
} >"$out"
log "Written to $out"
cat "$out"
