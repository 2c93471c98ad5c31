#!/usr/bin/env bash
# The benchmark harness of Automators Connectors (issue 4). From the project root:
#   bench/run.sh            full run (~25 min): arms A0/A1/A2 interleaved, 3 repetitions, events, catalog, JFR;
#                           writes bench/results/{summary.json,summary.csv,latency.png,report.md} and README.md's tables
#   bench/run.sh --smoke    the CI version (<= 3 min); see bench/smoke.sh
# It builds what it needs (runtime jar, bench jar), installs wrk with apt-get if missing, only ever
# loads 127.0.0.1, and kills every process it started when it exits (also on failure or Ctrl-C).
# Environment: A3_ARGS="--key=value ..." starts a third arm, the runtime with tracing/analytics sinks on;
# {stub} in it is replaced by the vendor stub's URL, which is also an OTLP receiver, PostHog and RudderStack:
#   A3_ARGS="--otel.exporter.otlp.endpoint={stub}" bench/run.sh      (tracing exporting every span)
#   A3_ARGS="$(cat bench/a3-full-pipeline.args)" bench/run.sh        (tracing and both analytics sinks: the
#                                                                    whole pipeline; adds the outbox's events/s)
# BENCH_JVM_FLAGS overrides the JVM flags of A1/A2 (the same for both); BENCH_JAVA their java (default: .ci/java-home's).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=full
[[ "${1:-}" == "--smoke" ]] && MODE=smoke
START_S=$(date +%s)
LOG_TAG=bench RAW_NAME=$MODE
# shellcheck source=bench/lib.sh
source bench/lib.sh

# ---- build what we need
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
ensure_runtime_jar
ensure_bench_jar

# ---- plan of the run
if [[ "$MODE" == smoke ]]; then
  # Warm-up per arm: the runtime's hot path is only C2-compiled after some 10k calls. At 8 s the smoke measured
  # its warm-up; at 25 s on Java 25 the JIT still took 40% of its CPU (1.26 of 3.01 CPU-ms per request).
  WARM_S=45; REPS=3; WRK_REPS=1; OPEN_S=3; WRK_S=4
  OPEN="0:1:200"; WRK="0:10,20:10,20:50"
  EVENT_ARGS="--burst-rows=50000 --rate=20000 --seconds=4"; OUTBOX_EVENTS=20000
  CATALOG_NS="10 1000"; CATALOG_ROUNDS=1; DECIDE_ARGS="--warmup-s=2 --seconds=2 --rate=300"
else
  WARM_S=60; REPS=3; WRK_REPS=3; OPEN_S=10; WRK_S=8
  OPEN="0:1:200,0:10:500,0:100:500,20:1:25,20:10:250,20:100:500"; WRK="0:1,0:10,0:100,20:1,20:10,20:25,20:50,20:100"
  EVENT_ARGS="--burst-rows=200000 --rate=20000 --seconds=20"; OUTBOX_EVENTS=100000
  CATALOG_NS="10 1000 10000"; CATALOG_ROUNDS=2; DECIDE_ARGS="--warmup-s=10 --seconds=10 --rate=300"
fi
JVM_FLAGS=${BENCH_JVM_FLAGS:--Xmx1g -XX:+UseParallelGC}
if [[ $(nproc) -ge 2 ]]; then
  LOAD_CPUS=0; SERVER_CPUS=$( [[ $(nproc) -eq 2 ]] && echo 1 || echo 1-$(( $(nproc) - 1 )) )
  PIN_LOAD="taskset -c $LOAD_CPUS"; PIN_SERVER="taskset -c $SERVER_CPUS"
  PINNING="Pinning: load generator (open-loop client, wrk) and vendor stub on CPU $LOAD_CPUS; A1 and A2 (and A2's embedded PostgreSQL) on CPU $SERVER_CPUS; the catalog-scale starts and the in-process event bench unpinned (all CPUs, nothing else busy). JVM flags of A1 and A2: \`$JVM_FLAGS\`."
else
  LOAD_CPUS=""; PIN_LOAD=""; PIN_SERVER=""; PINNING="No pinning (1 CPU). JVM flags of A1 and A2: \`$JVM_FLAGS\`."
fi
THREADS="A1 and A2 run on $BENCH_JAVA ($BENCH_JAVA_VERSION; BENCH_JAVA overrides), both with spring.threads.virtual.enabled=true (virtual threads from Java 21: no Tomcat thread limit, Tomcat's default 8,192 connections; on Java 17 both fall back to Tomcat's 200 platform threads), and the same vendor connection pool: Apache HttpClient 5, 400 connections in all, 200 per route."
PINNING="$PINNING $THREADS"
log "mode $MODE, raw files in $RAW; $PINNING"

# ---- the vendor stub, the floor app, the runtime
STUB_PORT=$(free_port 18090)
$PIN_LOAD java -Xmx256m -XX:+UseParallelGC -jar "$BENCH_JAR" stub --port="$STUB_PORT" > "$WORK/stub.log" 2>&1 &
PIDS+=($!); STUB_PID=$!
STUB="http://127.0.0.1:$STUB_PORT"
wait_http "$STUB/__bench/count" 30

A1_PORT=$(free_port 18100)
$PIN_SERVER "$BENCH_JAVA" $JVM_FLAGS -jar "$BENCH_JAR" floor --server.port="$A1_PORT" --vendor.base-url="$STUB" > "$WORK/a1.log" 2>&1 &
PIDS+=($!); A1_PID=$!

start_runtime() { # name port data-dir extra-args...: starts the runtime jar from the project root, sets RT_PID
  local name=$1 port=$2 data=$3; shift 3
  ${RT_PIN-$PIN_SERVER} "$BENCH_JAVA" $JVM_FLAGS -jar "$RUNTIME_JAR" --server.port="$port" --automators.data-dir="$data" \
    --automators.embedded-postgres.port=0 --automators.connectors.slack.base-url="$STUB" "$@" > "$WORK/$name.log" 2>&1 &
  RT_PID=$!
  PIDS+=($RT_PID)
}

connect_slack() { # base data-dir: connects Slack with the default workspace's API key
  local base=$1 data=$2 key out
  key=$(sed -n 's/^API_KEY=//p' "$data/first-run.env")
  out=$(curl -fsS -X POST "$base/api/v1/connectors/slack/connect" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d '{"name":"bench","credentials":{"apiKey":"xoxb-bench"}}')
  [[ "$out" == *connectionId* ]] || { log "slack connect answered: $out"; return 1; }
}

A2_PORT=$(free_port 18110)
start_runtime a2 "$A2_PORT" "$WORK/a2-data"; A2_PID=$RT_PID
ARMS="A0,A1,A2"
if [[ -n "${A3_ARGS:-}" ]]; then
  A3_PORT=$(free_port 18120)
  # shellcheck disable=SC2086
  A3_ARGS=${A3_ARGS//\{stub\}/$STUB}
  log "A3: the runtime with $A3_ARGS"
  start_runtime a3 "$A3_PORT" "$WORK/a3-data" $A3_ARGS; A3_PID=$RT_PID
  ARMS="A0,A1,A2,A3"
fi
wait_http "http://127.0.0.1:$A2_PORT/actuator/health" 240
[[ -f "$WORK/a2-data/first-run.env" ]] || sleep 2
connect_slack "http://127.0.0.1:$A2_PORT" "$WORK/a2-data"
A2_KEY=$(sed -n 's/^API_KEY=//p' "$WORK/a2-data/first-run.env")
if [[ -n "${A3_ARGS:-}" ]]; then
  wait_http "http://127.0.0.1:$A3_PORT/actuator/health" 240
  connect_slack "http://127.0.0.1:$A3_PORT" "$WORK/a3-data"
  A3_KEY=$(sed -n 's/^API_KEY=//p' "$WORK/a3-data/first-run.env")
fi

# ---- check one response of every arm before measuring
BODY='{"input":{"channel":"C123ABC456","text":"hello"}}'
check() { # name url token body expect
  local out
  out=$(curl -sS -X POST "$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' -d "$4" -w ' HTTP%{http_code}')
  [[ "$out" == *"$5"* && "$out" == *HTTP200 ]] || { log "$1 answered: $out"; return 1; }
  log "$1 ok: $out"
}
for i in $(seq 1 300); do curl -fs -o /dev/null -X POST "http://127.0.0.1:$A1_PORT/api/v1/connectors/slack/actions/send_message" \
  -H "Content-Type: application/json" -d "$BODY" && break; sleep 0.2; done
check A0 "$STUB/api/chat.postMessage" xoxb-bench '{"channel":"C123ABC456","text":"hello"}' '"ok":true'
check A1 "http://127.0.0.1:$A1_PORT/api/v1/connectors/slack/actions/send_message" xoxb-bench "$BODY" '"ok":true'
check A2 "http://127.0.0.1:$A2_PORT/api/v1/connectors/slack/actions/send_message" "$A2_KEY" "$BODY" '"provider":"runtime-stored-key"'
[[ -n "${A3_ARGS:-}" ]] && check A3 "http://127.0.0.1:$A3_PORT/api/v1/connectors/slack/actions/send_message" "$A3_KEY" "$BODY" '"provider":"runtime-stored-key"'

# ---- warm-up, then the interleaved campaign
export BENCH_BODY="$BODY"
for arm in A1 A2 ${A3_ARGS:+A3}; do
  case $arm in A1) url="http://127.0.0.1:$A1_PORT"; tok=xoxb-bench;; A2) url="http://127.0.0.1:$A2_PORT"; tok=$A2_KEY;; A3) url="http://127.0.0.1:$A3_PORT"; tok=$A3_KEY;; esac
  log "warming $arm for $WARM_S s"
  BENCH_TOKEN=$tok $PIN_LOAD wrk -t2 -c10 -d${WARM_S}s -s bench/wrk-post.lua "$url/api/v1/connectors/slack/actions/send_message" > "$WORK/warm-$arm.log"
done
CAMPAIGN_ARGS=(--arms="$ARMS" --stub="$STUB" --reps=$REPS --wrk-reps=$WRK_REPS --open="$OPEN" --open-seconds=$OPEN_S --wrk="$WRK" --wrk-seconds=$WRK_S
  --wrk-cpus="$LOAD_CPUS" --lua=bench/wrk-post.lua --out="$RAW/runs.jsonl"
  --arm.A0.url="$STUB/api/chat.postMessage" --arm.A0.pid=$STUB_PID
  --arm.A1.url="http://127.0.0.1:$A1_PORT/api/v1/connectors/slack/actions/send_message" --arm.A1.pid=$A1_PID
  --arm.A2.url="http://127.0.0.1:$A2_PORT/api/v1/connectors/slack/actions/send_message" --arm.A2.token="$A2_KEY" --arm.A2.pid=$A2_PID --arm.A2.pg-pid-file="$WORK/a2-data/postgres/postmaster.pid")
[[ -n "${A3_ARGS:-}" ]] && CAMPAIGN_ARGS+=(--arm.A3.url="http://127.0.0.1:$A3_PORT/api/v1/connectors/slack/actions/send_message" --arm.A3.token="$A3_KEY" --arm.A3.pid=$A3_PID --arm.A3.pg-pid-file="$WORK/a3-data/postgres/postmaster.pid")
log "campaign: arms $ARMS, open-loop $OPEN, wrk $WRK, $REPS repetitions"
$PIN_LOAD java -Xmx512m -jar "$BENCH_JAR" campaign "${CAMPAIGN_ARGS[@]}"
# What the stub served, and what A3 exported to it (OTLP requests and bytes, analytics events): proof that A3 traced.
curl -fsS "$STUB/__bench/count" | tee "$RAW/stub-count.json"; echo

# ---- the analytics outbox end to end, when A3 has both sinks on
if [[ "${A3_ARGS:-}" == *posthog* && "${A3_ARGS:-}" == *rudderstack* ]]; then
  log "analytics outbox: $OUTBOX_EVENTS events through A3 to both sinks"
  $PIN_LOAD java -Xmx256m -jar "$BENCH_JAR" outbox --url="http://127.0.0.1:$A3_PORT" --key="$A3_KEY" --stub="$STUB" \
    --events=$OUTBOX_EVENTS --out="$RAW/outbox.jsonl"
fi

# ---- where the time goes (full run): JFR on A2 and A1 under wrk, 0 ms stub, 10 connections
if [[ "$MODE" == full ]]; then
  curl -fsS -X POST "$STUB/__bench/delay?ms=0" > /dev/null
  for arm in A2 A1; do
    if [[ $arm == A2 ]]; then pid=$A2_PID; url="http://127.0.0.1:$A2_PORT"; tok=$A2_KEY; else pid=$A1_PID; url="http://127.0.0.1:$A1_PORT"; tok=xoxb-bench; fi
    log "JFR on $arm (20 s under wrk -c10)"
    "$BENCH_JCMD" "$pid" JFR.start name=bench settings=profile filename="$RAW/$arm.jfr" > /dev/null
    BENCH_TOKEN=$tok $PIN_LOAD wrk -t2 -c10 -d20s -s bench/wrk-post.lua "$url/api/v1/connectors/slack/actions/send_message" > "$WORK/jfr-wrk-$arm.log"
    "$BENCH_JCMD" "$pid" JFR.stop name=bench > /dev/null
    "$BENCH_JAVA" -jar "$BENCH_JAR" jfr-summary --file="$RAW/$arm.jfr" > "$RAW/profile-$arm.txt"
  done
  cp "$RAW/profile-A2.txt" "$RAW/profile-A1.txt" bench/results/
fi

# ---- catalog scale: the runtime restarted on generated catalogs (same data dir, Slack connected), not pinned:
# nothing else is busy then, and a deployment starts on all its CPUs
stop_pid "$A2_PID"
[[ -n "${A3_ARGS:-}" ]] && stop_pid "$A3_PID"
for n in $CATALOG_NS; do
  java -jar "$BENCH_JAR" catalog-gen --n="$n" --dir="$WORK/catalog-$n" --source=config/connectors
done
for round in $(seq 1 $CATALOG_ROUNDS); do
  for n in $CATALOG_NS; do
    CAT_PORT=$(free_port 18130)
    LAUNCH_MS=$(date +%s%3N)
    RT_PIN="" start_runtime "catalog-$n-$round" "$CAT_PORT" "$WORK/a2-data" --automators.catalog.directory="$WORK/catalog-$n"
    $PIN_LOAD java -Xmx256m -jar "$BENCH_JAR" catalog-probe --base="http://127.0.0.1:$CAT_PORT" --token="$A2_KEY" --pid=$RT_PID \
      --n="$n" --round="$round" --launch-ms="$LAUNCH_MS" $DECIDE_ARGS --out="$RAW/catalog.jsonl"
    stop_pid "$RT_PID"
  done
done

# ---- the event path, in process
log "event path"
"$BENCH_JAVA" -Xmx2g -jar "$BENCH_JAR" events --dir="$WORK/events-data" --out="$RAW/events.jsonl" $EVENT_ARGS

# ---- report
ELAPSED=$(( $(date +%s) - START_S ))
if [[ "$MODE" == full ]]; then
  # On the servers' JVM, so that the report's "Machine" line names the JDK A1 and A2 ran on.
  "$BENCH_JAVA" -jar "$BENCH_JAR" report --raw="$RAW" --results=bench/results --readme=bench/README.md --mode=full \
    --elapsed-s="$ELAPSED" --when="$(date -u +%Y-%m-%dT%H:%MZ)" --pinning="$PINNING"
else
  "$BENCH_JAVA" -jar "$BENCH_JAR" report --raw="$RAW" --results="$RAW" --mode=smoke --elapsed-s="$ELAPSED" \
    --when="$(date -u +%Y-%m-%dT%H:%MZ)" --pinning="$PINNING"
fi
log "done in $ELAPSED s"
