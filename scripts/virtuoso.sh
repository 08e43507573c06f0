#!/usr/bin/env bash
# A private Virtuoso 7 (Open Source) SPARQL server on loopback, for the test suite and for users who want
# to query the package's N-Quads through a real SPARQL 1.1 endpoint.
#
#   scripts/virtuoso.sh start DIR [HTTP_PORT] [SQL_PORT]   # writes DIR/virtuoso.ini, starts, prints the endpoint URL
#   scripts/virtuoso.sh load  DIR FILE.nq [GRAPH_IRI]       # loads N-Quads; default-graph triples go to GRAPH_IRI
#   scripts/virtuoso.sh stop  DIR                           # SIGTERM by PID, SIGKILL after a bounded wait
#
# Everything (database, logs, lock, transaction files, loaded copies) lives inside DIR. Both ports are bound
# to 127.0.0.1 only: the database keeps Virtuoso's default dba/dba login, which is safe only on loopback.
# Defaults: HTTP_PORT 18890, SQL_PORT 11111. Environment: VIRTUOSO_START_TIMEOUT (seconds, default 60),
# VIRTUOSO_STOP_TIMEOUT (seconds, default 20), VIRTUOSO_BUFFERS (8 KiB pages, default 10000 ≈ 80 MiB),
# VIRTUOSO_MAX_QUERY_SECONDS ([SPARQL] MaxQueryExecutionTime, default 60).
#
# Virtuoso has no unnamed default graph: the dataset's default graph (facts view, claims, propositions,
# evidence, sources) goes to GRAPH_IRI, by default https://w3id.org/kaspersky-kg/graph/facts (FACTS_GRAPH);
# the ontology keeps its named graph. Query WITHOUT default-graph-uri: Virtuoso then answers over the union
# of its graphs, which gives the embedded answers (the dataset holds no claim graphs; nothing a claim says
# is a plain triple unless it is a fact).
#   scripts/virtuoso.sh start /tmp/kg-virtuoso
#   scripts/virtuoso.sh load  /tmp/kg-virtuoso dist/data/kaspersky-kg.nq
#   # openGraph({ endpoint: 'http://127.0.0.1:18890/sparql' })
#   scripts/virtuoso.sh stop  /tmp/kg-virtuoso
# Loading uses DB.DBA.TTLP_MT(..., flags 512 = N-Quads); it is not transactional: a syntax error at
# line N leaves the quads before line N loaded (the script then fails, naming the error).
set -euo pipefail

APT_CMD='apt-get install -y --no-install-recommends virtuoso-opensource-7-bin virtuoso-opensource-7-common'

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

usage() {
  sed -n '5,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

need_virtuoso() {
  local tool
  for tool in virtuoso-t isql-vt; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "virtuoso.sh: $tool not found. Install Virtuoso 7 (as root):" >&2
      echo "  apt-get update && $APT_CMD" >&2
      exit 1
    fi
  done
}

# Absolute, normalised DIR; refuses characters that would break virtuoso.ini or SQL string literals.
resolve_dir() {
  [ -n "${1:-}" ] || usage
  local d
  d=$(realpath -m -- "$1")
  case "$d" in
    *[,\'\"\;\\]* | *[[:space:]]*) die "DIR must not contain spaces, commas, quotes, semicolons or backslashes: $d" ;;
  esac
  printf '%s' "$d"
}

check_port() {
  [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ] || die "bad port: $1"
}

# The PID in DIR/virtuoso.pid if that process is alive and is a virtuoso-t started with DIR's ini, else empty.
our_pid() {
  local dir=$1 pid
  [ -f "$dir/virtuoso.pid" ] || return 0
  pid=$(tr -dc '0-9' <"$dir/virtuoso.pid")
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  # /proc/PID/cmdline is NUL-separated; a zombie has an empty one and counts as dead.
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "virtuoso-t +configfile $dir/virtuoso.ini"; then
    printf '%s' "$pid"
  fi
}

ini_value() { # ini_value FILE SECTION KEY → value
  awk -v s="[$2]" -v k="$3" '
    /^\[/ { in_s = ($0 == s); next }
    in_s && $0 ~ "^"k"[ \t]*=" { sub(/^[^=]*=[ \t]*/, ""); sub(/[ \t]*;.*$/, ""); print; exit }' "$1"
}

# Answers 0 when `ASK {}` gets a SPARQL JSON boolean over HTTP.
http_ask() {
  local port=$1
  if command -v curl >/dev/null 2>&1; then
    curl -sf --max-time 3 -G -H 'Accept: application/sparql-results+json' \
      --data-urlencode 'query=ASK {}' "http://127.0.0.1:$port/sparql" 2>/dev/null | grep -q '"boolean"'
  else
    timeout 3 bash -c '
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf "GET /sparql?query=ASK%%20%%7B%%7D HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: application/sparql-results+json\r\n\r\n" >&3
      grep -q "\"boolean\"" <&3' _ "$port" 2>/dev/null
  fi
}

# Answers 0 when something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

log_tail() {
  local dir=$1 f
  for f in "$dir/virtuoso.log" "$dir/virtuoso.out"; do
    if [ -s "$f" ]; then echo "--- tail of $f" >&2; tail -25 "$f" >&2; fi
  done
}

write_ini() {
  local dir=$1 http=$2 sql=$3 buffers=${VIRTUOSO_BUFFERS:-10000}
  [[ "$buffers" =~ ^[0-9]+$ ]] || die "VIRTUOSO_BUFFERS must be a number of 8 KiB pages"
  [[ "${VIRTUOSO_MAX_QUERY_SECONDS:-60}" =~ ^[0-9]+$ ]] || die "VIRTUOSO_MAX_QUERY_SECONDS must be a number of seconds"
  cat >"$dir/virtuoso.ini" <<EOF
; Written by scripts/virtuoso.sh: a private, loopback-only Virtuoso. Every file lives in $dir.
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
; host:port binds to that address only
ServerPort            = 127.0.0.1:$sql
DisableUnixSocket     = 1
DisableTcpSocket      = 0
MaxClientConnections  = 10
CheckpointInterval    = 60
O_DIRECT              = 0
CaseMode              = 2
MaxStaticCursorRows   = 5000
CheckpointAuditTrail  = 0
AllowOSCalls          = 0
SchedulerInterval     = 10
; file_to_string_output() and ld_dir() may read only here
DirsAllowed           = ., $dir
ThreadCleanupInterval = 0
ThreadThreshold       = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize     = 100000
SingleCPU             = 0
PrefixResultNames     = 0
RdfFreeTextRulesSize  = 100
IndexTreeMaps         = 64
; small memory settings for a 2-core machine (8 KiB pages)
NumberOfBuffers       = $buffers
MaxDirtyBuffers       = $((buffers * 3 / 4))
MaxMemPoolSize        = 100000000
MaxQueryMem           = 256M
VectorSize            = 1000
MaxVectorSize         = 1000000
AdjustVectorSize      = 0
ThreadsPerQuery       = 2
AsyncQueueMaxThreads  = 4

[HTTPServer]
ServerPort                  = 127.0.0.1:$http
ServerRoot                  = $dir/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
MaxCachedProxyConnections   = 10
ProxyConnectionCacheTimeout = 15
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[Replication]
ServerEnable = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = 127.0.0.1:$http

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = ${VIRTUOSO_MAX_QUERY_SECONDS:-60}
DefaultQuery               = ASK {}
DeferInferenceRulesInit    = 0
EOF
}

cmd_start() {
  need_virtuoso
  local dir http sql pid deadline
  dir=$(resolve_dir "${1:-}")
  http=${2:-18890}
  sql=${3:-11111}
  check_port "$http"
  check_port "$sql"
  [ "$http" != "$sql" ] || die "HTTP_PORT and SQL_PORT must differ"
  mkdir -p "$dir/vsp" "$dir/load"

  pid=$(our_pid "$dir")
  if [ -n "$pid" ]; then
    die "a server is already running for $dir (pid $pid); run: $0 stop $dir"
  fi
  local port
  for port in "$http" "$sql"; do
    if port_in_use "$port"; then die "port 127.0.0.1:$port is already in use; pick other ports"; fi
  done
  # No server of ours is alive: a lock file left by a killed server would block the start.
  rm -f "$dir/virtuoso.lck" "$dir/virtuoso.pid"

  write_ini "$dir" "$http" "$sql"
  : >"$dir/virtuoso.out"
  # +foreground keeps virtuoso-t in this child, so $! is the server's PID. Its output goes to a file (and
  # stdin from /dev/null) so a caller reading this script's stdout/stderr through pipes is not held open.
  (cd "$dir" && exec virtuoso-t +configfile "$dir/virtuoso.ini" +foreground </dev/null >>"$dir/virtuoso.out" 2>&1) &
  pid=$!
  echo "$pid" >"$dir/virtuoso.pid"

  deadline=$((SECONDS + ${VIRTUOSO_START_TIMEOUT:-60}))
  # Ready = our process is alive, its log says it is online (with its pid: the log is appended to
  # across restarts), and ASK {} answers on its HTTP port.
  until [ -n "$(our_pid "$dir")" ] && grep -q "Server online at 127.0.0.1:$sql (pid $pid)" "$dir/virtuoso.log" 2>/dev/null && http_ask "$http"; do
    if [ -z "$(our_pid "$dir")" ]; then
      rm -f "$dir/virtuoso.pid"
      echo "virtuoso.sh: virtuoso-t exited during start (ports $http/$sql in use?)" >&2
      log_tail "$dir"
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "virtuoso.sh: no answer to ASK {} on http://127.0.0.1:$http/sparql after ${VIRTUOSO_START_TIMEOUT:-60} s; stopping it" >&2
      log_tail "$dir"
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$dir/virtuoso.pid" "$dir/virtuoso.lck"
      exit 1
    fi
    sleep 0.25
  done
  echo "http://127.0.0.1:$http/sparql"
}

cmd_load() {
  need_virtuoso
  local dir file graph sql name out
  dir=$(resolve_dir "${1:-}")
  file=${2:-}
  graph=${3:-https://w3id.org/kaspersky-kg/graph/facts}
  [ -n "$file" ] || usage
  [ -f "$file" ] || die "no such file: $file"
  [ -f "$dir/virtuoso.ini" ] || die "$dir/virtuoso.ini not found; run: $0 start $dir"
  [ -n "$(our_pid "$dir")" ] || die "no server of ours is running for $dir; run: $0 start $dir"
  # The graph IRI goes into an SQL string literal: allow only characters IRIs may hold and no quotes.
  local iri_re='^[A-Za-z][A-Za-z0-9+.-]*:[^[:space:][:cntrl:]<>"{}|^`\\'"'"']+$'
  [[ "$graph" =~ $iri_re ]] || die "bad graph IRI: $graph"
  sql=$(ini_value "$dir/virtuoso.ini" Parameters ServerPort)
  [ -n "$sql" ] || die "no [Parameters] ServerPort in $dir/virtuoso.ini"

  # A copy under DirsAllowed, with a name that is safe inside an SQL string literal.
  name=$(basename -- "$file" | tr -c 'A-Za-z0-9._-' '_')
  name="$(date +%s%N)-$name"
  cp -- "$file" "$dir/load/$name"

  # TTLP_MT flags 512: the text is N-Quads. Quads naming a graph keep it; triples without one go to the
  # graph argument (checked on Virtuoso 7.2.5 by test/remote-client.test.ts).
  local rc=0
  out=$(isql-vt "$sql" dba dba \
    exec="DB.DBA.TTLP_MT(file_to_string_output('$dir/load/$name'), '', '$graph', 512); checkpoint;" </dev/null 2>&1) || rc=$?
  if [ "$rc" -ne 0 ]; then echo "$out" >&2; die "isql-vt failed (exit $rc) loading $file"; fi
  # isql-vt exits 0 on SQL errors: look for them in its output.
  if grep -q '\*\*\* Error' <<<"$out"; then
    echo "$out" >&2
    die "loading $file into <$graph> failed"
  fi
  rm -f -- "$dir/load/$name"
  echo "loaded $file into $graph"
}

cmd_stop() {
  local dir pid deadline
  dir=$(resolve_dir "${1:-}")
  pid=$(our_pid "$dir")
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + ${VIRTUOSO_STOP_TIMEOUT:-20}))
    while [ -n "$(our_pid "$dir")" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if [ -n "$(our_pid "$dir")" ]; then
      echo "virtuoso.sh: pid $pid still alive after SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 5))
      while [ -n "$(our_pid "$dir")" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    fi
  fi
  rm -f "$dir/virtuoso.pid" "$dir/virtuoso.lck"
  echo "stopped${pid:+ pid $pid}"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  load)  shift; cmd_load "$@" ;;
  stop)  shift; cmd_stop "$@" ;;
  *) usage ;;
esac
