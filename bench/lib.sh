# Shared by bench/run.sh and bench/cpu-ab.sh (sourced): logging, the ports and processes they start, and the
# cleanup that stops every one of them (also an embedded PostgreSQL whose JVM was killed). The sourcing script
# sets LOG_TAG, WORK (its temporary directory), RAW (where logs are kept) and PIDS=() first.
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
