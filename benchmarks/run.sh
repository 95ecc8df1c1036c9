#!/usr/bin/env bash
# Re-runs every Cookie Warden benchmark and writes the results into benchmarks/target/results/:
#   1. builds the library (installed into the local Maven repository) and benchmarks.jar;
#   2. JMH: consent verification, Set-Cookie classification, the HTML injector, one request
#      through doFilter, all with -prof gc          -> jmh.txt, jmh.json, jmh-summary.md
#      and where the filter's allocation goes, step by step -> allocation-breakdown.txt
#   3. a 100 MB page through the filter on Jetty and Tomcat in a JVM with -Xmx64m
#                                                    -> stream-check.txt
#   4. load: Jetty then Tomcat, the same app with and without the filter, driven by wrk from
#      another process on 127.0.0.1, alternating with/without in every round
#      then interleaved rounds: requests with and without the filter alternating one by one on
#      the same connections, each timed on its own thread (CpuMeter), so that the filter's cost
#      per request is measured with the machine's drift cancelled
#                                                    -> load/<container>/*.txt, load/load-summary.md
#   and machine.txt (CPU, cores, memory, Java, load average before and after; machine-<parts>.txt
#   for a run of some PARTS, which replaces only those parts' results).
#
# Usage: benchmarks/run.sh [--quick]
#   --quick            short smoke settings (1 fork, 1 s iterations, 1 load round of 3 s)
# PARTS=profile (not in the default run): async-profiler attached to a load server, each
#   scenario's requests with and without the filter in turn, PROFILE_RUNS times; where the
#   server's CPU goes per request, split into the filter's own work, its wrappers under the
#   application, the application and the container -> profile/profile-summary.md
# PARTS=order (not in the default run): in one load server, a new visitor's JSON request in
#   interleaved rounds before the server has served anything else, then again after 30 s each of
#   json-returning, page-8k and page-token: what the other requests leave in the JIT's profile of
#   the code they share                             -> order/order-summary.txt
# Environment (defaults in brackets):
#   FORKS [3]: in the load part, load servers (fresh JVMs) per group of scenarios, one after the
#   other, each with its own warm-up and rounds; the report pools their rounds. The JIT compiles
#   each JVM differently: the same code has read a page's cost 1.46 and 3.68 µs in two servers
#   (BENCHMARKS.md, the twenty-sixth session)
#   ROUNDS [2] per fork  DURATION [10] seconds per wrk run  WARMUP [20] seconds per URL before the rounds
#   INTERLEAVED_ROUNDS [4] per fork  INTERLEAVED_DURATION [5] seconds per interleaved wrk run
#   WRK_THREADS [2]  WRK_CONNECTIONS [32]  LOAD_PORT [18080]  PAGE_SIZE [30720] bytes of the HTML page
#   CONTAINERS ["jetty tomcat"]  SCENARIOS ["json page page-8k page-token page-writer page-template json-returning";
#   page-template in a server of its own; not by default, page-writer-token (page-writer with a
#   head new on every request), json-noop (a filter that only passes the
#   request on, against none) and json-aa (no filter against none), checks of the measurement
#   itself, in a server of their own; json-floor, a returning visitor's JSON request through a
#   filter that makes only the calls any enforcement of consent must (LoadServer.Floor), against
#   none, in a server of its own: the least such a filter costs]
#   PARTS ["jmh stream load"]  JMH_INCLUDE [all benchmarks]  JMH_ARGS [extra JMH options]
#   PROFILE_SCENARIOS ["json json-returning page-8k"]  PROFILE_RUNS [3]  PROFILE_DURATION [30] seconds
#   PROFILE_INTERVAL [4ms]: the kernel rounds a CPU-time timer to its tick (4 ms at 250 Hz)
#   SKIP_LIBRARY_BUILD [0]: 1 to use the library already in ~/.m2
#   ALT_LIBRARY [unset]: the jar of another build of the library (its target/cookie-warden-*.jar):
#   the load then serves that build at /alt in place of the bare /off, in the same server, and
#   every figure compares this build with that one (two builds in one JVM; not json-noop, json-aa);
#   ON_LIBRARY [unset], with it: /on from that jar too, each build in a class loader of its own
#   REQUIRE_QUIET [0]: 1 to refuse to start when the 1-minute load average is 1.0 or more
#   METER_FLUSH [true]: the interleaved rounds' meter flushes a page inside its timed window, so
#   that all of a page's bytes are sent inside it on both sides; false times the chain alone, as
#   before the twenty-fifth session (which of a page's socket writes fall inside then depends on
#   the container's buffers)
#   SERVER_JVM_ARGS [none]: more options for each load server's JVM, split at spaces (the JIT's
#   logs, say: -XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation -XX:+PrintInlining, which
#   go to each server's log, server-f<fork>-<contexts>.log)
#
# Load is sent to 127.0.0.1 only; every wrk run is bounded by DURATION and every server stops
# by itself after at most an hour.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
QUICK=0
if [[ "${1:-}" == "--quick" ]]; then
  QUICK=1
fi
if [[ $QUICK == 1 ]]; then
  FORKS=${FORKS:-1}; ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-3}; WARMUP=${WARMUP:-2}
  INTERLEAVED_ROUNDS=${INTERLEAVED_ROUNDS:-1}; INTERLEAVED_DURATION=${INTERLEAVED_DURATION:-2}
  PROFILE_RUNS=${PROFILE_RUNS:-1}; PROFILE_DURATION=${PROFILE_DURATION:-3}
  JMH_SETTINGS=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
else
  FORKS=${FORKS:-3}; ROUNDS=${ROUNDS:-2}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-20}
  INTERLEAVED_ROUNDS=${INTERLEAVED_ROUNDS:-4}; INTERLEAVED_DURATION=${INTERLEAVED_DURATION:-5}
  JMH_SETTINGS=()   # the settings in each benchmark's annotations
fi
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
LOAD_PORT=${LOAD_PORT:-18080}
PAGE_SIZE=${PAGE_SIZE:-30720}
METER_FLUSH=${METER_FLUSH:-true}
read -r -a SERVER_JVM_OPTS <<< "${SERVER_JVM_ARGS:-}"
PARTS=${PARTS:-"jmh stream load"}
CONTAINERS=${CONTAINERS:-"jetty tomcat"}
SCENARIOS=${SCENARIOS:-"json page page-8k page-token page-writer page-template json-returning"}
JMH_INCLUDE=${JMH_INCLUDE:-}
PROFILE_SCENARIOS=${PROFILE_SCENARIOS:-"json json-returning page-8k"}
PROFILE_RUNS=${PROFILE_RUNS:-3}
PROFILE_DURATION=${PROFILE_DURATION:-30}
PROFILE_INTERVAL=${PROFILE_INTERVAL:-4ms}
ASYNC_PROFILER_VERSION=4.2
read -r -a JMH_EXTRA <<< "${JMH_ARGS:-}"
OUT="$HERE/target/results"
JAR="$HERE/target/benchmarks.jar"
ALT_PROPERTY=()
BASE_CONTEXT=off
if [[ -n "${ALT_LIBRARY:-}" ]]; then
  [[ -f "$ALT_LIBRARY" ]] || { echo "run.sh: ALT_LIBRARY names no file: $ALT_LIBRARY" >&2; exit 2; }
  ALT_LIBRARY="$(cd "$(dirname "$ALT_LIBRARY")" && pwd)/$(basename "$ALT_LIBRARY")"
  if [[ " $SCENARIOS " == *" json-noop "* || " $SCENARIOS " == *" json-aa "* || " $SCENARIOS " == *" json-floor "* ]]; then
    echo "run.sh: json-noop, json-aa and json-floor measure against the bare application, not with ALT_LIBRARY" >&2
    exit 2
  fi
  ALT_PROPERTY=(-Dbench.alt.library="$ALT_LIBRARY")
  if [[ -n "${ON_LIBRARY:-}" ]]; then
    # A check of the comparison itself: /on from a jar too, in a class loader of its own.
    [[ -f "$ON_LIBRARY" ]] || { echo "run.sh: ON_LIBRARY names no file: $ON_LIBRARY" >&2; exit 2; }
    ALT_PROPERTY+=(-Dbench.on.library="$(cd "$(dirname "$ON_LIBRARY")" && pwd)/$(basename "$ON_LIBRARY")")
  fi
  BASE_CONTEXT=alt
fi

load1() { cut -d' ' -f1 /proc/loadavg; }
steal_ticks() { awk '/^cpu / { print $9 }' /proc/stat; }
if [[ "${REQUIRE_QUIET:-0}" == 1 ]] && awk -v l="$(load1)" 'BEGIN { exit !(l >= 1.0) }'; then
  echo "run.sh: the load average is $(load1), not below 1.0: the machine is busy; try later" >&2
  exit 1
fi

# scenario_request <scenario>: sets request_path, the scenario's path below a context, and
# request_headers, its request's headers (a returning visitor's carry the server's consent cookie).
scenario_request() {
  case $1 in
    json|json-noop|json-aa) request_path=api/product; request_headers=("${JSON_HEADERS[@]}");;
    json-returning|json-floor) request_path=api/product; request_headers=("${RETURNING_HEADERS[@]}");;
    page|page-8k|page-token|page-writer|page-writer-token|page-template)
      request_path=$1; request_headers=("${PAGE_HEADERS[@]}");;
    *) echo "run.sh: unknown scenario [$1]" >&2; exit 1;;
  esac
}

# Every scenario named is known before anything is built or started.
for scenario in $SCENARIOS $PROFILE_SCENARIOS; do
  scenario_request "$scenario"
done

echo "== build"
if [[ "${SKIP_LIBRARY_BUILD:-0}" != 1 ]]; then
  mvn -q -B -f "$ROOT/pom.xml" install -DskipTests
fi
mvn -q -B -f "$HERE/pom.xml" package
# A full run starts from an empty results folder; a partial one (PARTS) replaces only its parts'
# files, and records the machine in machine-<parts>.txt.
MACHINE="$OUT/machine.txt"
if [[ "$PARTS" == "jmh stream load" ]]; then
  rm -rf "$OUT"
else
  MACHINE="$OUT/machine-${PARTS// /-}.txt"
  [[ " $PARTS " == *" jmh "* ]] && rm -f "$OUT"/jmh* "$OUT/allocation-breakdown.txt"
  [[ " $PARTS " == *" stream "* ]] && rm -f "$OUT/stream-check.txt"
  [[ " $PARTS " == *" load "* ]] && rm -rf "$OUT/load"
  [[ " $PARTS " == *" profile "* ]] && rm -rf "$OUT/profile"
  [[ " $PARTS " == *" order "* ]] && rm -rf "$OUT/order"
fi
mkdir -p "$OUT"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command: benchmarks/run.sh $*"
  echo "settings: quick=$QUICK forks=$FORKS rounds=$ROUNDS duration=${DURATION}s warmup=${WARMUP}s wrk=-t$WRK_THREADS -c$WRK_CONNECTIONS" \
      "interleaved=${INTERLEAVED_ROUNDS}x${INTERLEAVED_DURATION}s meter-flush=$METER_FLUSH"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (work tree modified)')"
  echo "library jar: $(sha256sum ~/.m2/repository/dev/cookiewarden/cookie-warden/0.1.0-SNAPSHOT/cookie-warden-0.1.0-SNAPSHOT.jar 2>/dev/null | cut -c1-16) (sha256 prefix of the jar packaged into benchmarks.jar)"
  echo "kernel: $(uname -srm)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "nproc: $(nproc)"
  echo "memory:"; free -h
  echo "java:"; java -version 2>&1
  echo "wrk: $(wrk --version 2>&1 | head -1 || true)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cpu steal ticks at start: $(steal_ticks) (time the hypervisor gave this VM's CPUs to others)"
} > "$MACHINE"
cat "$MACHINE"

if [[ " $PARTS " == *" jmh "* ]]; then
  echo "== JMH"
  java -jar "$JAR" ${JMH_INCLUDE:+"$JMH_INCLUDE"} "${JMH_SETTINGS[@]}" "${JMH_EXTRA[@]}" -prof gc \
      -rf json -rff "$OUT/jmh.json" 2>&1 | tee "$OUT/jmh.txt"
  java -cp "$JAR" dev.cookiewarden.bench.JmhReport "$OUT/jmh.json" "$OUT/jmh-summary.md"
  echo "== allocation and CPU time per step of the filter"
  java -cp "$JAR" dev.cookiewarden.bench.AllocationBreakdown 2>&1 | tee "$OUT/allocation-breakdown.txt"
  echo "load average after JMH: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$MACHINE"
fi

if [[ " $PARTS " == *" stream "* ]]; then
  echo "== 100 MB page through the filter with -Xmx64m"
  (cd "$HERE" && java -Xmx64m -cp "$JAR" dev.cookiewarden.bench.StreamCheck) 2>&1 | tee "$OUT/stream-check.txt"
fi

SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

# CPU time the server process has used, in clock ticks (user + system, /proc/<pid>/stat).
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# CPU time the whole machine has spent busy (user, nice, system, irq, softirq), in clock ticks.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# Extra wrk options before the URL and script arguments after it (interleaved runs only).
WRK_OPTIONS=()
WRK_SCRIPT_ARGS=()

# wrk_run <out file> <seconds> <url> <headers...>: one wrk run, followed in the same file by the
# CPU time the server used during it. CPU per request is what the filter costs the server, and
# unlike throughput it hardly depends on what else the shared machine is running.
wrk_run() {
  local file=$1 seconds=$2 url=$3
  shift 3
  local args=()
  for h in "$@"; do args+=(-H "$h"); done
  local before after busy_before busy_after TIMEFORMAT='%U %S'
  before=$(server_ticks)
  busy_before=$(busy_ticks)
  { time wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --timeout 5s --latency "${args[@]}" \
      ${WRK_OPTIONS[@]+"${WRK_OPTIONS[@]}"} "$url" ${WRK_SCRIPT_ARGS[@]+"${WRK_SCRIPT_ARGS[@]}"} > "$file"; } 2> "$file.time"
  after=$(server_ticks)
  busy_after=$(busy_ticks)
  echo "server-cpu-ticks: $((after - before)) hz: $(getconf CLK_TCK)" >> "$file"
  # What the whole machine did meanwhile, and wrk's share: the rest is other processes.
  echo "machine-busy-ticks: $((busy_after - busy_before)) wrk-cpu-seconds: $(awk '{ print $1 + $2 }' "$file.time") cpus: $(nproc)" >> "$file"
  rm -f "$file.time"
}

# on_context <scenario>: the context a scenario's "on" side goes to: Cookie Warden's, or for the
# measurement's own checks the pass-through filter's (json-noop) or a second bare one (json-aa).
on_context() {
  case $1 in
    json-noop) echo noop;;
    json-aa) echo aa;;
    json-floor) echo floor;;
    *) echo on;;
  esac
}

# The context of the "off" side: the bare application, or another build (ALT_LIBRARY) at /alt.
baseline=off

# scenario_run <scenario> <on|off> <out file> <seconds>: one wrk run of a scenario.
scenario_run() {
  local ctx=$2
  [[ $ctx == on ]] && ctx=$(on_context "$1")
  [[ $ctx == off ]] && ctx=$baseline
  scenario_request "$1"
  wrk_run "$3" "$4" "$base/$ctx/$request_path" "${request_headers[@]}"
}

# interleaved_run <scenario> <out file> <seconds>: one wrk run of a scenario sending its request
# to /on and /off in turn (interleave.lua), with the server's CpuMeter on; the meter's totals
# follow wrk's output in the file.
interleaved_run() {
  scenario_request "$1"
  curl -sf "$base/meter/start" > /dev/null
  WRK_OPTIONS=(--script "$HERE/interleave.lua")
  WRK_SCRIPT_ARGS=(-- "/$(on_context "$1")/$request_path" "/$baseline/$request_path")
  scenario_run "$1" on "$2" "$3"
  WRK_OPTIONS=()
  WRK_SCRIPT_ARGS=()
  echo "meter: $(curl -sf "$base/meter/stop")" >> "$2"
}

# differ_in_title_only <file> <file>: the same length, and at most the title's seven letters differ.
differ_in_title_only() {
  [[ $(wc -c < "$1") == $(wc -c < "$2") ]] && (( $(cmp -l "$1" "$2" | wc -l) <= 7 ))
}
same() { cmp -s "$1" "$2"; }
not_same() { ! cmp -s "$1" "$2"; }

check() {
  if ! "$@"; then
    echo "run.sh: sanity check failed: $*" >&2
    exit 1
  fi
}

RETURNING_COOKIES="JSESSIONID=node0x7f3kq2l9d1c8p5v0sm4z1j2b6.node0; lang=fr; _ga=GA1.1.1843271520.1717421378; _ga_7XK2P4Q9ZR=GS1.1.1717421378.1.1.1717421390.0.0.0"
JSON_HEADERS=("Accept: application/json" "Sec-Fetch-Dest: empty" "Sec-Fetch-Mode: cors")
PAGE_HEADERS=("Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" "Sec-Fetch-Dest: document"
              "Sec-Fetch-Mode: navigate" "Accept-Language: fr-FR,fr;q=0.9,en;q=0.8")

# start_load_server <container> <dir> [JVM options...]: starts a load server writing into <dir>
# and waits for it; sets SERVER_PID, base and RETURNING_HEADERS (with the server's consent cookie).
start_load_server() {
  local container=$1 dir=$2
  shift 2
  (cd "$HERE" && exec java -Xms512m -Xmx512m -Dbench.page-size="$PAGE_SIZE" ${SERVER_JVM_OPTS[@]+"${SERVER_JVM_OPTS[@]}"} "$@" -cp "$JAR" dev.cookiewarden.bench.load.LoadServer \
      "$container" "$LOAD_PORT" "$dir" 3600) > "$dir/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    grep -q '^READY' "$dir/server.log" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$dir/server.log"; exit 1; }
    sleep 0.5
  done
  grep -q '^READY' "$dir/server.log" || { echo "server did not start" >&2; cat "$dir/server.log"; exit 1; }
  base="http://127.0.0.1:$LOAD_PORT"
  local consent
  consent="$(cat "$dir/consent-cookie.txt")"
  RETURNING_HEADERS=("${JSON_HEADERS[@]}" "Cookie: $consent; $RETURNING_COOKIES")
}

if [[ " $PARTS " == *" load "* ]]; then
  # fetch_as_page <on|off> <path>: writes the page at /<on|off>/<path> into $dir/<path>-<on|off>.html,
  # its own address in the banner's return links written as /on/page's, and prints the file's name.
  fetch_as_page() {
    local file="$dir/$2-$1.html"
    curl -s -H "${PAGE_HEADERS[0]}" -H "${PAGE_HEADERS[1]}" "$base/$1/$2" \
        | sed "s|%2Fon%2F$2|%2Fon%2Fpage|g; s|value=\"/on/$2\"|value=\"/on/page\"|" > "$file"
    echo "$file"
  }

  # check_like_page <path> <comparison>: /off/<path> and /on/<path> are /off/page and /on/page, by
  # the comparison (same, or differ_in_title_only).
  check_like_page() {
    check "$2" "$dir/page-off.html" "$(fetch_as_page off "$1")"
    check "$2" "$dir/page-on.html" "$(fetch_as_page on "$1")"
  }

  # check_on_off: the sanity checks of a server with the contexts /on and /off.
  check_on_off() {
    local v
    # The two contexts must answer alike but for the filter's work.
    curl -s -o "$dir/page-on.html" -H "${PAGE_HEADERS[0]}" -H "${PAGE_HEADERS[1]}" "$base/on/page"
    curl -s -o "$dir/page-off.html" -H "${PAGE_HEADERS[0]}" -H "${PAGE_HEADERS[1]}" "$base/off/page"
    # Without the filter the page is the application's 30 KB; with it, the banner's markup and
    # asset links are added.
    check test "$(wc -c < "$dir/page-off.html")" -eq "$PAGE_SIZE"
    check test "$(wc -c < "$dir/page-on.html")" -gt $((PAGE_SIZE + 500))
    check grep -q '/on/cookie-consent/assets/' "$dir/page-on.html"
    check test "$(grep -c 'cookie-consent/assets/' "$dir/page-off.html")" = 0
    # The page in 8 KiB writes is the same page, and gets the same banner (but for its own
    # address in the banner's return links); so is the page written as characters through
    # getWriter(), once the container has encoded it, and as a template engine writes it, in
    # 64-character strings.
    check_like_page page-8k same
    check_like_page page-writer same
    check_like_page page-template same
    # The pages whose head carries a new token on every request are the page but for the title's
    # seven letters, with and without the filter, and the token changes from request to request.
    check_like_page page-token differ_in_title_only
    check_like_page page-writer-token differ_in_title_only
    check not_same "$dir/page-token-off.html" <(curl -s -H "${PAGE_HEADERS[0]}" -H "${PAGE_HEADERS[1]}" "$base/off/page-token")
    for v in on off; do
      check grep -qi '^set-cookie: cart=' <<< "$(curl -s -D - -o /dev/null -H "${JSON_HEADERS[0]}" "$base/$v/api/product")"
    done
    echo "sanity: page-token and page-writer-token differ from the page in its title only, with and without the filter"
    echo "sanity: banner in /on/page only ($(wc -c < "$dir/page-on.html") vs $(wc -c < "$dir/page-off.html") bytes); cart cookie set by both"
  }

  # check_on_alt: the sanity checks of a server with the contexts /on and /alt (ALT_LIBRARY):
  # both builds put the banner into the page and let the cart cookie through.
  check_on_alt() {
    local v
    for v in on alt; do
      curl -s -o "$dir/page-$v.html" -H "${PAGE_HEADERS[0]}" -H "${PAGE_HEADERS[1]}" "$base/$v/page"
      check test "$(wc -c < "$dir/page-$v.html")" -gt $((PAGE_SIZE + 500))
      check grep -q "/$v/cookie-consent/assets/" "$dir/page-$v.html"
      check grep -qi '^set-cookie: cart=' <<< "$(curl -s -D - -o /dev/null -H "${JSON_HEADERS[0]}" "$base/$v/api/product")"
    done
    echo "sanity: both builds put the banner into the page and let the cart cookie through; /alt is $ALT_LIBRARY"
  }

  # check_calibration: the sanity checks of a server with the contexts /noop, /aa and /off: all
  # three answer the JSON request alike.
  check_calibration() {
    local v
    curl -s -o "$dir/json-off.json" -H "${JSON_HEADERS[0]}" "$base/off/api/product"
    for v in noop aa; do
      check cmp -s "$dir/json-off.json" <(curl -s -H "${JSON_HEADERS[0]}" "$base/$v/api/product")
      check grep -qi '^set-cookie: cart=' <<< "$(curl -s -D - -o /dev/null -H "${JSON_HEADERS[0]}" "$base/$v/api/product")"
    done
    echo "sanity: /noop, /aa and /off answer the JSON request alike"
  }

  # check_floor: the sanity checks of a server with the contexts /floor and /off: both answer a
  # returning visitor's JSON request alike, the cart cookie set, and /floor adds Vary: Cookie.
  check_floor() {
    local headers
    curl -s -o "$dir/json-off.json" -H "${RETURNING_HEADERS[0]}" -H "${RETURNING_HEADERS[-1]}" "$base/off/api/product"
    check cmp -s "$dir/json-off.json" <(curl -s -H "${RETURNING_HEADERS[0]}" -H "${RETURNING_HEADERS[-1]}" "$base/floor/api/product")
    headers=$(curl -s -D - -o /dev/null -H "${RETURNING_HEADERS[0]}" -H "${RETURNING_HEADERS[-1]}" "$base/floor/api/product")
    check grep -qi '^set-cookie: cart=' <<< "$headers"
    check grep -qi '^vary: cookie' <<< "$headers"
    echo "sanity: /floor and /off answer a returning visitor's JSON request alike; /floor adds Vary: Cookie"
  }

  # load_server_run <container> <scenarios> <contexts> <fork>: one load server with those
  # contexts (LoadServer's bench.contexts), the sanity checks, then the warm-up, ordinary and
  # interleaved rounds of those scenarios, into files named with the fork and the round.
  load_server_run() {
    local container=$1 scenarios=$2 contexts=$3 fork=$4 scenario v round order file
    echo "== load: $container:$scenarios ($contexts), fork $fork of $FORKS"
    dir="$OUT/load/$container"
    mkdir -p "$dir"
    start_load_server "$container" "$dir" ${ALT_PROPERTY[@]+"${ALT_PROPERTY[@]}"} -Dbench.contexts="$contexts" \
        -Dbench.meter.flush="$METER_FLUSH"

    baseline=off
    case $contexts in
      "on off") check_on_off;;
      "on alt") baseline=alt; check_on_alt;;
      "floor off") check_floor;;
      *) check_calibration;;
    esac

    for scenario in $scenarios; do
      for v in on off; do
        scenario_run "$scenario" "$v" "$dir/warmup-$scenario-$v.log" "$WARMUP"
      done
    done
    for round in $(seq 1 "$ROUNDS"); do
      # Which side goes first alternates from round to round, and from fork to fork.
      if (( (fork + round) % 2 == 0 )); then order="on off"; else order="off on"; fi
      for scenario in $scenarios; do
        for v in $order; do
          file="$dir/$scenario-$v-f$fork-r$round.txt"
          scenario_run "$scenario" "$v" "$file" "$DURATION"
          printf '%s fork %d round %d %-15s %-3s %s req/s, server CPU %s ticks\n' "$container" "$fork" "$round" \
              "$scenario" "$v" "$(grep 'Requests/sec' "$file" | awk '{print $2}')" \
              "$(grep 'server-cpu-ticks' "$file" | awk '{print $2}')"
        done
      done
    done
    for scenario in $scenarios; do
      interleaved_run "$scenario" "$dir/warmup-$scenario-interleaved.log" "$WARMUP"
      for round in $(seq 1 "$INTERLEAVED_ROUNDS"); do
        file="$dir/$scenario-interleaved-f$fork-r$round.txt"
        interleaved_run "$scenario" "$file" "$INTERLEAVED_DURATION"
        printf '%s fork %d interleaved round %d %-15s %s\n' "$container" "$fork" "$round" "$scenario" \
            "$(grep '^meter:' "$file")"
      done
    done
    stop_server
    mv "$dir/server.log" "$dir/server-f$fork-${contexts// /-}.log"
  }
  # page-template runs in a server of its own: in one JVM with the other scenarios it made
  # Jetty's bare page-writer about three times slower (the JIT's profile of the container's
  # writer, BENCHMARKS.md), so that each figure is what its own kind of page costs. json-noop and
  # json-aa run in one of their own too, whose contexts are /noop, /aa and /off: a third kind of
  # filter in the same server would change how the JIT compiles the chain's calls for all.
  for container in $CONTAINERS; do
    shared="" alone="" calibration="" floor=""
    for scenario in $SCENARIOS; do
      case $scenario in
        page-template) alone+=" $scenario";;
        json-noop|json-aa) calibration+=" $scenario";;
        json-floor) floor+=" $scenario";;
        *) shared+=" $scenario";;
      esac
    done
    for fork in $(seq 1 "$FORKS"); do
      if [[ -n ${shared// /} ]]; then load_server_run "$container" "$shared" "on $BASE_CONTEXT" "$fork"; fi
      if [[ -n ${alone// /} ]]; then load_server_run "$container" "$alone" "on $BASE_CONTEXT" "$fork"; fi
      if [[ -n ${calibration// /} ]]; then load_server_run "$container" "$calibration" "noop aa off" "$fork"; fi
      if [[ -n ${floor// /} ]]; then load_server_run "$container" "$floor" "floor off" "$fork"; fi
    done
  done
  echo "load average after load: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$MACHINE"
  java ${ALT_PROPERTY[@]+"${ALT_PROPERTY[@]}"} -cp "$JAR" dev.cookiewarden.bench.load.WrkReport "$OUT/load"
fi

if [[ " $PARTS " == *" profile "* ]]; then
  # async-profiler, from Maven Central, attached to a running load server through jcmd (its
  # options quoted whole: jcmd would read "event=..." as an argument of its own). The virtual
  # machines this runs on give no hardware counters, so it samples on CPU time (itimer).
  echo "== profile: $CONTAINERS: $PROFILE_SCENARIOS"
  mkdir -p "$OUT/profile"
  mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy \
      -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:linux-x64" -DoutputDirectory="$OUT/profile" > "$OUT/profile/fetch.log" 2>&1 || { cat "$OUT/profile/fetch.log"; exit 1; }
  (cd "$OUT/profile" && jar xf "async-profiler-$ASYNC_PROFILER_VERSION-linux-x64.jar" linux-x64/libasyncProfiler.so)
  PROFILER="$OUT/profile/linux-x64/libasyncProfiler.so"
  for container in $CONTAINERS; do
    dir="$OUT/profile/$container"
    mkdir -p "$dir"
    # DebugNonSafepoints: samples name the inlined method they are in, not the caller compiled around it.
    start_load_server "$container" "$dir" -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
    for scenario in $PROFILE_SCENARIOS; do
      for v in on off; do
        scenario_run "$scenario" "$v" "$dir/warmup-$scenario-$v.log" "$WARMUP"
      done
      # One more pair, not profiled: in a first run of this profile, the first profiled run
      # after the warm-up cost 4-16 us more per request than the runs after it, on either side.
      for v in on off; do
        scenario_run "$scenario" "$v" "$dir/settle-$scenario-$v.txt" "$PROFILE_DURATION"
      done
      for run in $(seq 1 "$PROFILE_RUNS"); do
        order="on off"
        ((run % 2 == 0)) && order="off on" # neither side always follows the other
        for v in $order; do
          jcmd "$SERVER_PID" JVMTI.agent_load "$PROFILER" "\"start,event=itimer,interval=$PROFILE_INTERVAL\"" > /dev/null
          scenario_run "$scenario" "$v" "$dir/$scenario-$v-p$run.txt" "$PROFILE_DURATION"
          jcmd "$SERVER_PID" JVMTI.agent_load "$PROFILER" "\"stop,file=$dir/$scenario-$v-p$run.collapsed,collapsed\"" > /dev/null
          printf '%s profile run %d %-15s %-3s %s requests\n' "$container" "$run" "$scenario" "$v" \
              "$(grep -o '[0-9]* requests' "$dir/$scenario-$v-p$run.txt" | cut -d' ' -f1)"
        done
      done
    done
    stop_server
  done
  java -cp "$JAR" dev.cookiewarden.bench.load.ProfileReport "$OUT/profile"
fi

if [[ " $PARTS " == *" order "* ]]; then
  echo "== order: $CONTAINERS"
  baseline=off
  for container in $CONTAINERS; do
    dir="$OUT/order/$container"
    mkdir -p "$dir"
    start_load_server "$container" "$dir" -Dbench.contexts="on off"
    for phase in first after-others; do
      if [[ $phase == after-others ]]; then
        for scenario in json-returning page-8k page-token; do
          interleaved_run "$scenario" "$dir/others-$scenario.log" 30
        done
      fi
      interleaved_run json "$dir/json-$phase-warmup.log" "$WARMUP"
      for round in $(seq 1 "$INTERLEAVED_ROUNDS"); do
        interleaved_run json "$dir/json-$phase-r$round.txt" "$INTERLEAVED_DURATION"
      done
      # The filter's cost per round: the two contexts' mean chain time, from the meter's line
      # "meter: on <requests> <ns> off <requests> <ns> clock <ns>"; the median of the rounds.
      printf '%s json %-12s filter cost per request, median (range) over %d rounds: %s\n' "$container" "$phase" \
          "$INTERLEAVED_ROUNDS" "$(for round in $(seq 1 "$INTERLEAVED_ROUNDS"); do
              awk '/^meter:/ { printf "%.3f\n", ($4 / $3 - $7 / $6) / 1e3 }' "$dir/json-$phase-r$round.txt"
            done | sort -n | awk '{ c[NR] = $1 } END {
              m = NR % 2 ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2
              printf "%.2f us (%.2f-%.2f)", m, c[1], c[NR] }')" | tee -a "$OUT/order/order-summary.txt"
    done
    stop_server
  done
fi

{
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cpu steal ticks at end: $(steal_ticks)"
} >> "$MACHINE"
echo "== done: $OUT"
