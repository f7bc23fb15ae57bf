#!/usr/bin/env bash
# Summarises a JFR recording's CPU samples (jdk.ExecutionSample): the hottest top frames (self time) and the
# methods most often on the stack (inclusive time), as percentages of all samples.
# Usage: benchmarks/scripts/jfr-hot.sh recording.jfr [rows] [filter-regex]
set -euo pipefail
jfr_file=${1:?usage: jfr-hot.sh recording.jfr [rows] [filter-regex]}
rows=${2:-25}
filter=${3:-.}
jfr print --stack-depth 64 --events jdk.ExecutionSample "$jfr_file" | awk -v rows="$rows" -v filter="$filter" '
  function flush() {
    if (n > 0 && keep) {
      total++; self[frames[1]]++
      delete seen
      for (i = 1; i <= n; i++) if (!(frames[i] in seen)) { seen[frames[i]] = 1; incl[frames[i]]++ }
    }
    n = 0; keep = 0
  }
  /stackTrace = \[/ { flush(); inside = 1; next }
  inside && /^[[:space:]]*\]/ { inside = 0; flush(); next }
  inside {
    line = $0; sub(/^[[:space:]]+/, "", line); sub(/[[:space:]]+line:.*/, "", line)
    if (line == "...") next
    frames[++n] = line
    if (line ~ filter) keep = 1
  }
  END {
    flush()
    printf "samples: %d\n-- self (top frame) --\n", total
    for (f in self) printf "%6.1f%%  %s\n", 100 * self[f] / total, f | "sort -rn | head -" rows
    close("sort -rn | head -" rows)
    printf "-- inclusive (on stack) --\n"
    for (f in incl) printf "%6.1f%%  %s\n", 100 * incl[f] / total, f | "sort -rn | head -" rows
  }'
