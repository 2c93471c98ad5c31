#!/usr/bin/env bash
# The CI benchmark (<= 3 minutes), from the project root: bench/smoke.sh
# A0/A1/A2 at a 0 ms stub and one connection (open loop, 3 repetitions of 3 s), wrk at 0 ms/c10, 20 ms/c10 and
# 20 ms/c50 (one repetition of 4 s), the event path (50,000 rows burst, 20,000 rows/s for 4 s) and the catalog at 10 and 1,000 connectors.
# Prints the ratios against the targets. Exits 0 even when a target is missed; non-zero only when the
# harness itself fails. Raw files and the report go to bench/results/raw/smoke-<time>/.
exec "$(dirname "$0")/run.sh" --smoke
