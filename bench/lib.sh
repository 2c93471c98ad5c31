# Shared by bench/run.sh, bench/cpu-ab.sh and bench/startup-aot.sh (sourced from the project root, after
# `set -euo pipefail`, with LOG_TAG and RAW_NAME set): the run's raw-file directory bench/results/raw/<RAW_NAME>-<time>
# (RAW), its temporary directory (WORK), the jars and how they are built when stale, logging, the ports and
# processes a script starts (PIDS), and the cleanup that stops every one of them (also an embedded PostgreSQL
# whose JVM was killed).
ROOT=$PWD
STAMP=$(date +%Y%m%d-%H%M%S)
RAW="$ROOT/bench/results/raw/$RAW_NAME-$STAMP"
mkdir -p "$RAW"
WORK=$(mktemp -d /tmp/automators-bench.XXXXXX)
PIDS=()
RUNTIME_JAR="$ROOT/target/automators-connectors-0.1.0-SNAPSHOT-exec.jar"
BENCH_JAR="$ROOT/bench/target/automators-bench.jar"
M2_JAR="$HOME/.m2/repository/io/automators/automators-connectors/0.1.0-SNAPSHOT/automators-connectors-0.1.0-SNAPSHOT.jar"

log() { printf '[%s %s] %s\n' "${LOG_TAG:-bench}" "$(date +%H:%M:%S)" "$*"; }

stop_pid() { # pid: TERM, wait up to 30 s, then KILL
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  # An embedded PostgreSQL whose JVM was killed outlives it: stop the ones under our work dir, by pid.
  while IFS= read -r f; do
    local pg; pg=$(head -1 "$f" 2>/dev/null || true)
    if [[ -n "$pg" ]] && grep -qa -- "$WORK" "/proc/$pg/cmdline" 2>/dev/null; then
      kill -INT "$pg" 2>/dev/null || true
      for i in $(seq 1 50); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pg" 2>/dev/null || true
    fi
  done < <(find "$WORK" -name postmaster.pid 2>/dev/null)
  cp "$WORK"/*.log "$RAW"/ 2>/dev/null || true
  rm -rf "$WORK"
  [[ $rc -ne 0 ]] && log "FAILED (rc $rc); logs in $RAW"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # first free TCP port from $1 on 127.0.0.1
  local p=$1
  while (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

wait_http() { # url timeout_s
  local url=$1 t=$2 i
  for i in $(seq 1 $((t * 10))); do
    curl -fs -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  log "no answer from $url after $t s"; return 1
}

# The JVM of the servers under test (A1, A2, A3, the catalog's runtimes): BENCH_JAVA, else the JDK CI tests on
# (.ci/java-home: Java 21+ where the machine has one, so both serve on virtual threads), else the default java.
if [[ -z "${BENCH_JAVA:-}" ]]; then
  BENCH_JAVA=$(jdk=$("$(dirname "${BASH_SOURCE[0]}")/../.ci/java-home"); [[ -n "$jdk" ]] && echo "$jdk/bin/java" || echo java)
fi
BENCH_JAVA_VERSION=$("$BENCH_JAVA" -version 2>&1 | head -1)
jcmd_of() { # java -> the jcmd of the same JDK (an older jcmd may not attach to a newer JVM)
  if [[ -x "$(dirname "$1")/jcmd" ]]; then echo "$(dirname "$1")/jcmd"; else echo jcmd; fi
}
BENCH_JCMD=$(jcmd_of "$BENCH_JAVA")
BENCH_JAVA_FEATURE=$(sed -n 's/.*version "\([0-9]*\).*/\1/p' <<< "$BENCH_JAVA_VERSION")

ensure_runtime_jar() { # builds the runtime when src/ or pom.xml is newer than its jar (offline first; a fresh machine fetches)
  if [[ ! -f "$RUNTIME_JAR" || ! -f "$M2_JAR" || -n "$(find src pom.xml -newer "$RUNTIME_JAR" -print -quit)" ]]; then
    log "building the runtime (./mvnw -q -o -DskipTests install)"
    ./mvnw -q -o -DskipTests install 2>/dev/null || ./mvnw -q -ntp -DskipTests install
  fi
}

ensure_bench_jar() { # builds the bench when its sources, or the runtime it depends on, are newer than its jar
  if [[ ! -f "$BENCH_JAR" || -n "$(find bench/src bench/pom.xml "$M2_JAR" -newer "$BENCH_JAR" -print -quit)" ]]; then
    log "building the bench (mvn -q -o -f bench/pom.xml package)"
    mvn -q -o -f bench/pom.xml package 2>/dev/null || mvn -q -ntp -f bench/pom.xml package
  fi
}
