#!/usr/bin/env bash
# CPU per request of one or more runtime builds next to the floor (A1), interleaved: the quick A/B used to
# decide whether a change to the hot path is kept (≈ 3–5 min). From the project root:
#   bench/cpu-ab.sh                                  A1 and the current runtime jar (built when stale)
#   bench/cpu-ab.sh base=/tmp/base.jar new=target/automators-connectors-0.1.0-SNAPSHOT-exec.jar
#   BENCH_JAVA_j25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java BENCH_ARGS_vt=--spring.threads.virtual.enabled=true \
#     bench/cpu-ab.sh j17=target/x.jar j25=target/x.jar vt=target/x.jar
# Each arm is name=exec-jar (or name=floor: one more A1, e.g. on another java), run on the connectors, routes and Kamelets built into that jar (not the working tree's); BENCH_JAVA_<name> picks its java, BENCH_ARGS_<name> adds runtime arguments ({stub} in them is the vendor stub's URL, e.g. BENCH_ARGS_a3="$(cat bench/a3-full-pipeline.args)").
# Options (environment): ROUNDS (5), SECONDS_PER_RUN (8), CONNECTIONS (10), DELAY_MS (0), WARM_S (30), JFR=1 (a
# 20 s recording of every arm after the rounds, summarized like the full run's profiles).
# Same pinning and JVM flags as bench/run.sh: load and stub on CPU 0, every server (and its PostgreSQL) on CPU 1,
# measured one at a time. CPU is utime+stime of the server JVM (plus its embedded PostgreSQL, shown apart).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}; SECS=${SECONDS_PER_RUN:-8}; CONN=${CONNECTIONS:-10}; DELAY=${DELAY_MS:-0}; WARM_S=${WARM_S:-30}
LOG_TAG=ab RAW_NAME=ab
# shellcheck source=bench/lib.sh
source bench/lib.sh
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # CPU of a process in clock ticks
jit_ticks() { # the JIT compiler threads of a JVM (C1/C2 CompilerThread)
  local t=0 f; for f in /proc/$1/task/*/stat; do
    grep -q '(C[12] CompilerThre' "$f" 2>/dev/null && t=$((t + $(awk '{print $(NF-38) + $(NF-37)}' "$f")))
  done; echo $t; }
pg_pid() { head -1 "$1/postgres/postmaster.pid" 2>/dev/null || echo ""; }
pg_ticks() { # the postmaster and its children (backends)
  local root=$1 t=0 p; [[ -n "$root" ]] || { echo 0; return; }
  for p in $root $(pgrep -P "$root"); do [[ -r /proc/$p/stat ]] && t=$((t + $(ticks "$p"))); done; echo $t; }

SPECS=("$@"); [[ ${#SPECS[@]} -gt 0 ]] || SPECS=("A2=$RUNTIME_JAR")
[[ " ${SPECS[*]} " == *"$RUNTIME_JAR"* ]] && ensure_runtime_jar
[[ -f "$BENCH_JAR" ]] || ensure_bench_jar # only when missing: the floor and the stub do not change with the runtime
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
JVM_FLAGS=${BENCH_JVM_FLAGS:--Xmx1g -XX:+UseParallelGC}
PIN_LOAD="taskset -c 0"; PIN_SERVER="taskset -c 1"

STUB_PORT=$(free_port 18290); STUB="http://127.0.0.1:$STUB_PORT"
$PIN_LOAD java -Xmx256m -XX:+UseParallelGC -jar "$BENCH_JAR" stub --port="$STUB_PORT" > "$WORK/stub.log" 2>&1 & PIDS+=($!)
wait_http "$STUB/__bench/count" 30
curl -fsS -X POST "$STUB/__bench/delay?ms=$DELAY" > /dev/null
A1_PORT=$(free_port 18300)
$PIN_SERVER "$BENCH_JAVA" $JVM_FLAGS -jar "$BENCH_JAR" floor --server.port="$A1_PORT" --vendor.base-url="$STUB" > "$WORK/A1.log" 2>&1 & PIDS+=($!)
declare -A PID URL TOK DATA JAVA_OF
JAVA_OF[A1]=$BENCH_JAVA; PID[A1]=$!; URL[A1]="http://127.0.0.1:$A1_PORT"; TOK[A1]=xoxb-bench; DATA[A1]=""
NAMES=(A1); FLOORS=(A1)
port=18310
for spec in "${SPECS[@]}"; do
  name=${spec%%=*}; jar=${spec#*=}
  javav="BENCH_JAVA_$name"; argsv="BENCH_ARGS_$name"; JAVA_OF[$name]=${!javav:-$BENCH_JAVA}
  args=${!argsv:-}; args=${args//\{stub\}/$STUB} # as in run.sh's A3_ARGS: {stub} is the vendor stub's URL
  port=$(free_port $((port + 1)))
  if [[ "$jar" == floor ]]; then # another A1: the floor app on its own java and arguments (e.g. Java 25, virtual threads)
    # shellcheck disable=SC2086
    $PIN_SERVER ${!javav:-$BENCH_JAVA} $JVM_FLAGS -jar "$BENCH_JAR" floor --server.port="$port" --vendor.base-url="$STUB" $args \
      > "$WORK/$name.log" 2>&1 &
    PIDS+=($!); PID[$name]=$!; URL[$name]="http://127.0.0.1:$port"; TOK[$name]=xoxb-bench; DATA[$name]=""; NAMES+=("$name")
    FLOORS+=("$name"); log "$name: the floor app ${!javav:-$BENCH_JAVA} $args"
    continue
  fi
  # shellcheck disable=SC2086
  $PIN_SERVER ${!javav:-$BENCH_JAVA} $JVM_FLAGS -jar "$jar" --server.port="$port" --automators.data-dir="$WORK/$name-data" \
    --automators.embedded-postgres.port=0 --automators.connectors.slack.base-url="$STUB" \
    --automators.catalog.directory="$WORK/none" --automators.routes.directory="$WORK/none" --automators.kamelets.directory="$WORK/none" \
    $args > "$WORK/$name.log" 2>&1 &
  PIDS+=($!); PID[$name]=$!; URL[$name]="http://127.0.0.1:$port"; DATA[$name]="$WORK/$name-data"; NAMES+=("$name")
  log "$name: $jar ${!javav:-$BENCH_JAVA} $args"
done
BODY='{"input":{"channel":"C123ABC456","text":"hello"}}'; export BENCH_BODY="$BODY"
for name in "${NAMES[@]}"; do
  [[ " ${FLOORS[*]} " == *" $name "* ]] && continue
  wait_http "${URL[$name]}/actuator/health" 240
  for i in $(seq 1 50); do [[ -f "${DATA[$name]}/first-run.env" ]] && break; sleep 0.2; done
  TOK[$name]=$(sed -n 's/^API_KEY=//p' "${DATA[$name]}/first-run.env")
  curl -fsS -X POST "${URL[$name]}/api/v1/connectors/slack/connect" -H "Authorization: Bearer ${TOK[$name]}" \
    -H 'Content-Type: application/json' -d '{"name":"bench","credentials":{"apiKey":"xoxb-bench"}}' > /dev/null
done
for floor in "${FLOORS[@]}"; do
  for i in $(seq 1 300); do curl -fs -o /dev/null -X POST "${URL[$floor]}/api/v1/connectors/slack/actions/send_message" \
    -H "Content-Type: application/json" -d "$BODY" && break; sleep 0.2; done
done
path=/api/v1/connectors/slack/actions/send_message
for name in "${NAMES[@]}"; do
  out=$(curl -sS -X POST "${URL[$name]}$path" -H "Authorization: Bearer ${TOK[$name]}" -H 'Content-Type: application/json' -d "$BODY")
  [[ "$out" == *'"ok":true'* ]] || { log "$name answered: $out"; exit 1; }
  log "warming $name for $WARM_S s"
  BENCH_TOKEN=${TOK[$name]} $PIN_LOAD wrk -t2 -c"$CONN" -d"${WARM_S}s" -s bench/wrk-post.lua "${URL[$name]}$path" > /dev/null
done

printf 'round\tarm\treq_s\tp50_us\tp99_us\tcpu_ms_per_req\tpg_ms_per_req\tjit_ms_per_req\n' | tee "$RAW/runs.tsv"
for r in $(seq 1 "$ROUNDS"); do
  n=${#NAMES[@]}; order=()
  for k in $(seq 0 $((n - 1))); do order+=("${NAMES[$(( (k + r) % n ))]}"); done # rotate the order per round
  for name in "${order[@]}"; do
    pg=$(pg_pid "${DATA[$name]:-/nonexistent}")
    c0=$(ticks "${PID[$name]}"); g0=$(pg_ticks "$pg"); j0=$(jit_ticks "${PID[$name]}")
    line=$(BENCH_TOKEN=${TOK[$name]} $PIN_LOAD wrk -t2 -c"$CONN" -d"${SECS}s" -s bench/wrk-post.lua "${URL[$name]}$path" | sed -n 's/^BENCH_JSON //p')
    c1=$(ticks "${PID[$name]}"); g1=$(pg_ticks "$pg"); j1=$(jit_ticks "${PID[$name]}")
    python3 - "$r" "$name" "$line" "$((c1 - c0))" "$((g1 - g0))" "$(getconf CLK_TCK)" "$((j1 - j0))" <<'EOF' | tee -a "$RAW/runs.tsv"
import json, sys
r, name, line, cpu, pg, hz, jit = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
n = max(1, line["requests"] - line["errors_status"])
print(f'{r}\t{name}\t{n / (line["duration_us"] / 1e6):.0f}\t{line["p50_us"]}\t{line["p99_us"]}\t{cpu * 1000 / hz / n:.4f}\t{pg * 1000 / hz / n:.4f}\t{jit * 1000 / hz / n:.4f}')
EOF
  done
done
python3 - "$RAW/runs.tsv" <<'EOF' | tee "$RAW/summary.txt"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
arms = list(dict.fromkeys(r['arm'] for r in rows))
med = lambda a, k: statistics.median(float(r[k]) for r in rows if r['arm'] == a)
spread = lambda a, k: (min(float(r[k]) for r in rows if r['arm'] == a), max(float(r[k]) for r in rows if r['arm'] == a))
a1 = med('A1', 'cpu_ms_per_req')
print('arm\tCPU ms/req (median, min-max)\tx A1\tPG ms/req\tJIT ms/req\treq/s\tp50 us\tp99 us')
for a in arms:
    c = med(a, 'cpu_ms_per_req'); lo, hi = spread(a, 'cpu_ms_per_req')
    print(f"{a}\t{c:.4f} ({lo:.4f}-{hi:.4f})\t{c / a1:.2f}x\t{med(a, 'pg_ms_per_req'):.4f}\t{med(a, 'jit_ms_per_req'):.4f}\t{med(a, 'req_s'):.0f}\t{med(a, 'p50_us'):.0f}\t{med(a, 'p99_us'):.0f}")
EOF
if [[ "${JFR:-0}" == 1 ]]; then
  for name in "${NAMES[@]}"; do
    log "JFR on $name (20 s)"
    "$(jcmd_of "${JAVA_OF[$name]}")" "${PID[$name]}" JFR.start name=ab settings=profile filename="$RAW/$name.jfr" > /dev/null
    BENCH_TOKEN=${TOK[$name]} $PIN_LOAD wrk -t2 -c"$CONN" -d20s -s bench/wrk-post.lua "${URL[$name]}$path" > /dev/null
    "$(jcmd_of "${JAVA_OF[$name]}")" "${PID[$name]}" JFR.stop name=ab > /dev/null
    "${JAVA_OF[$name]}" -jar "$BENCH_JAR" jfr-summary --file="$RAW/$name.jfr" > "$RAW/profile-$name.txt"
  done
  log "profiles: $RAW/profile-*.txt"
fi
if [[ -n "${ASYNC_PROFILER:-}" ]]; then
  # async-profiler (Maven Central: tools.profiler:async-profiler:4.1:jar:linux-x64, unzip linux-x64/libasyncProfiler.so),
  # loaded into each running arm: CPU samples every 200 µs of 20 s under the same wrk load, as collapsed stacks.
  for name in "${NAMES[@]}"; do
    log "async-profiler on $name (20 s)"
    "$(jcmd_of "${JAVA_OF[$name]}")" "${PID[$name]}" JVMTI.agent_load "$ASYNC_PROFILER" "\"start,event=itimer,interval=200us\"" > /dev/null
    BENCH_TOKEN=${TOK[$name]} $PIN_LOAD wrk -t2 -c"$CONN" -d20s -s bench/wrk-post.lua "${URL[$name]}$path" > /dev/null
    "$(jcmd_of "${JAVA_OF[$name]}")" "${PID[$name]}" JVMTI.agent_load "$ASYNC_PROFILER" "\"stop,collapsed,file=$RAW/$name.collapsed\"" > /dev/null
  done
  log "collapsed stacks: $RAW/*.collapsed"
fi
log "results: $RAW/summary.txt"
