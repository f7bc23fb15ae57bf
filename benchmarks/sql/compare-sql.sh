#!/usr/bin/env bash
# Lease database benchmarks (#16): DORA/s at <= --drop-limit % drops and CPU per DORA with the leases in PostgreSQL
# or MariaDB. Kea 2.2 and Leasehold run side by side in one run against the same database server, each with its own
# database on it (created with kea-admin db-init); then two Leasehold servers share one database and one pool.
#
#   sudo benchmarks/sql/compare-sql.sh [options]
#
# Lab (namespaces made for this run and removed on every way out, through dhcp-testing/scripts/labkit.sh):
#   db       the database server, started from the installed binaries into a temporary directory (PostgreSQL:
#            initdb and postgres as the postgres user; MariaDB: mariadb-install-db and mariadbd as mysql), listening
#            on 198.51.100.254 on a bridge of its own
#   s1, s2   the DHCP servers: 192.0.2.1/24 towards their client namespace, 198.51.100.1 / .2 on the bridge
#   c1, c2   perfdhcp acting as a relay (-l 192.0.2.2), one per server, so every query is a relayed unicast
# Nothing leaves the namespaces; every perfdhcp run is bounded (-p and timeout), and the whole run by --time-limit.
#
# Setups (--setups), per database type (--backends):
#   kea               one kea-dhcp4, its own database
#   leasehold         one Leasehold (the standalone jar), its own database
#   leasehold-shared  two Leasehold servers on one database with the same subnet and pool; perfdhcp sends half the
#                     rate to each, with distinct MAC ranges (-b mac=...), so the two servers race for addresses
#   kea-shared        the same with two kea-dhcp4 (for reference)
# A Leasehold setup may name its allocator after a colon (leasehold-shared:random); --allocator sets the others'.
# The configuration text is the same for Kea and Leasehold: compare.sh's (one /8 subnet selected by the relay
# address, a 2M-address pool, multi-threading with --threads threads and a 64-packet queue, 4000 s leases), with
# lease-database pointing at the setup's database; --allocator sets the subnet's allocator (iterative is Kea 2.2's
# only one; Kea 2.2 refuses the key, so it is only written for Leasehold setups).
#
# A step wipes the setup's lease tables, starts fresh server(s), warms them up for --warmup s at --warmup-rate
# (unmeasured; a JVM compiles its hot path meanwhile), then runs perfdhcp at the step's rate for --duration s. It
# passes when both exchanges lost at most --drop-limit % and perfdhcp really sent 95 % of the DISCOVERs (else the
# load generator was the limit: "client"). Rates: a ladder (--rates) climbed by all setups together, every setup
# at one rate before any goes to the next, so on a shared machine they meet the same load; a setup leaves the
# ladder after two failed rates in a row. A NAK is not an answer perfdhcp counts, so NAKs (the shared setups'
# collisions) show as REQUEST-ACK drops; each step also prints the servers' pkt4-nak-sent over the run.
# CPU per DORA of each step: utime+stime of the server process(es) from /proc/<pid>/stat over the measured run,
# divided by the ACKs perfdhcp received; the same for every process of the database namespace ("db").
# Statements per DORA: statements the database ran over the measured run (PostgreSQL: pg_stat_statements of the
# setup's database; MariaDB: the server's Questions) divided by the ACKs; DORAs that got no ACK count too, so it
# reads high when drops are high.
#
# Options:
#   --backends LIST   comma list of pgsql,mysql                                        (pgsql,mysql)
#   --setups LIST     comma list of kea,leasehold,leasehold-shared,kea-shared          (kea,leasehold,leasehold-shared)
#   --duration S      seconds per measured perfdhcp run                               (10)
#   --rates LIST      the ladder of DORA/s                         (250,500,750,1000,1500,2000,3000,4000,6000)
#   --drop-limit P    drop percentage allowed                                          (0.5)
#   --threads N       multi-threading thread-pool-size of every server                 (2)
#   --warmup S        unmeasured seconds after each start                              (20)
#   --warmup-rate R   rate of the warm-up (halved per server in shared setups)         (1000)
#   --allocator A     Leasehold's allocator: iterative, random or flq                   (iterative)
#   --returning       measure clients the warm-up already leased to (the warm-up then uses the measured run's MAC
#                     range; perfdhcp's sequence of MACs is the same in every run), i.e. DORAs that find and reuse
#                     their lease; default: the warm-up uses other MACs, so every measured DORA is a new lease
#   --durable         keep the databases' fsync and synchronous commits on (default off, as the test harness)
#   --jar PATH        the standalone Leasehold jar (dhcp-examples/target/leasehold-dhcp4.jar; built if missing)
#   --java-opts "..." JVM options for Leasehold                                         (-Xms1g -Xmx1g)
#   --keep DIR        keep configurations, logs and perfdhcp outputs in DIR
#   --time-limit S    hard limit for the whole run, then stopped and cleaned up         (3600)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BACKENDS=pgsql,mysql
SETUPS=kea,leasehold,leasehold-shared
DURATION=10
RATES=250,500,750,1000,1500,2000,3000,4000,6000
DROP_LIMIT=0.5
THREADS=2
WARMUP=20
WARMUP_RATE=1000
ALLOCATOR=iterative
DURABLE=
RETURNING=
JAR=$ROOT/dhcp-examples/target/leasehold-dhcp4.jar
JAVA_OPTS="-Xms1g -Xmx1g"
KEEP=
TIME_LIMIT=3600
DB_PASSWORD=kea-bench-pw

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --backends) BACKENDS=$2; shift ;;
    --setups) SETUPS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --rates) RATES=$2; shift ;;
    --drop-limit) DROP_LIMIT=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --warmup-rate) WARMUP_RATE=$2; shift ;;
    --allocator) ALLOCATOR=$2; shift ;;
    --durable) DURABLE=1 ;;
    --returning) RETURNING=1 ;;
    --jar) JAR=$2; shift ;;
    --java-opts) JAVA_OPTS=$2; shift ;;
    --keep) KEEP=$2; shift ;;
    --time-limit) TIME_LIMIT=$2; shift ;;
    -h|--help) usage 0 ;;
    *) echo "compare-sql.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ $RATES =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "compare-sql.sh: --rates is a comma list of rates" >&2; exit 2; }
for n in DURATION THREADS WARMUP_RATE TIME_LIMIT; do
  [[ ${!n} =~ ^[0-9]+$ ]] && [ "${!n}" -gt 0 ] || { echo "compare-sql.sh: --${n,,} must be a positive integer" >&2; exit 2; }
done
[[ $WARMUP =~ ^[0-9]+$ ]] || { echo "compare-sql.sh: --warmup must be a number of seconds" >&2; exit 2; }
[ "$DURATION" -le 120 ] || { echo "compare-sql.sh: --duration is at most 120 s" >&2; exit 2; }
for b in ${BACKENDS//,/ }; do case "$b" in pgsql|mysql) ;; *) echo "compare-sql.sh: unknown backend '$b'" >&2; exit 2 ;; esac; done
for s in ${SETUPS//,/ }; do
  case "$s" in
    kea|kea-shared|leasehold|leasehold-shared|leasehold:iterative|leasehold:random|leasehold:flq) ;;
    leasehold-shared:iterative|leasehold-shared:random|leasehold-shared:flq) ;;
    *) echo "compare-sql.sh: unknown setup '$s'" >&2; exit 2 ;;
  esac
done
case "$ALLOCATOR" in iterative|random|flq) ;; *) echo "compare-sql.sh: --allocator iterative|random|flq" >&2; exit 2 ;; esac

need() { command -v "$1" >/dev/null 2>&1 || { echo "compare-sql.sh: '$1' is not installed ($2)" >&2; exit 3; }; }
[ "$(id -u)" = 0 ] || { echo "compare-sql.sh: needs root (network namespaces, database users)" >&2; exit 3; }
need ip iproute2; need perfdhcp "apt-get install kea-admin"; need kea-admin kea-admin; need ss iproute2
need setpriv util-linux; need python3 python3; need java "a JDK 17"
[[ ",$SETUPS," == *,kea* ]] && need kea-dhcp4 "apt-get install kea-dhcp4-server"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ ",$BACKENDS," == *,pgsql,* ]] && { [ -x "$PG_BIN/postgres" ] || { echo "compare-sql.sh: PostgreSQL server binaries are not installed" >&2; exit 3; }; }
[[ ",$BACKENDS," == *,mysql,* ]] && { [ -x /usr/sbin/mariadbd ] || { echo "compare-sql.sh: mariadbd is not installed" >&2; exit 3; }; }
if [[ ",$SETUPS," == *,leasehold* ]] && [ ! -f "$JAR" ]; then
  echo "building $JAR ..."
  (cd "$ROOT" && mvn -q -o -pl dhcp-examples -am package -DskipTests)
fi

source "$ROOT/dhcp-testing/scripts/labkit.sh"
labkit_init leasehold-sql
TAG=$LAB_TAG
WORK=$LAB_WORK
NS_DB=$(labkit_ns lhq-db)
NS_S1=$(labkit_ns lhq-s1)
NS_S2=$(labkit_ns lhq-s2)
NS_C1=$(labkit_ns lhq-c1)
NS_C2=$(labkit_ns lhq-c2)
DB_ADDR=198.51.100.254
SERVER=192.0.2.1
RELAY=192.0.2.2
PIDS=()
SUMMARY=()

cleanup() {
  local rc=$?
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp -r "$WORK"/. "$KEEP"/ 2>/dev/null && echo "kept logs in $KEEP"; fi
  (exit $rc); labkit_cleanup
}
START_SECONDS=$SECONDS
trap cleanup EXIT
trap 'if [ $((SECONDS - START_SECONDS)) -ge "$TIME_LIMIT" ]; then echo "compare-sql.sh: time limit of $TIME_LIMIT s reached, stopped" >&2; else echo "compare-sql.sh: interrupted" >&2; fi; exit 130' INT TERM
( end=$((SECONDS + TIME_LIMIT)); while [ $SECONDS -lt $end ]; do sleep 1; kill -0 $$ || exit 0; done
  kill -TERM $$ ) >/dev/null 2>&1 &
WATCHDOG=$!

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# ---- lab: a bridge in the database namespace; each server namespace has a leg on it and a veth to its client ----
VETHS=0
veth() {   # veth <nsA> <ifA> <cidrA|-> <nsB> <ifB> <cidrB|->
  VETHS=$((VETHS + 1))
  local a="lhq${TAG}a$VETHS" b="lhq${TAG}b$VETHS"
  ip link add "$a" netns "$1" type veth peer name "$b" netns "$4"   # never in the host's namespace
  ip -n "$1" link set "$a" name "$2"; ip -n "$4" link set "$b" name "$5"
  [ "$3" = - ] || ip -n "$1" addr add "$3" dev "$2"
  [ "$6" = - ] || ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up; ip -n "$4" link set "$5" up
}
ip -n "$NS_DB" link add br0 type bridge
ip -n "$NS_DB" addr add $DB_ADDR/24 dev br0
ip -n "$NS_DB" link set br0 up
veth "$NS_S1" d0 198.51.100.1/24 "$NS_DB" p1 -
veth "$NS_S2" d0 198.51.100.2/24 "$NS_DB" p2 -
ip -n "$NS_DB" link set p1 master br0; ip -n "$NS_DB" link set p2 master br0
veth "$NS_S1" s0 $SERVER/24 "$NS_C1" c0 $RELAY/24
veth "$NS_S2" s0 $SERVER/24 "$NS_C2" c0 $RELAY/24

# ---- the database server ----
DB_DIR=$(mktemp -d /tmp/leasehold-sql-db.XXXXXX)
labkit_path "$DB_DIR"
DB_KIND=
DB_PORT=
DB_PID=
as_user() { local u=$1; shift; setpriv --reuid="$u" --regid="$u" --init-groups -- "$@"; }

db_start() {   # db_start pgsql|mysql
  DB_KIND=$1
  rm -rf "${DB_DIR:?}"/*
  if [ "$DB_KIND" = pgsql ]; then
    DB_PORT=5432
    chown postgres: "$DB_DIR"
    as_user postgres "$PG_BIN/initdb" -D "$DB_DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --no-sync -E UTF8 --locale=C >"$DB_DIR/initdb.log" 2>&1
    echo "host all all 198.51.100.0/24 scram-sha-256" >>"$DB_DIR/data/pg_hba.conf"
    local sync=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
    [ -n "$DURABLE" ] && sync=()
    ip netns exec "$NS_DB" setpriv --reuid=postgres --regid=postgres --init-groups -- "$PG_BIN/postgres" \
      -D "$DB_DIR/data" -p $DB_PORT -k "$DB_DIR" -c listen_addresses=$DB_ADDR -c max_connections=100 \
      -c shared_buffers=128MB -c shared_preload_libraries=pg_stat_statements "${sync[@]}" \
      >"$DB_DIR/server.log" 2>&1 &
    DB_PID=$!; PIDS+=("$DB_PID")
    for _ in $(seq 1 300); do db_sql "SELECT 1" >/dev/null 2>&1 && break; sleep 0.2; done
    db_sql "CREATE USER kea PASSWORD '$DB_PASSWORD'" >/dev/null
  else
    DB_PORT=3306
    chown mysql: "$DB_DIR"
    mariadb-install-db --no-defaults --datadir="$DB_DIR/data" --auth-root-authentication-method=normal \
      --skip-test-db --user=mysql >"$DB_DIR/install.log" 2>&1
    local sync=(--innodb-flush-log-at-trx-commit=0 --innodb-flush-method=nosync --innodb-doublewrite=0)
    [ -n "$DURABLE" ] && sync=()
    ip netns exec "$NS_DB" setpriv --reuid=mysql --regid=mysql --init-groups -- /usr/sbin/mariadbd --no-defaults \
      --datadir="$DB_DIR/data" --port=$DB_PORT --bind-address=$DB_ADDR --socket="$DB_DIR/mariadbd.sock" \
      --pid-file="$DB_DIR/mariadbd.pid" --skip-name-resolve --innodb-buffer-pool-size=128M --max-connections=300 \
      "${sync[@]}" >"$DB_DIR/server.log" 2>&1 &
    DB_PID=$!; PIDS+=("$DB_PID")
    for _ in $(seq 1 300); do db_sql "SELECT 1" >/dev/null 2>&1 && break; sleep 0.2; done
    db_sql "CREATE USER 'kea'@'%' IDENTIFIED BY '$DB_PASSWORD'" >/dev/null
  fi
  db_sql "SELECT 1" >/dev/null || { echo "compare-sql.sh: the $DB_KIND server did not start:" >&2; tail -20 "$DB_DIR/server.log" >&2; exit 4; }
  log "$DB_KIND server up on $DB_ADDR:$DB_PORT ($( [ -n "$DURABLE" ] && echo durable || echo 'fsync and synchronous commit off'))"
}

db_stop() {   # the server and its backends are the only processes in the database namespace
  local p keep=()
  kill -TERM "$DB_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do [ -z "$(ip netns pids "$NS_DB")" ] && break; sleep 0.2; done
  for p in $(ip netns pids "$NS_DB"); do kill -KILL "$p" 2>/dev/null || true; done
  wait "$DB_PID" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [ "$p" = "$DB_PID" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

db_sql() {   # as the superuser through the unix socket
  if [ "$DB_KIND" = pgsql ]; then
    as_user postgres "$PG_BIN/psql" -h "$DB_DIR" -p $DB_PORT -U postgres -d "${DB_NAME_FOR_SQL:-postgres}" \
      -v ON_ERROR_STOP=1 -Atq -c "$1"
  else
    mariadb --no-defaults -S "$DB_DIR/mariadbd.sock" -u root -N -B ${DB_NAME_FOR_SQL:+-D "$DB_NAME_FOR_SQL"} -e "$1"
  fi
}

db_create() {   # db_create NAME: a database owned by kea with Kea's schema from kea-admin db-init
  local name=$1
  if [ "$DB_KIND" = pgsql ]; then
    db_sql "CREATE DATABASE $name OWNER kea" >/dev/null
    ip netns exec "$NS_S1" kea-admin db-init pgsql -u kea -p "$DB_PASSWORD" -n "$name" -h $DB_ADDR -P $DB_PORT \
      >"$WORK/kea-admin-$name.log" 2>&1 \
      && DB_NAME_FOR_SQL=$name db_sql "CREATE EXTENSION pg_stat_statements" >/dev/null   # kea-admin wants it empty
  else
    db_sql "CREATE DATABASE $name; GRANT ALL ON $name.* TO 'kea'@'%'" >/dev/null
    # Kea 2.2's kea-admin drops the port for its creation script: pass it to every mysql call as well
    ip netns exec "$NS_S1" kea-admin db-init mysql -u kea -p "$DB_PASSWORD" -n "$name" -h $DB_ADDR -P $DB_PORT \
      -x --port=$DB_PORT >"$WORK/kea-admin-$name.log" 2>&1
  fi || { echo "compare-sql.sh: kea-admin db-init $DB_KIND $name failed:" >&2; tail -20 "$WORK/kea-admin-$name.log" >&2; exit 4; }
}

db_wipe() {   # db_wipe NAME: empties Kea's lease and statistics tables
  local t
  for t in lease4 lease4_stat lease4_stat_by_client_class; do
    DB_NAME_FOR_SQL=$1 db_sql "TRUNCATE TABLE $t" >/dev/null 2>&1 || true
  done
}

db_rows() { DB_NAME_FOR_SQL=$1 db_sql "SELECT COUNT(*) FROM lease4"; }

# db_statements NAME: statements run so far: on PostgreSQL those of the database NAME (pg_stat_statements), on
# MariaDB the server's Questions (only one setup's servers run at a time)
db_statements() {
  if [ "$DB_KIND" = pgsql ]; then
    DB_NAME_FOR_SQL=$1 db_sql "SELECT COALESCE(sum(s.calls), 0) FROM pg_stat_statements s JOIN pg_database d
                               ON d.oid = s.dbid WHERE d.datname = '$1'"
  else
    db_sql "SHOW GLOBAL STATUS LIKE 'Questions'" | awk '{ print $2 }'
  fi
}

# ---- servers ----
config() {   # config <dir> <impl> <database> <allocator>
  local dir=$1 impl=$2 name=$3 type=postgresql alloc=""
  [ "$DB_KIND" = mysql ] && type=mysql
  [ "$impl" = leasehold ] && alloc="\"allocator\": \"$4\","
  cat >"$dir/dhcp4.json" <<EOF
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "s0" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "$type", "name": "$name", "host": "$DB_ADDR", "port": $DB_PORT,
                        "user": "kea", "password": "$DB_PASSWORD", "connect-timeout": 5 },
    "control-socket": { "socket-type": "unix", "socket-name": "$dir/ctrl.sock" },
    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": $THREADS, "packet-queue-size": 64 },
    "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8", "relay": { "ip-addresses": [ "$RELAY" ] }, $alloc
                   "pools": [ { "pool": "10.0.0.10 - 10.31.255.254" } ],
                   "option-data": [ { "name": "routers", "data": "10.0.0.1" },
                                    { "name": "domain-name-servers", "data": "10.0.0.53" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "WARN", "output_options": [ { "output": "$dir/server.log" } ] } ]
} }
EOF
}

start_server() {   # start_server <impl> <dir> <namespace>
  local impl=$1 dir=$2 ns=$3 pid
  mkdir -p "$dir/run"
  if [ "$impl" = kea ]; then
    ip netns exec "$ns" env KEA_PIDFILE_DIR="$dir/run" KEA_LOCKFILE_DIR="$dir/run" \
      kea-dhcp4 -c "$dir/dhcp4.json" >"$dir/stdout.log" 2>&1 &
  else
    # shellcheck disable=SC2086
    ip netns exec "$ns" java $JAVA_OPTS -jar "$JAR" -c "$dir/dhcp4.json" >"$dir/stdout.log" 2>&1 &
  fi
  pid=$!
  PIDS+=("$pid")
  echo "$pid" >"$dir/pid"
  for _ in $(seq 1 300); do
    ip netns exec "$ns" ss -uln 2>/dev/null | grep -q ":67 " && return 0
    kill -0 "$pid" 2>/dev/null || { echo "compare-sql.sh: $impl exited at start:" >&2; tail -20 "$dir/stdout.log" "$dir/server.log" 2>/dev/null >&2; return 1; }
    sleep 0.1
  done
  echo "compare-sql.sh: $impl did not open port 67 within 30 s" >&2
  return 1
}

stop_server() {
  local dir=$1 pid p keep=()
  [ -f "$dir/pid" ] || return 0
  pid=$(cat "$dir/pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
  rm -f "$dir/pid"
}

# statistic <dir> <name>: a statistic's value over the server's control socket (Kea's answer shape), or 0. The
# command is written without shutting down the sending side: Leasehold closes a unix control connection that is
# half-closed before it answered (Kea answers), so "socat -" would get nothing from it.
statistic() {
  timeout 10 python3 - "$1/ctrl.sock" "$2" <<'PY' 2>/dev/null || echo 0
import re, socket, sys
c = socket.socket(socket.AF_UNIX)
c.settimeout(5)
c.connect(sys.argv[1])
c.sendall(('{ "command": "statistic-get", "arguments": { "name": "%s" } }' % sys.argv[2]).encode())
out = b""
while True:
    d = c.recv(65536)
    if not d:
        break
    out += d
m = re.search(r'"%s": *\[ *\[ *([0-9]+)' % re.escape(sys.argv[2]), out.decode())
print(m.group(1) if m else 0)
PY
}

# ticks <pid...>: utime + stime (clock ticks) summed over the processes (fields 14 and 15 of /proc/PID/stat)
ticks() {
  local p t=0 s
  for p in "$@"; do
    s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    s=${s##*) }
    # shellcheck disable=SC2086
    set -- $s
    t=$((t + ${12} + ${13}))
  done
  echo $t
}

# ---- perfdhcp ----
perf() {   # perf <client ns> <rate> <seconds> <out> <base mac>
  ip netns exec "$1" timeout $(($3 + 30)) perfdhcp -4 -l $RELAY -r "$2" -R 1000000 -b "mac=$5" -p "$3" \
    $SERVER >"$4" 2>&1 || true
}

parse() {   # parse <out> -> "sent_do recv_do sent_ra recv_ra"
  awk '
    /^\*\*\*Statistics for: DISCOVER-OFFER/ { ex = 1 }
    /^\*\*\*Statistics for: REQUEST-ACK/ { ex = 2 }
    /sent packets:/ { sent[ex] = $3 }
    /received packets:/ { recv[ex] = $3 }
    END { printf "%d %d %d %d\n", sent[1], recv[1], sent[2], recv[2] }' "$1"
}

MACS=(00:0c:01:02:03:04 00:0d:01:02:03:04)
WARM_MACS=(00:1c:01:02:03:04 00:1d:01:02:03:04)
[ -n "$RETURNING" ] && WARM_MACS=("${MACS[@]}")

# step <backend> <setup> <rate> -> "pass|fail|client <detail>"
step() {
  local backend=$1 setup=$2 rate=$3 impl n db dirs=() i dir kind=${2%%:*} alloc=$ALLOCATOR
  [ "$kind" != "$setup" ] && alloc=${setup#*:}
  impl=${kind%-shared}; n=1; [ "$kind" != "$impl" ] && n=2
  db=$(dbname "$setup")
  db_wipe "$db"
  for i in $(seq 1 "$n"); do
    dir="$WORK/$backend-${setup//:/-}-$rate-$i"; mkdir -p "$dir"; dirs+=("$dir")
    config "$dir" "$impl" "$db" "$alloc"
    local ns=$NS_S1; [ "$i" = 2 ] && ns=$NS_S2
    if ! start_server "$impl" "$dir" "$ns"; then
      for d in "${dirs[@]}"; do stop_server "$d"; done
      echo "fail server-did-not-start"; return
    fi
  done
  local per=$((rate / n)) wper=$((WARMUP_RATE / n)) out=() pids=() srv=()
  if [ "$WARMUP" -gt 0 ]; then
    for i in $(seq 1 "$n"); do
      local cns=$NS_C1; [ "$i" = 2 ] && cns=$NS_C2
      perf "$cns" "$wper" "$WARMUP" "${dirs[$((i - 1))]}/warmup.txt" "${WARM_MACS[$((i - 1))]}" &
      pids+=($!)
    done
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
  fi
  for dir in "${dirs[@]}"; do srv+=("$(cat "$dir/pid")"); done
  local dbp naks0=0 t0 d0 hz
  dbp=$(ip netns pids "$NS_DB" | tr '\n' ' ')
  for dir in "${dirs[@]}"; do naks0=$((naks0 + $(statistic "$dir" pkt4-nak-sent))); done
  local q0 q1
  q0=$(db_statements "$db" 2>/dev/null || echo 0)
  t0=$(ticks "${srv[@]}"); d0=$(ticks $dbp)
  for i in $(seq 1 "$n"); do
    local cns=$NS_C1; [ "$i" = 2 ] && cns=$NS_C2
    perf "$cns" "$per" "$DURATION" "${dirs[$((i - 1))]}/perf.txt" "${MACS[$((i - 1))]}" &
    pids+=($!)
  done
  wait "${pids[@]}" 2>/dev/null || true
  local t1 d1 naks=0 rows
  t1=$(ticks "${srv[@]}"); d1=$(ticks $dbp)
  q1=$(db_statements "$db" 2>/dev/null || echo 0)
  for dir in "${dirs[@]}"; do naks=$((naks + $(statistic "$dir" pkt4-nak-sent))); done
  naks=$((naks - naks0))
  rows=$(db_rows "$db" 2>/dev/null || echo "?")
  for dir in "${dirs[@]}"; do stop_server "$dir"; done
  local sd=0 rd=0 sr=0 rr=0 a b c e
  for dir in "${dirs[@]}"; do
    read -r a b c e < <(parse "$dir/perf.txt")
    sd=$((sd + a)); rd=$((rd + b)); sr=$((sr + c)); rr=$((rr + e))
  done
  hz=$(getconf CLK_TCK)
  local dd dr cpu dbcpu
  dd=$(awk -v s="$sd" -v r="$rd" 'BEGIN { printf "%.2f", (s > 0) ? 100 * (s - r) / s : 100 }')
  dr=$(awk -v s="$sr" -v r="$rr" 'BEGIN { printf "%.2f", (s > 0) ? 100 * (s - r) / s : 100 }')
  cpu=$(awk -v t="$((t1 - t0))" -v h="$hz" -v a="$rr" 'BEGIN { printf "%d", (a > 0) ? t * 1e6 / h / a : 0 }')
  dbcpu=$(awk -v t="$((d1 - d0))" -v h="$hz" -v a="$rr" 'BEGIN { printf "%d", (a > 0) ? t * 1e6 / h / a : 0 }')
  local stmts
  stmts=$(awk -v q="$((q1 - q0))" -v a="$rr" 'BEGIN { printf "%.1f", (a > 0) ? q / a : 0 }')
  local detail="sent=$sd drops(DO)=$dd% drops(RA)=$dr% acks=$rr naks=$naks rows=$rows statements/DORA=$stmts cpu/DORA: server(s)=${cpu}us db=${dbcpu}us"
  if awk -v a="$dd" -v b="$dr" -v l="$DROP_LIMIT" 'BEGIN { exit !(a <= l && b <= l) }'; then
    if awk -v s="$sd" -v r="$rate" -v d="$DURATION" 'BEGIN { exit !(s < 0.95 * r * d) }'; then
      echo "client $detail"
    else
      echo "pass $detail"
    fi
  else
    echo "fail $detail"
  fi
}

dbname() { local n=${1//-/_}; echo "bench_${n//:/_}"; }

# ladder <backend>: every setup at every rate of --rates in turn, so that all setups meet the same machine load;
# a setup leaves the ladder after two failed rates in a row, or when perfdhcp could not send its rate.
ladder() {
  local backend=$1 r setup verdict detail alive=() next=()
  declare -A best=() bestdetail=() fails=()
  for setup in ${SETUPS//,/ }; do alive+=("$setup"); fails[$setup]=0; done
  for r in ${RATES//,/ }; do
    [ ${#alive[@]} -gt 0 ] || break
    next=()
    for setup in "${alive[@]}"; do
      read -r verdict detail < <(step "$backend" "$setup" "$r")
      log "$backend $setup rate $r -> $verdict ($detail; load $(load))"
      STEPS+=("$backend $setup $r $verdict $detail")
      case "$verdict" in
        pass) best[$setup]=$r; bestdetail[$setup]=$detail; fails[$setup]=0; next+=("$setup") ;;
        client) ;;
        *) fails[$setup]=$((fails[$setup] + 1)); [ "${fails[$setup]}" -ge 2 ] || next+=("$setup") ;;
      esac
    done
    alive=("${next[@]}")
  done
  for setup in ${SETUPS//,/ }; do
    SUMMARY+=("$backend $setup: ${best[$setup]:-0} DORA/s with <= $DROP_LIMIT % drops; at that rate: ${bestdetail[$setup]:-none passed}")
  done
}

log "lab: db $NS_DB ($DB_ADDR), servers $NS_S1 / $NS_S2, clients $NS_C1 / $NS_C2; work dir $WORK"
log "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), kea $(kea-dhcp4 -v 2>/dev/null || echo none), $("$PG_BIN/postgres" --version 2>/dev/null), $(/usr/sbin/mariadbd --version 2>/dev/null | cut -d' ' -f1-4); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); load $(load)"
log "settings: backends=$BACKENDS setups=$SETUPS rates=$RATES duration=${DURATION}s warmup=${WARMUP}s@$WARMUP_RATE/s threads=$THREADS drop-limit=$DROP_LIMIT% allocator=$ALLOCATOR durable=${DURABLE:-no} clients=$([ -n "$RETURNING" ] && echo returning || echo new) java-opts='$JAVA_OPTS'"
STEPS=()
for backend in ${BACKENDS//,/ }; do
  db_start "$backend"
  for setup in ${SETUPS//,/ }; do db_create "$(dbname "$setup")"; done
  ladder "$backend"
  db_stop
done
echo
echo "== every step (backend setup rate verdict detail) =="
printf '%s\n' "${STEPS[@]}"
echo
echo "== results ($(date -u +%FT%TZ), load $(load)) =="
printf '%s\n' "${SUMMARY[@]}"
