# shellcheck shell=bash
# Leasehold's namespace lab kit for shell scripts: source it, then create namespaces, background processes and
# temporary directories only through it, so that everything is removed on every way out.
#
#   source "$ROOT/dhcp-testing/scripts/labkit.sh"
#   labkit_init seed000                 # tag, work dir ($LAB_WORK), traps, parent watchdog, sweep of dead labs
#   NS=$(labkit_ns lz1)                 # namespace lz1-<tag>; safe in $(...) because it is recorded in a file
#   some-daemon & labkit_pid $!         # (processes inside a lab namespace are killed with it anyway)
#
# The record of a lab lives in $LABKIT_STATE/<tag>/ (default /run/leasehold-labs): the owner process and its start
# time, the namespaces, the process ids and the paths it made. The Java harness (io.leasehold.dhcp.testing.Netns)
# keeps the same record, so a lab of either kind whose owner died without cleaning up (kill -9 of the script or of
# the test JVM) is removed by the next lab that starts, shell or Java.
#
# On exit (normal, failure, Ctrl-C, TERM, HUP, or the parent going away) the lab kills its processes, deletes its
# namespaces (which removes their veth pairs and the mounts of processes inside them), removes its paths, then
# checks that none of its namespaces and processes survived; a survivor is printed as "labkit: LEAK ..." and turns
# the exit status into 1.

LABKIT_STATE="${LABKIT_STATE:-/run/leasehold-labs}"

# _labkit_start PID: the process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or nothing.
_labkit_start() {
  local -; set +eu
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  s=${s##*) }
  set -- $s
  echo "${20}"
}

# _labkit_reap DIR: removes what the lab recorded in DIR (namespaces, live processes, paths), then DIR itself.
_labkit_reap() {
  local -; set +eu   # best effort: a kill or delete that fails must not end the cleanup
  local dir="$1" ns pid start p
  if [ -f "$dir/pids" ]; then
    while read -r pid start; do
      [ -n "$pid" ] && [ "$(_labkit_start "$pid")" = "$start" ] && kill -KILL "$pid" 2>/dev/null
    done <"$dir/pids"
  fi
  if [ -f "$dir/namespaces" ]; then
    while read -r ns; do
      [ -n "$ns" ] || continue
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
      for _ in $(seq 1 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break; sleep 0.1; done
      ip netns del "$ns" 2>/dev/null
    done <"$dir/namespaces"
  fi
  if [ -f "$dir/paths" ]; then
    while read -r p; do
      case "$p" in /tmp/*|/var/tmp/*) rm -rf -- "$p" ;; esac
    done <"$dir/paths"
  fi
  rm -rf -- "$dir"
}

# labkit_sweep: removes every recorded lab whose owner process is gone (or is another process with the same pid).
labkit_sweep() {
  local -; set +eu
  local dir pid start
  [ -d "$LABKIT_STATE" ] || return 0
  for dir in "$LABKIT_STATE"/*/; do
    [ -f "$dir/owner" ] || continue
    read -r pid start <"$dir/owner"
    if [ "$(_labkit_start "$pid")" != "$start" ]; then
      echo "labkit: removing the leftovers of a dead lab ($(basename "$dir"))" >&2
      _labkit_reap "${dir%/}"
    fi
  done
}

# labkit_init NAME: starts a lab. Sets LAB_TAG, LAB_DIR (its record) and LAB_WORK (a temporary directory).
labkit_init() {
  [ "$(id -u)" -eq 0 ] || { echo "labkit: run as root (network namespaces)" >&2; exit 1; }
  mkdir -p "$LABKIT_STATE"
  labkit_sweep
  LAB_TAG="$(printf '%04x' $((RANDOM)))"
  while [ -e "$LABKIT_STATE/$LAB_TAG" ]; do LAB_TAG="$(printf '%04x' $((RANDOM)))"; done
  LAB_DIR="$LABKIT_STATE/$LAB_TAG"
  mkdir -p "$LAB_DIR"
  echo "$$ $(_labkit_start $$)" >"$LAB_DIR/owner"
  : >"$LAB_DIR/namespaces"; : >"$LAB_DIR/pids"; : >"$LAB_DIR/paths"
  LAB_WORK="$(mktemp -d "/tmp/${1:-lab}.XXXXXX")"
  echo "$LAB_WORK" >>"$LAB_DIR/paths"
  trap labkit_cleanup EXIT
  trap 'echo "labkit: interrupted" >&2; exit 130' INT
  trap 'echo "labkit: terminated" >&2; exit 143' TERM HUP
  # The parent (a test JVM, a terminal) going away ends the lab: nothing is left running for nobody.
  local parent=$PPID self=$$
  ( while kill -0 "$parent" 2>/dev/null && kill -0 "$self" 2>/dev/null; do sleep 1; done
    kill -TERM "$self" 2>/dev/null ) >/dev/null 2>&1 &
  LABKIT_WATCHDOG=$!
}

# labkit_ns BASE: creates namespace BASE-<tag> with its loopback up and prints its name.
labkit_ns() {
  local n="$1-$LAB_TAG"
  echo "$n" >>"$LAB_DIR/namespaces"
  ip netns add "$n" && ip -n "$n" link set lo up && echo "$n"
}

# labkit_pid PID: a process to kill at the end (processes inside the lab's namespaces need not be recorded).
labkit_pid() { echo "$1 $(_labkit_start "$1")" >>"$LAB_DIR/pids"; }

# labkit_path PATH: a file or directory under /tmp to remove at the end.
labkit_path() { echo "$1" >>"$LAB_DIR/paths"; }

# labkit_cleanup: the EXIT trap. Removes everything, then checks that nothing survived.
labkit_cleanup() {
  local rc=$? leaks=0 ns pid start
  set +eu
  trap - EXIT INT TERM HUP
  [ -n "${LABKIT_WATCHDOG:-}" ] && kill "$LABKIT_WATCHDOG" 2>/dev/null
  [ -n "${LAB_DIR:-}" ] && [ -d "$LAB_DIR" ] || exit "$rc"
  if [ -n "${KEEP_LOGS:-}" ]; then
    echo "labkit: logs kept in $LAB_WORK" >&2
    grep -vx "$LAB_WORK" "$LAB_DIR/paths" >"$LAB_DIR/paths.new" || true
    mv "$LAB_DIR/paths.new" "$LAB_DIR/paths"
  fi
  local record; record="$(mktemp -d /tmp/labkit-check.XXXXXX)"
  cp "$LAB_DIR/namespaces" "$LAB_DIR/pids" "$record/"
  _labkit_reap "$LAB_DIR"
  while read -r ns; do
    [ -n "$ns" ] || continue
    if ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$ns"; then
      echo "labkit: LEAK namespace $ns survived" >&2; leaks=1
    fi
  done <"$record/namespaces"
  while read -r pid start; do
    if [ -n "$pid" ] && [ "$(_labkit_start "$pid")" = "$start" ]; then
      echo "labkit: LEAK process $pid survived" >&2; leaks=1
    fi
  done <"$record/pids"
  rm -rf "$record"
  [ "$leaks" -eq 0 ] || rc=1
  exit "$rc"
}

# labkit_lh_cmd JAR JAVA JAVA_OPTS [AOT_CACHE]: sets the array LH_CMD to the command that starts the standalone
# Leasehold server (its arguments follow). Without AOT_CACHE: JAVA JAVA_OPTS -jar JAR. With it: README's launcher,
# dhcp-examples/bin/leasehold-dhcp4, on the JVM it picks (JDK 25+; JAVA unless that is plain "java") with the AOT
# cache AOT_CACHE, which labkit_aot_train made before. Either way the process started is the JVM itself (exec).
labkit_lh_cmd() {
  local jar=$1 java=$2 opts=$3 cache=${4:-}
  if [ -z "$cache" ]; then
    # shellcheck disable=SC2206
    LH_CMD=("$java" $opts -jar "$jar")
  else
    LH_CMD=(env LEASEHOLD_JAR="$jar" LEASEHOLD_AOT_CACHE="$cache" LEASEHOLD_JAVA_OPTS="$opts" LEASEHOLD_AOT_RETRAIN=never)
    [ "$java" = java ] || LH_CMD+=(LEASEHOLD_JAVA="$java")
    LH_CMD+=("$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/dhcp-examples/bin/leasehold-dhcp4")
  fi
}

# labkit_aot_train JAR JAVA JAVA_OPTS AOT_CACHE CONFIG: unless AOT_CACHE exists, a training run of the launcher on
# CONFIG (the server's warm-up, nothing served; see --train) that writes AOT_CACHE; its output goes to
# AOT_CACHE.log. Fails when the launcher made no cache (no JDK 25+ found, or the training failed).
labkit_aot_train() {
  local jar=$1 java=$2 opts=$3 cache=$4 config=$5
  [ -s "$cache" ] && return 0
  labkit_lh_cmd "$jar" "$java" "$opts" "$cache"
  "${LH_CMD[@]}" --train -c "$config" >"$cache.log" 2>&1 || true
  if [ ! -s "$cache" ]; then
    echo "labkit: no AOT cache was made (a JDK 25 or later is needed); the training run said:" >&2
    tail -5 "$cache.log" >&2
    return 1
  fi
}
