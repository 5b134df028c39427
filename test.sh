#!/usr/bin/env bash
# The one test command: installs what is missing, starts a throwaway PostgreSQL on loopback,
# builds, checks both providers' migrations, and runs every test on SQLite and PostgreSQL plus
# the browser tests. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf '\n==> %s\n' "$*"; }

# --- 1. What the tests need from Debian --------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
missing=()
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi

# --- 2. A throwaway PostgreSQL cluster on loopback ----------------------------------------
pg_dir=$(mktemp -d /tmp/impactos-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 54329)
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
stop_pg() {
  as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/standby' -m immediate stop" >/dev/null 2>&1
  as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -m immediate stop" >/dev/null 2>&1
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
log "Starting PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
as_pg "'$pg_bin/initdb' -D '$pg_dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync" >"$results/initdb.log" 2>&1 \
  || { cat "$results/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
# fsync off only speeds the disk up: a killed process or server still loses nothing acknowledged.
as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/server.log' -w -t 30 -o \"-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null \
  || { cat "$pg_dir/server.log"; echo "0 passed, 1 failed"; exit 1; }
export IMPACTOS_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Include Error Detail=true"

# A hot standby of it, by PostgreSQL's own streaming replication (initdb -A trust already lets
# 127.0.0.1 connect for replication): the read-replica tests read from it, pause its replay and
# point the app at a port where nothing listens. When it does not start, IMPACTOS_TEST_PG_REPLICA
# stays unset and those tests fail (they never skip).
replica_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 54330)
log "Starting a streaming standby on 127.0.0.1:$replica_port"
if as_pg "'$pg_bin/pg_basebackup' -D '$pg_dir/standby' -R -h 127.0.0.1 -p $port -U postgres -X stream" >"$results/standby.log" 2>&1 \
  && as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/standby' -l '$pg_dir/standby.log' -w -t 30 -o \"-p $replica_port -k $pg_dir -c listen_addresses=127.0.0.1 -c hot_standby=on -c fsync=off -c max_connections=300\" start" >>"$results/standby.log" 2>&1; then
  export IMPACTOS_TEST_PG_REPLICA="Host=127.0.0.1;Port=$replica_port;Username=postgres;Database=postgres;Include Error Detail=true"
else
  cat "$results/standby.log" "$pg_dir/standby.log" 2>/dev/null | tail -20
fi

passed=0
failed=0
count() { # adds the summary of one dotnet test run to the totals
  local out=$1 p f
  p=$(grep -Eo 'Passed: +[0-9]+' "$out" | awk '{s+=$2} END {print s+0}')
  f=$(grep -Eo 'Failed: +[0-9]+' "$out" | awk '{s+=$2} END {print s+0}')
  if ! grep -Eq '^(Passed|Failed)!' "$out"; then f=$((f + 1)); fi
  passed=$((passed + p)); failed=$((failed + f))
}

# --- 3. Restore and build (warnings are errors) --------------------------------------------
log "Restoring and building"
dotnet tool restore >/dev/null
if ! dotnet build ImpactOS.slnx --configuration Release >"$results/build.log" 2>&1; then
  grep -E 'error|Error' "$results/build.log" | sort -u | head -40
  echo "0 passed, 1 failed"; exit 1
fi

# --- 4. Every model change has a migration, for both providers ------------------------------
log "Checking migrations"
for context in SqliteAppDbContext PostgresAppDbContext; do
  if dotnet ef migrations has-pending-model-changes --project src/ImpactOS.Web --context "$context" --configuration Release --no-build >"$results/migrations-$context.log" 2>&1; then
    passed=$((passed + 1))
  else
    cat "$results/migrations-$context.log"; failed=$((failed + 1))
  fi
done

# --- 5. R reference values, when R is here ----------------------------------------------------
if command -v Rscript >/dev/null 2>&1; then
  for script in tests/ImpactOS.Core.Tests/Fixtures/*/regenerate.sh; do
    [ -x "$script" ] && { log "Re-running R: $script"; "$script" >/dev/null || failed=$((failed + 1)); }
  done
fi

run_tests() { # name, project, filter, env...
  local name=$1 project=$2 filter=$3; shift 3
  log "Tests: $name"
  env "$@" dotnet test "$project" --configuration Release --no-build --filter "$filter" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" >"$results/$name.log" 2>&1
  grep -E '^\s+Failed |^(Passed|Failed)!' "$results/$name.log"
  count "$results/$name.log"
}

run_tests core tests/ImpactOS.Core.Tests "FullyQualifiedName!=none"
run_tests sqlite tests/ImpactOS.Web.Tests "Category!=Browser&Category!=Postgres" IMPACTOS_TEST_DB=sqlite
run_tests postgres tests/ImpactOS.Web.Tests "Category!=Browser" IMPACTOS_TEST_DB=postgres
run_tests browser tests/ImpactOS.Web.Tests "Category=Browser" IMPACTOS_TEST_DB=postgres

echo
echo "Screenshots: artifacts/screenshots/  Logs: artifacts/test-results/"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
