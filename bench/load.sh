#!/usr/bin/env bash
# Load benchmark (issue 17; not run in CI). Publishes the API (Release), starts it on PostgreSQL (its own database,
# created and dropped here) and on SQLite (a temp file), seeds a salon with 20 therapists and ~10k bookings of history
# (--big: ~1M), and drives day search, week search and booking creation with wrk at 1, 16 and 64 connections, plus
# /health/ready at 16, and the day search at 16 once more on a second process with the answer cache off (port + 1).
# Prints req/s, p50, p99, non-2xx and statements per request (PostgreSQL, pg_stat_statements).
#
#   bench/load.sh [--src DIR] [--big] [--duration 10] [--warmup 3] [--dbs "postgres sqlite"] [--out FILE]
#                 [--kinds "health day week book"] [--conns "1 16 64"]
#
# --kinds and --conns narrow a run (e.g. --kinds book --conns 16 while working on bookings); /health/ready runs at 16.
# SALON_BENCH_PORT and SALON_BENCH_DB (default 5391 and the next port, salon_bench) let two runs share the machine.
#
# SALON_BENCH_POSTGRES: an Npgsql connection string to a server whose role may create databases (default: the local
# server as in SALON_TEST_POSTGRES). pg_stat_statements must be preloaded; the extension is created in the benchmark's
# database by that role, or, failing that and when run as root next to the server, by the local postgres user.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=$ROOT BOOKINGS=10000 DURATION=10 WARMUP=10 DBS="postgres sqlite" OUT="" PORT=${SALON_BENCH_PORT:-5391}
KINDS="health day week book" CONNS="1 16 64"
while [ $# -gt 0 ]; do
  case $1 in
    --src) SRC=$(cd "$2" && pwd); shift 2 ;;
    --big) BOOKINGS=1000000; shift ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --dbs) DBS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --kinds) KINDS=$2; shift 2 ;;
    --conns) CONNS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$OUT" ] && exec > >(tee "$OUT") 2>&1
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

PG=${SALON_BENCH_POSTGRES:-${SALON_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=salon;Password=salon-dev-pass}}
kv() { echo "$PG" | tr ';' '\n' | sed -n "s/^[[:space:]]*$1[[:space:]]*=//Ip" | head -1; }
export PGHOST=$(kv Host) PGPORT=$(kv Port) PGUSER=$(kv 'User\(name\)\?') PGPASSWORD=$(kv Password)
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
BENCH_DB=${SALON_BENCH_DB:-salon_bench}
WORK=$(mktemp -d /tmp/salon-load.XXXXXX)
API_PID=""
cleanup() {
  [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
  [ -n "${STARTED:-}" ] && kill "$STARTED" 2>/dev/null && wait "$STARTED" 2>/dev/null || true
  psql -d postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "# Salon load benchmark $(date -u +%FT%TZ)"
echo "# source: $SRC ($(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout"))"
echo "# machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version)," \
  "$(psql -d postgres -Atc 'SHOW server_version' 2>/dev/null | sed 's/^/PostgreSQL /')"
echo "# history: ~$BOOKINGS bookings; runs: ${DURATION}s each after a ${WARMUP}s warm-up per request kind"
echo "# load before: $(uptime)"

dotnet publish "$SRC/src/Salon.Api" -c Release -o "$WORK/api" --nologo -v q >/dev/null
dotnet build "$ROOT/tests/Salon.Benchmarks" -c Release --nologo -v q >/dev/null
SEED="$ROOT/tests/Salon.Benchmarks/bin/Release/net10.0/Salon.Benchmarks.dll"
PASSWORD="bench-$(date +%s)-password"
BASE="http://127.0.0.1:$PORT"

calls() { # statements executed so far in the benchmark's database
  [ "$DB" = postgres ] && [ "$STATS" = yes ] || { echo 0; return; }
  psql -d $BENCH_DB -Atc "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$BENCH_DB')"
}

# Started from its own folder, as deployed: the content root is the working directory, and from anywhere else the
# API would miss its appsettings.json and log every request at Information (six console lines a request).
start_api() { # base-url log-file extra-arguments...; sets STARTED to the process id
  local url=$1 log=$2; shift 2
  (cd "$WORK/api" && exec env ASPNETCORE_ENVIRONMENT=Production dotnet "$WORK/api/Salon.Api.dll" --urls "$url" \
    --Database:Provider=$PROVIDER "--Database:ConnectionString=$CONN" "--Database:DataFolder=$WORK/data-$DB" \
    --Salon:AdminLogin=bench "--Salon:AdminPassword=$PASSWORD" --Salon:BookingHorizonDays=1200 \
    --Webhooks:Dispatcher=false --Reminders:Dispatcher=false "$@" >"$log" 2>&1) &
  STARTED=$!
  for _ in $(seq 1 120); do curl -sf "$url/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "$url/health/ready" >/dev/null || { echo "the API did not start:"; tail -20 "$log"; exit 1; }
}

HEALTH_RPS=""
run() { # label connections wrk-arguments...
  local label=$1 conns=$2; shift 2
  local threads=$(( conns < 2 ? 1 : 2 )) before after out reqs rps p50 p99 bad errs stmts
  before=$(calls)
  out=$(wrk -t$threads -c$conns -d${DURATION}s --timeout 10s --latency "$@")
  after=$(calls)
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); bad=${bad:-0}
  errs=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}'); errs=${errs:-0}
  if [ "$STATS" = yes ] && [ "${reqs:-0}" -gt 0 ]; then
    stmts=$(awk -v d=$((after - before)) -v r="$reqs" 'BEGIN {printf "%.1f", d / r}')
  else stmts="n/a"; fi
  printf "| %-8s | %-28s | %5s | %8s | %9s | %9s | %7s | %6s | %10s |\n" \
    "$DB" "$label" "$conns" "$rps" "$p50" "$p99" "$bad" "$errs" "$stmts"
  [ "$label" = "/health/ready" ] && HEALTH_RPS=$rps
  [ "$label" = "/health/ready with a token" ] && AUTHED_RPS=$rps
  [ "$label" = "day search" ] && [ "$conns" = 16 ] && DAY16=$rps
  [ "$label" = "day search, uncached" ] && UNCACHED16=$rps
  return 0
}

for DB in $DBS; do
  STATS=no
  if [ "$DB" = postgres ]; then
    psql -d postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" -c "CREATE DATABASE $BENCH_DB"
    if psql -d $BENCH_DB -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" 2>/dev/null; then STATS=yes
    elif [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && [[ $PGHOST =~ ^(127\.0\.0\.1|localhost)$ ]] &&
      su - postgres -c "psql -p $PGPORT -d $BENCH_DB -qc 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'"
    then STATS=yes
    else echo "# pg_stat_statements unavailable: statements per request not measured"; fi
    PROVIDER=Postgres CONN="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$BENCH_DB"
  else
    PROVIDER=Sqlite CONN="Data Source=$WORK/salon-bench.db"
  fi
  mkdir -p "$WORK/data-$DB"
  start_api "$BASE" "$WORK/api-$DB.log"
  API_PID=$STARTED
  dotnet "$SEED" load-seed --url "$BASE" --login bench --password "$PASSWORD" --provider $PROVIDER \
    --connection "$CONN" --bookings $BOOKINGS --out "$WORK/ids.sh" | sed 's/^/# /'
  . "$WORK/ids.sh"
  # A long-lived database is vacuumed: without it, autovacuum of the freshly seeded tables (15M claim rows with --big)
  # competes with the measurement for the CPU.
  [ "$DB" = postgres ] && psql -d $BENCH_DB -qc "VACUUM (ANALYZE) bookings" -c "VACUUM (ANALYZE) resource_claims"
  # The seed's gigabytes of written pages are flushed now, not by the kernel in the middle of the first runs (the SQLite
  # seed writes without syncing: a 1M health check measured 20 % slower until this was added).
  sync
  export BENCH_TOKEN BENCH_SERVICE BENCH_FIRST_FREE BENCH_THERAPISTS BENCH_CLIENTS
  AUTH="Authorization: Bearer $BENCH_TOKEN"
  DAY_URL="$BASE/api/v1/availability?serviceId=$BENCH_SERVICE&from=$BENCH_DAY&to=$BENCH_DAY"
  WEEK_URL="$BASE/api/v1/availability?serviceId=$BENCH_SERVICE&from=$BENCH_DAY&to=$BENCH_WEEK_END"
  echo "# $DB: $(curl -s -H "$AUTH" "$DAY_URL" | wc -c) bytes a day search, $(curl -s -H "$AUTH" "$WEEK_URL" | wc -c) a week"
  echo "# load: $(uptime)"
  echo "| db       | request                      | conns |    req/s |       p50 |       p99 | non-2xx | errors | stmts/req |"
  echo "|----------|------------------------------|-------|----------|-----------|-----------|---------|--------|------------|"
  if [[ " $KINDS " == *" health "* ]]; then
    wrk -t2 -c16 -d${WARMUP}s "$BASE/health/ready" >/dev/null
    run "/health/ready" 16 "$BASE/health/ready"
    # The same check carrying the desk's token: what authentication alone costs any request that has one.
    run "/health/ready with a token" 16 -H "$AUTH" "$BASE/health/ready"
  fi
  if [[ " $KINDS " == *" day "* ]]; then
    wrk -t2 -c16 -d${WARMUP}s -H "$AUTH" "$DAY_URL" >/dev/null
    for c in $CONNS; do run "day search" $c -H "$AUTH" "$DAY_URL"; done
    # The same search computed every time: a second process on the same database with the answer cache off.
    UNCACHED=http://127.0.0.1:$((PORT + 1))
    start_api "$UNCACHED" "$WORK/api-$DB-uncached.log" --Availability:AnswerCache=false
    UNCACHED_URL="$UNCACHED/api/v1/availability?serviceId=$BENCH_SERVICE&from=$BENCH_DAY&to=$BENCH_DAY"
    wrk -t2 -c16 -d${WARMUP}s -H "$AUTH" "$UNCACHED_URL" >/dev/null
    run "day search, uncached" 16 -H "$AUTH" "$UNCACHED_URL"
    if [[ " $KINDS " == *" week "* ]]; then
      UNCACHED_WEEK="$UNCACHED/api/v1/availability?serviceId=$BENCH_SERVICE&from=$BENCH_DAY&to=$BENCH_WEEK_END"
      wrk -t2 -c16 -d${WARMUP}s -H "$AUTH" "$UNCACHED_WEEK" >/dev/null
      run "week search, uncached" 16 -H "$AUTH" "$UNCACHED_WEEK"
    fi
    kill "$STARTED"; wait "$STARTED" 2>/dev/null || true
  fi
  if [[ " $KINDS " == *" week "* ]]; then
    wrk -t2 -c16 -d${WARMUP}s -H "$AUTH" "$WEEK_URL" >/dev/null
    for c in $CONNS; do run "week search" $c -H "$AUTH" "$WEEK_URL"; done
  fi
  if [[ " $KINDS " == *" book "* ]]; then
    # Each run books its own range of times (offsets 50 000 apart), so every booking is new and free.
    # At least 30 s: with both cores busy, .NET's tiered JIT takes about that long to finish optimising the booking
    # path (after a 15 s warm-up, the next two 8 s runs made 495 and then 707 bookings a second).
    wrk -t2 -c16 -d$(( WARMUP > 30 ? WARMUP : 30 ))s -s "$ROOT/bench/book.lua" "$BASE" -- 0 2 >/dev/null
    # The warm-up's thousands of new rows are what autovacuum would analyze within a minute in a live database; without
    # it the first runs measure plans PostgreSQL made for the seed's empty idempotency_keys (a sequential scan each).
    [ "$DB" = postgres ] && psql -d $BENCH_DB -qc "ANALYZE"
    offset=0
    for c in $CONNS; do
      offset=$((offset + 50000))
      run "create booking" $c -s "$ROOT/bench/book.lua" "$BASE" -- $offset $(( c < 2 ? 1 : 2 ))
    done
  fi
  echo "# $DB: day search at 16 connections is $(awk -v a="${DAY16:-0}" -v b="${HEALTH_RPS:-1}" \
    'BEGIN {printf "%.0f", 100 * a / b}') % of /health/ready, $(awk -v a="${DAY16:-0}" -v b="${AUTHED_RPS:-1}" \
    'BEGIN {printf "%.0f", 100 * a / b}') % of it with a token; uncached $(awk -v a="${UNCACHED16:-0}" \
    -v b="${HEALTH_RPS:-1}" 'BEGIN {printf "%.0f", 100 * a / b}') %"
  kill "$API_PID"; wait "$API_PID" 2>/dev/null || true; API_PID=""
  # FORCE cannot end a superuser's backend (an autovacuum worker): wait for it instead of failing the run.
  if [ "$DB" = postgres ]; then
    for _ in $(seq 1 60); do
      psql -d postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" 2>/dev/null && break; sleep 2
    done
  fi
  echo
done
echo "# load after: $(uptime)"
