#!/usr/bin/env bash
# Startup at 1,000 connectors with and without a JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked,
# and method profiles, from a training run), ≈ 3 min. From the project root:
#   bench/startup-aot.sh            ROUNDS=3 by default; needs a JDK 25 (.ci/java-home, or BENCH_JAVA)
# Each round starts the runtime three ways on the same data directory and a generated catalog of 1,000
# connectors, unpinned, and times launch → /actuator/health UP:
#   plain      java -jar <exec jar>                         (what the full run's catalog step measures)
#   extracted  java -jar app/<jar> after `-Djarmode=tools extract` (an AOT cache needs the classes in plain jars)
#   aot        java -XX:AOTCache=app.aot -jar app/<jar>      (the cache from one training run that stops after
#                                                           the context refreshed: -Dspring.context.exit=onRefresh)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
LOG_TAG=startup RAW_NAME=startup-aot
# shellcheck source=bench/lib.sh
source bench/lib.sh
ensure_runtime_jar
ensure_bench_jar
[[ "${BENCH_JAVA_FEATURE:-0}" -ge 25 ]] || { log "needs Java 25+ for -XX:AOTCacheOutput; $BENCH_JAVA is: $BENCH_JAVA_VERSION"; exit 2; }
log "on $BENCH_JAVA ($BENCH_JAVA_VERSION), raw files in $RAW"

java -jar "$BENCH_JAR" catalog-gen --n=1000 --dir="$WORK/catalog" --source=config/connectors > /dev/null
"$BENCH_JAVA" -Djarmode=tools -jar "$RUNTIME_JAR" extract --destination "$WORK/app" > /dev/null
APP_JAR=$(ls "$WORK"/app/*.jar)
PORT=$(free_port 18190)
ARGS=(--server.port="$PORT" --automators.data-dir="$WORK/data" --automators.embedded-postgres.port=0
      --automators.catalog.directory="$WORK/catalog")

up() { # label java-args...: launch to health UP in ms, appended to $RAW/startup.tsv
  local label=$1; shift
  local t0 t1 pid
  t0=$(date +%s%3N)
  "$BENCH_JAVA" "$@" "${ARGS[@]}" > "$WORK/$label.log" 2>&1 &
  pid=$!; PIDS+=($pid)
  wait_http "http://127.0.0.1:$PORT/actuator/health" 120
  t1=$(date +%s%3N)
  printf '%s\t%s\n' "$label" $((t1 - t0)) | tee -a "$RAW/startup.tsv"
  stop_pid "$pid"
  stop_postgres
}

stop_postgres() { # the embedded PostgreSQL a stopped JVM may leave running (the training run's does): INT, then wait
  local pidfile="$WORK/data/postgres/postmaster.pid" pg
  [[ -f "$pidfile" ]] || return 0
  pg=$(head -1 "$pidfile")
  kill -INT "$pg" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pg" 2>/dev/null || true
  rm -f "$pidfile"
}

log "first start (initdb, not measured)"
up first -jar "$RUNTIME_JAR" > /dev/null
log "training run for the AOT cache"
"$BENCH_JAVA" -XX:AOTCacheOutput="$WORK/app.aot" -Dspring.context.exit=onRefresh -jar "$APP_JAR" "${ARGS[@]}" \
  > "$WORK/training.log" 2>&1
stop_postgres
log "AOT cache: $(du -h "$WORK/app.aot" | cut -f1)"
for round in $(seq 1 "$ROUNDS"); do
  up "plain-$round" -jar "$RUNTIME_JAR"
  up "extracted-$round" -jar "$APP_JAR"
  up "aot-$round" -XX:AOTCache="$WORK/app.aot" -jar "$APP_JAR"
done
python3 - "$RAW/startup.tsv" <<'EOF'
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, ms = line.split()
    if label != 'first':
        runs[label.rsplit('-', 1)[0]].append(int(ms))
for way in ('plain', 'extracted', 'aot'):
    v = runs[way]
    print(f"{way:10s} launch to health UP at 1,000 connectors: median {statistics.median(v) / 1000:.1f} s "
          f"({min(v) / 1000:.1f}-{max(v) / 1000:.1f}, {len(v)} starts)")
EOF
