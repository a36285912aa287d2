#!/usr/bin/env bash
# connect-doctor's benchmark: one command, figures to docs/performance.md.
#
#   bash bench/run.sh                 # the full run (about 35 minutes on 2 cores)
#   NS="10 10000" REPEATS=1 bash bench/run.sh   # a quicker one
#   ONLY=storm bash bench/run.sh      # the storm rows alone, printed (docs/performance.md untouched)
#   ONLY=stuck bash bench/run.sh      # the stuck-task check's row alone, printed
#   ONLY=records bash bench/run.sh    # status records to a stand-in Azure at the largest N, printed
#   ONLY=floor bash bench/run.sh      # the framework alone: start-up (in turn with connect-doctor) and RSS, no connect-doctor code
#
# A fast Connect REST stub (bench/ConnectStub.java) serves N connectors x 4 tasks over 3
# workers; connect-doctor runs as a sidecar of worker-0 against it (healer off, so answers
# are Doctor Kafka Connect's); wrk loads /healthcheck and /healthcheck/{connector} at 1 and
# 16 connections, the runs of every N and of nginx interleaved; nginx serves a small static
# JSON file under the same wrk settings, so every figure is also a ratio to that limit. CPU and
# RSS come from /proc, Connect requests from the stubs' counters, poll counts from
# connect-doctor's own metrics.
set -euo pipefail
cd "$(dirname "$0")/.."

NS=${NS:-"10 100 1000 10000"}
DURATION=${DURATION:-10}
REPEATS=${REPEATS:-5}
# Starts per N for start-up, each followed by one of the framework alone (their medians are compared).
STARTS=${STARTS:-5}
FIXED_FAILURES=${FIXED_FAILURES:-3}
HEAP_CYCLES=${HEAP_CYCLES:-1000}
# The image's own JVM options (Dockerfile ENV JAVA_TOOL_OPTIONS), with the heap a 256 MiB
# container would give them (40 % and 16 % of it; the heap may shrink below its start, as in the image) since nothing here sets a memory limit.
IMAGE_OPTS=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' Dockerfile)
JVM_OPTS=${JVM_OPTS:-$(echo "$IMAGE_OPTS" | sed -e 's/-XX:MaxRAMPercentage=40/-Xmx102m/' -e 's/-XX:InitialRAMPercentage=16/-XX:InitialHeapSize=41m/')}
# The image's malloc arena limit (Dockerfile ENV MALLOC_ARENA_MAX), for connect-doctor only.
ARENAS=${ARENAS:-$(sed -n 's/^ *MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' Dockerfile)}
OUT=bench/target
STUB_PORT=18900
DOCTOR_PORT=18901
NGINX_PORT=18902
mkdir -p "$OUT/static"

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2"; }; }
need wrk wrk
need nginx nginx-light
need curl curl

jar=$(ls target/connect-doctor-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q package -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true
  jar=$(ls target/connect-doctor-*.jar | head -n 1)
fi
javac -d "$OUT" bench/ConnectStub.java

# Lay the application out as the image does (Dockerfile): extracted layers and a trained
# class-data sharing archive, so start-up and memory are the image's.
rm -rf "$OUT/image" "$OUT/extract" && mkdir -p "$OUT/image"
cp "$jar" "$OUT/extract.jar"
(cd "$OUT" && java -Djarmode=tools -jar extract.jar extract --layers --destination extract --application-filename app.jar > /dev/null)
for layer in dependencies spring-boot-loader snapshot-dependencies application; do cp -r "$OUT/extract/$layer/." "$OUT/image/"; done
(cd "$OUT/image" && java -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh -jar app.jar \
  --server.port=0 --connect-doctor.connect.url=http://127.0.0.1:9 > ../cds-training.log 2>&1)
jar=app.jar

cleanup() {
  local pid
  for pid in "${doctor_pids[@]}" "${stub_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${doctor_pid:-}" ] && kill "$doctor_pid" 2>/dev/null || true
  [ -n "${stub_pid:-}" ] && kill "$stub_pid" 2>/dev/null || true
  [ -n "${broker_pid:-}" ] && kill "$broker_pid" 2>/dev/null || true
  [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true
}
doctor_pids=() stub_pids=()
trap cleanup EXIT

ticks=$(getconf CLK_TCK)
# kB as /proc gives them, to MiB with one decimal: the RSS targets are whole MiB, and a figure
# rounded down to one could hide most of a MiB over.
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }
stub_count() { curl -s "localhost:$STUB_PORT/stub/counters" | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }
# From /actuator/metrics, not a Prometheus scrape: at N = 10,000 a scrape is large, and the
# benchmark must not measure its own reading.
statistic() { # metric statistic [tag]
  curl -s "localhost:$DOCTOR_PORT/actuator/metrics/$1${3:+?tag=$3}" | tr '{}' '\n\n' | grep "\"$2\"" | grep -o '"value":[0-9.eE+-]*' | cut -d: -f2
}
polls() { statistic connect.doctor.poll.duration COUNT | awk '{printf "%d", $1}'; }
poll_seconds() { statistic connect.doctor.poll.duration TOTAL_TIME; }
allocated() { statistic jvm.gc.memory.allocated COUNT | awk '{printf "%.0f", $1}'; }
heap_used() { statistic jvm.memory.used VALUE area:heap | awk '{printf "%.0f", $1}'; }

start_stub() { # connectors failures [restart-delay-ms]
  java -Xmx1g -cp "$OUT" ConnectStub "$STUB_PORT" "$1" "$2" ${3:-} > "$OUT/stub-$STUB_PORT.log" 2>&1 &
  stub_pid=$!
  until curl -s "localhost:$STUB_PORT/stub/counters" >/dev/null; do sleep 0.05; done
}

start_doctor() { # extra args...; sets doctor_pid and startup_ms (launch to the first correct /healthcheck answer)
  # HEALING=true runs the healer; READY is the answer that counts as correct.
  local start expect
  start=$(date +%s%N)
  (cd "$OUT/image" && MALLOC_ARENA_MAX=$ARENAS exec java $JVM_OPTS -jar "$jar" --server.port=$DOCTOR_PORT \
    --connect-doctor.connect.url=http://127.0.0.1:$STUB_PORT \
    --connect-doctor.target.worker-ids=worker-0:8083 --connect-doctor.healing.enabled=${HEALING:-false} "$@" \
    > "../doctor-$DOCTOR_PORT.log" 2>&1) &
  doctor_pid=$!
  # Correct: 503 with failures listed (every run has failed tasks on worker-0).
  local ready='"failures":\[\{'
  [ -n "${READY:-}" ] && ready=$READY
  until curl -s "localhost:$DOCTOR_PORT/healthcheck" 2>/dev/null | grep -qE "$ready"; do
    kill -0 "$doctor_pid" 2>/dev/null || { echo "connect-doctor died; see $OUT/doctor-$DOCTOR_PORT.log" >&2; exit 1; }
    sleep 0.02
  done
  startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# A storm on the sidecar's own worker: STORM_PERCENT of worker-0's tasks FAILED at the largest N,
# each restart answered after STORM_DELAY_MS (a task stop blocked on a dead database); the healer
# on with its shipped settings; probes at 16 connections for STORM_SECONDS while it restarts.
storm() {
  local n=$big_n
  start_stub "$n" "worker0:${STORM_PERCENT:-10}" "${STORM_DELAY_MS:-1000}" >&2
  HEALING=true READY='"status":"(UP|DOWN)"' start_doctor >&2
  local polls0 restarts0
  polls0=$(polls); restarts0=$(stub_count restart)
  # Latency from a plain wrk run (a Lua response callback costs wrk CPU on the same cores),
  # then the same load with the script that reads every answer for stale ones.
  wrk -t2 -c16 -d"${STORM_SECONDS:-60}s" --latency "http://127.0.0.1:$DOCTOR_PORT/healthcheck" > "$OUT/storm.txt"
  wrk -t2 -c16 -d"${STORM_CHECK_SECONDS:-20}s" -s bench/storm.lua "http://127.0.0.1:$DOCTOR_PORT/healthcheck" > "$OUT/storm-check.txt"
  local polls1 restarts1 most failed seconds
  polls1=$(polls); restarts1=$(stub_count restart)
  # The same probes paced, while the storm goes on (its restarts are not counted above).
  wrk -t2 -c16 -d"${STORM_PACED_SECONDS:-30}s" --latency -s bench/paced.lua "http://127.0.0.1:$DOCTOR_PORT/healthcheck" > "$OUT/storm-paced.txt"
  seconds=$(( ${STORM_SECONDS:-60} + ${STORM_CHECK_SECONDS:-20} ))
  most=$(curl -s "localhost:$STUB_PORT/stub/counters" | grep -o '"restart_max_per_minute":[0-9]*' | cut -d: -f2)
  failed=$(awk -v n="$n" -v p="${STORM_PERCENT:-10}" 'BEGIN {w = 0; for (i = 0; i < n * 4; i++) if (i % 3 == 0) w++; printf "%d of %d", int((w + 100 / p - 1) / (100 / p)), w}')
  stop "$doctor_pid"
  stop "$stub_pid"
  cat "$OUT/storm.txt" "$OUT/storm-check.txt" | awk -v n="$n" -v f="$failed" -v p0="$polls0" -v p1="$polls1" -v r="$((restarts1 - restarts0))" -v most="$most" -v s="$seconds" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ && !rps {rps = $2}
    $1 == "50.000%" || $1 == "50%" {p50 = ms($2)}
    $1 == "99.000%" || $1 == "99%" {p99 = ms($2)}
    /Non-2xx or 3xx responses/ && !seen {non2xx = $5; seen = 1}
    /unknown answers:/ {unknown = $3; answers = $5}
    END {printf "| %d | %s | %.0f | %.3f | %.3f | %d | %d of %d | %d in %d s | %s | %d |", n, f, rps, p50, p99, non2xx, unknown, answers, r, s, most, p1 - p0}'
}

# The storm's probe latency beside the same loads with no task failed (same N, same healer):
# flat out, wrk and connect-doctor share the 2 cores and the tail is the scheduler's queue;
# paced (bench/paced.lua), the latency is connect-doctor's own. Reads storm()'s wrk files.
storm_latency() {
  start_stub "$big_n" "fixed:0" >&2
  HEALING=true READY='"status":"UP"' start_doctor >&2
  wrk -t2 -c16 -d"${STORM_PACED_SECONDS:-30}s" --latency "http://127.0.0.1:$DOCTOR_PORT/healthcheck" > "$OUT/calm.txt"
  wrk -t2 -c16 -d"${STORM_PACED_SECONDS:-30}s" --latency -s bench/paced.lua "http://127.0.0.1:$DOCTOR_PORT/healthcheck" > "$OUT/calm-paced.txt"
  stop "$doctor_pid"
  stop "$stub_pid"
  local load label storm calm
  for load in "flat out (as fast as wrk goes)|storm|calm" "paced (each connection waits 2 ms between answers)|storm-paced|calm-paced"; do
    IFS='|' read -r label storm calm <<< "$load"
    printf '| %s | %s | %s |\n' "$label" "$(wrk_figures "$OUT/$storm.txt")" "$(wrk_figures "$OUT/$calm.txt")"
  done
}

wrk_figures() { # a wrk --latency output: req/s, p50 and p99
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ {rps = $2} $1 == "50.000%" || $1 == "50%" {p50 = ms($2)} $1 == "99.000%" || $1 == "99%" {p99 = ms($2)}
    END {printf "%.0f req/s, p50 %.3f ms, p99 %.3f ms", rps, p50, p99}' "$1"
}

storm_latency_header() {
  echo "| \`/healthcheck\` at 16 connections | in the storm above | no task failed (same N, healer on) |"
  echo "|---|---|---|"
}

# The stuck-task check at the largest N: a real KRaft broker (bench/KafkaBroker.java, Kafka's own test
# kit) holds the N sink connectors' consumer groups (1 % of them behind); the sidecar checks every
# STUCK_INTERVAL for STUCK_SECONDS, then the same doctor without the check runs as long: the difference
# in CPU is the check's. Admin requests come from Kafka's own client metrics.
stuck() {
  local n=$big_n bootstrap
  if [ ! -f "$OUT/test.classpath" ]; then
    ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/test.classpath" >&2
  fi
  printf '<configuration><appender name="o" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%%msg%%n</pattern></encoder></appender><root level="ERROR"><appender-ref ref="o"/></root></configuration>' > "$OUT/logback-broker.xml"
  rm -f "$OUT/broker.log"
  java -Xmx1g -Dlogback.configurationFile="$OUT/logback-broker.xml" -cp "$(cat "$OUT/test.classpath")" bench/KafkaBroker.java "$n" > "$OUT/broker.log" 2>&1 &
  broker_pid=$!
  until grep -qs '^bootstrap=' "$OUT/broker.log"; do
    kill -0 "$broker_pid" 2>/dev/null || { echo "broker died; see $OUT/broker.log" >&2; exit 1; }
    sleep 0.5
  done
  bootstrap=$(sed -n 's/^bootstrap=//p' "$OUT/broker.log")
  start_stub "$n" "fixed:$FIXED_FAILURES" >&2
  local seconds=${STUCK_SECONDS:-60} interval=${STUCK_INTERVAL:-5}
  start_doctor --connect-doctor.kafka.bootstrap-servers="$bootstrap" --connect-doctor.stuck.interval="${interval}s" \
    --connect-doctor.stuck.after=60s >&2
  # Past the first checks, which read every sink's configuration from Connect (about 10,000 calls).
  until [ "$(statistic connect.doctor.stuck.checks COUNT | awk '{printf "%d", $1}')" -ge 4 ]; do sleep 0.5; done
  local first configs c0 r0 cpu0 c1 r1 cpu1 took groups rss lag
  configs=$(stub_count config)
  c0=$(statistic connect.doctor.stuck.checks COUNT | awk '{printf "%d", $1}')
  r0=$(statistic connect.doctor.kafka.requests COUNT | awk '{printf "%d", $1}')
  cpu0=$(cpu_ticks "$doctor_pid")
  sleep "$seconds"
  cpu1=$(cpu_ticks "$doctor_pid")
  c1=$(statistic connect.doctor.stuck.checks COUNT | awk '{printf "%d", $1}')
  r1=$(statistic connect.doctor.kafka.requests COUNT | awk '{printf "%d", $1}')
  took=$(statistic connect.doctor.stuck.check.duration VALUE)
  groups=$(curl -s "localhost:$DOCTOR_PORT/actuator/health/kafka" | grep -o '"sinkConnectors":[0-9]*' | cut -d: -f2)
  lag=$(curl -s "localhost:$DOCTOR_PORT/actuator/prometheus" | grep -c '^connect_connector_lag{.*} [1-9]')
  rss=$(rss_kib "$doctor_pid" VmHWM)
  stop "$doctor_pid"
  start_doctor >&2
  sleep 3
  local base0 base1 base_rss
  base0=$(cpu_ticks "$doctor_pid")
  sleep "$seconds"
  base1=$(cpu_ticks "$doctor_pid")
  base_rss=$(rss_kib "$doctor_pid" VmHWM)
  stop "$doctor_pid"
  stop "$stub_pid"
  stop "$broker_pid"
  awk -v n="$n" -v g="$groups" -v lag="$lag" -v cfg="$configs" -v c="$((c1 - c0))" -v r="$((r1 - r0))" -v took="$took" \
    -v a0="$cpu0" -v a1="$cpu1" -v b0="$base0" -v b1="$base1" -v t="$ticks" -v rss="$rss" -v brss="$base_rss" -v i="$interval" \
    'BEGIN {checks = (c > 0) ? c : 1; with = (a1 - a0) / t * 1000; without = (b1 - b0) / t * 1000;
      printf "| %d | %d (%d behind) | %d | %d | %.1f | %.0f ms | %.0f ms | %.1f MiB | %.1f MiB |", n, g, lag, i, c, r / checks, took * 1000,
        (with - without) / checks, rss / 1024, brss / 1024}'
}

# Status records at the largest N: every RECORDS_INTERVAL s one record per counted unit, logged and
# sent to the stub's Logs Ingestion API; CPU per write against the same doctor without records.
records() {
  local n=$big_n seconds=${RECORDS_SECONDS:-60} interval=${RECORDS_INTERVAL:-10}
  start_stub "$n" "fixed:$FIXED_FAILURES" >&2
  start_doctor --connect-doctor.records.interval="${interval}s" \
    --connect-doctor.records.azure.endpoint=http://127.0.0.1:$STUB_PORT \
    --connect-doctor.records.azure.authority-host=http://127.0.0.1:$STUB_PORT \
    --connect-doctor.records.azure.rule-id=dcr-bench --connect-doctor.records.azure.tenant-id=bench \
    --connect-doctor.records.azure.client-id=bench --connect-doctor.records.azure.client-secret=bench >&2
  # Past the first write.
  until [ "$(stub_count ingest_records)" -gt 0 ]; do sleep 0.5; done
  sleep 2
  local i0 b0 n0 cpu0 i1 b1 n1 cpu1 rss sent dropped
  i0=$(stub_count ingest); b0=$(stub_count ingest_bytes); n0=$(stub_count ingest_records)
  cpu0=$(cpu_ticks "$doctor_pid")
  sleep "$seconds"
  cpu1=$(cpu_ticks "$doctor_pid")
  i1=$(stub_count ingest); b1=$(stub_count ingest_bytes); n1=$(stub_count ingest_records)
  rss=$(rss_kib "$doctor_pid" VmHWM)
  dropped=$(statistic connect.doctor.delivery.items COUNT outcome:dropped | awk '{printf "%d", $1}')
  stop "$doctor_pid"
  start_doctor >&2
  sleep 3
  local base0 base1 base_rss
  base0=$(cpu_ticks "$doctor_pid")
  sleep "$seconds"
  base1=$(cpu_ticks "$doctor_pid")
  base_rss=$(rss_kib "$doctor_pid" VmHWM)
  stop "$doctor_pid"
  stop "$stub_pid"
  awk -v n="$n" -v i="$interval" -v s="$seconds" -v req="$((i1 - i0))" -v bytes="$((b1 - b0))" -v recs="$((n1 - n0))" \
    -v a0="$cpu0" -v a1="$cpu1" -v c0="$base0" -v c1="$base1" -v t="$ticks" -v rss="$rss" -v brss="$base_rss" -v d="$dropped" \
    'BEGIN {writes = s / i; with = (a1 - a0) / t * 1000; without = (c1 - c0) / t * 1000;
      printf "| %d | %d | %.0f | %.1f | %.0f KiB | %.0f ms | %d | %.1f MiB | %.1f MiB |", n, i, recs / writes, req / writes,
        bytes / writes / 1024, (with - without) / writes, d, rss / 1024, brss / 1024}'
}

wrk_once() { # url connections -> "req/s p50 p99 requests" of one wrk run of DURATION
  local threads=2
  [ "$2" = 1 ] && threads=1
  wrk -t"$threads" -c"$2" -d"${DURATION}s" --latency "$1" > "$OUT/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ {rps = $2}
    $1 == "50.000%" || $1 == "50%" {p50 = ms($2)}
    $1 == "99.000%" || $1 == "99%" {p99 = ms($2)}
    /requests in/ {n = $1}
    END {printf "%.0f %.3f %.3f %d", rps, p50, p99, n}' "$OUT/wrk.txt"
}
summarize() { # lines of wrk_once -> "req/s p50 p99 worst-p99 requests": medians, the worst p99, requests summed
  median() { printf '%s' "$1" | awk -v k="$2" '{print $k}' | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
  echo "$(median "$1" 1) $(median "$1" 2) $(median "$1" 3) $(printf '%s' "$1" | awk '$3 > w {w = $3} END {printf "%.3f", w}') $(printf '%s' "$1" | awk '{t += $4} END {print t}')"
}
load() { # url connections -> summarize of $REPEATS runs in a row
  local runs="" i
  for i in $(seq "$REPEATS"); do runs+="$(wrk_once "$1" "$2")"$'\n'; done
  summarize "$runs"
}

# The framework alone (bench/FloorApp.java): the image's classpath and JVM options, a class-data
# archive trained the same way, no connect-doctor code, one fixed answer at the probe paths.
floor_dir="$OUT/floor"
floor_prepare() {
  local cp
  rm -rf "$floor_dir" && mkdir -p "$floor_dir/classes"
  cp=$(ls "$(pwd)/$OUT"/image/lib/*.jar | tr '\n' ':')
  javac -proc:none -d "$floor_dir/classes" -cp "$cp" bench/FloorApp.java
  # A jar: class-data sharing takes no directory on the class path.
  jar cf "$floor_dir/floor.jar" -C "$floor_dir/classes" .
  floor_cp="$(pwd)/$floor_dir/floor.jar:$cp"
  (cd "$floor_dir" && java -XX:ArchiveClassesAtExit=floor.jsa -Dspring.context.exit=onRefresh -cp "$floor_cp" floor.FloorApp \
    --server.port=0 > training.log 2>&1)
}
start_floor() { # sets floor_pid and floor_ms (launch to its first answer)
  local start
  start=$(date +%s%N)
  (cd "$floor_dir" && MALLOC_ARENA_MAX=$ARENAS exec java ${JVM_OPTS//app.jsa/floor.jsa} -cp "$floor_cp" floor.FloorApp \
    --server.port=$DOCTOR_PORT > floor.log 2>&1) &
  floor_pid=$!
  until curl -s "localhost:$DOCTOR_PORT/healthcheck" 2>/dev/null | grep -q UP; do
    kill -0 "$floor_pid" 2>/dev/null || { echo "the framework alone died; see $floor_dir/floor.log" >&2; exit 1; }
    sleep 0.02
  done
  floor_ms=$(( ($(date +%s%N) - start) / 1000000 ))
}

# Start-up at one N (its stub running): STARTS starts of connect-doctor, each followed by one of
# the framework alone, so both see the same minutes of a shared machine. Prints the median and
# the range of each: "median (least to most)".
startups() {
  local doctor="" alone=""
  for _ in $(seq "$STARTS"); do
    start_doctor; stop "$doctor_pid"; doctor+="$startup_ms"$'\n'
    start_floor; stop "$floor_pid"; alone+="$floor_ms"$'\n'
  done
  spread() { printf '%s' "$1" | sort -g | awk '{v[NR] = $1} END {printf "%.2f s (%.2f to %.2f)", v[int((NR + 1) / 2)] / 1000, v[1] / 1000, v[NR] / 1000}'; }
  echo "$(spread "$doctor")|$(spread "$alone")"
}

# RSS of the framework alone: one start, then the probe runs of the table below; idle and peak.
floor() {
  local idle peak path c
  start_floor
  sleep 3
  idle=$(rss_kib "$floor_pid" VmRSS)
  wrk -t2 -c16 -d5s "http://127.0.0.1:$DOCTOR_PORT/healthcheck" > /dev/null   # warm-up
  for path in /healthcheck /healthcheck/connector-00000; do
    for c in 1 16; do load "http://127.0.0.1:$DOCTOR_PORT$path" "$c" > /dev/null; done
  done
  peak=$(rss_kib "$floor_pid" VmHWM)
  stop "$floor_pid"
  echo "| the framework alone (bench/FloorApp.java) | $(mib "$idle") MiB | $(mib "$peak") MiB |"
}

if [ "${ONLY:-}" = floor ]; then
  floor_prepare
  start_stub 100 "fixed:$FIXED_FAILURES"
  echo "start-up at N = 100, connect-doctor|the framework alone: $(startups)"
  stop "$stub_pid"
  echo "| what | RSS idle | RSS peak under probe load |"
  floor
  exit 0
fi

stuck_header="| N | groups checked (behind) | interval s | checks | Admin requests per check | check wall time | CPU per check | RSS peak with the check | RSS peak without |"
if [ "${ONLY:-}" = stuck ]; then
  big_n=$(echo $NS | awk '{print $NF}')
  echo "$stuck_header"
  stuck
  echo
  exit 0
fi

records_header="| N | interval s | records per write | requests per write | sent per write | CPU per write | dropped | RSS peak with records | RSS peak without |"
if [ "${ONLY:-}" = records ]; then
  big_n=$(echo $NS | awk '{print $NF}')
  echo "$records_header"
  records
  echo
  exit 0
fi

if [ "${ONLY:-}" = storm ]; then
  big_n=$(echo $NS | awk '{print $NF}')
  echo "| N | FAILED on worker-0 | req/s | p50 ms | p99 ms | non-2xx | stale answers | restarts sent | most restarts in any 60 s | polls |"
  storm
  echo
  echo
  storm_latency_header
  storm_latency
  exit 0
fi

# --- nginx, the static-file limit
printf '{"status":"UP","failures":[]}' > "$OUT/static/health.json"
sed -e "s#@DIR@#$(pwd)/$OUT#g" -e "s#@PORT@#$NGINX_PORT#g" bench/nginx.conf.template > "$OUT/nginx.conf"
nginx -c "$(pwd)/$OUT/nginx.conf"
sleep 0.5
wrk -t2 -c16 -d3s "http://127.0.0.1:$NGINX_PORT/health.json" > /dev/null

floor_prepare

# Every N gets its own stub and connect-doctor (ports 18910 + i and 18930 + i), all running at
# once, so that the probe rows can be interleaved: each of the REPEATS rounds probes nginx and then
# every N in turn. A slow stretch of a shared machine (minutes long, on a VM) then falls on every
# N and on nginx alike instead of on one N's rows.
use_ports() { STUB_PORT=$((18910 + $1)); DOCTOR_PORT=$((18930 + $1)); }
read -r -a ns <<< "$NS"
paths=(/healthcheck /healthcheck/connector-00000)
declare -A runs ticks_used
start_rows=""
for i in "${!ns[@]}"; do
  n=${ns[$i]}
  use_ports "$i"
  start_stub "$n" "fixed:$FIXED_FAILURES"
  stub_pids[i]=$stub_pid
  IFS='|' read -r startup_doctor[i] startup_alone[i] <<< "$(startups)"
  start_doctor
  doctor_pids[i]=$doctor_pid
  sleep 3
  idle_rss[i]=$(rss_kib "$doctor_pid" VmRSS)
  wrk -t2 -c16 -d5s "http://127.0.0.1:$DOCTOR_PORT/healthcheck" > /dev/null   # warm-up
  polls0[i]=$(polls); exp0[i]=$(stub_count expanded); other0[i]=$(( $(stub_count list) + $(stub_count status) ))
done
for _ in $(seq "$REPEATS"); do
  for c in 1 16; do runs["nginx $c"]+="$(wrk_once "http://127.0.0.1:$NGINX_PORT/health.json" "$c")"$'\n'; done
  for i in "${!ns[@]}"; do
    use_ports "$i"
    for path in "${paths[@]}"; do
      for c in 1 16; do
        cpu0=$(cpu_ticks "${doctor_pids[i]}")
        runs["$i $path $c"]+="$(wrk_once "http://127.0.0.1:$DOCTOR_PORT$path" "$c")"$'\n'
        cpu1=$(cpu_ticks "${doctor_pids[i]}")
        ticks_used["$i $path $c"]=$(( ${ticks_used["$i $path $c"]:-0} + cpu1 - cpu0 ))
      done
    done
  done
done
read -r nginx1 nginx1_p50 nginx1_p99 _ _ <<< "$(summarize "${runs[nginx 1]}")"
read -r nginx16 nginx16_p50 nginx16_p99 _ _ <<< "$(summarize "${runs[nginx 16]}")"

probe_rows=""
poll_rows=""
scrape_rows=""
for i in "${!ns[@]}"; do
  n=${ns[$i]}
  use_ports "$i"
  doctor_pid=${doctor_pids[i]}
  stub_pid=${stub_pids[i]}
  probes=0
  for path in "${paths[@]}"; do
    for c in 1 16; do
      read -r rps p50 p99 worst count <<< "$(summarize "${runs["$i $path $c"]}")"
      probes=$((probes + count))
      cpu=$(awk -v u="${ticks_used["$i $path $c"]}" -v t="$ticks" -v d="$((DURATION * REPEATS))" 'BEGIN {printf "%.0f", u / t / d * 100}')
      ref=$nginx1; [ "$c" = 16 ] && ref=$nginx16
      ratio=$(awk -v a="$rps" -v b="$ref" 'BEGIN {printf "%.1f", a / b * 100}')
      probe_rows+="| $n | \`$path\` | $c | $rps | $p50 | $p99 ($worst) | $cpu % | ${ratio} % |"$'\n'
    done
  done
  polls1=$(polls); exp1=$(stub_count expanded); other1=$(( $(stub_count list) + $(stub_count status) ))
  peak_rss=$(rss_kib "$doctor_pid" VmHWM)
  # Then what a Prometheus scrape costs on top: the first, then three more 4 s apart, across polls
  # (every 10 s); their slowest.
  read -r scrape_bytes first_s <<< "$(curl -s -o /dev/null -w '%{size_download} %{time_total}' "localhost:$DOCTOR_PORT/actuator/prometheus")"
  later_s=0
  for _ in 1 2 3; do
    sleep 4
    read -r scrape_bytes scrape_s <<< "$(curl -s -o /dev/null -w '%{size_download} %{time_total}' "localhost:$DOCTOR_PORT/actuator/prometheus")"
    later_s=$(awk -v a="$later_s" -v b="$scrape_s" 'BEGIN {print (b > a) ? b : a}')
  done
  scrape_rss=$(rss_kib "$doctor_pid" VmHWM)
  scrape_rows+=$(awk -v n="$n" -v b="$scrape_bytes" -v f="$first_s" -v t="$later_s" -v r="$scrape_rss" \
    'BEGIN {printf "| %d | %.0f KiB | %.0f ms | %.0f ms | %.1f MiB |\n", n, b / 1024, f * 1000, t * 1000, r / 1024}')$'\n'
  per_poll=$(awk -v e="$((exp1 - exp0[i]))" -v p="$((polls1 - polls0[i]))" 'BEGIN {printf "%.2f", (p > 0) ? e / p : 0}')
  per_probe=$(awk -v o="$((other1 - other0[i]))" -v n="$probes" 'BEGIN {printf "%.6f", o / n}')
  start_rows+="| $n | ${startup_doctor[i]} | ${startup_alone[i]} | $(mib "${idle_rss[i]}") MiB | $(mib "$peak_rss") MiB | $per_poll | $per_probe | $probes |"$'\n'
  stop "$doctor_pid"

  # The poll cycle alone: no probes, a poll every 500 ms for 20 s; CPU and allocation per poll.
  start_doctor --connect-doctor.connect.poll-interval=500ms
  sleep 2
  cpu0=$(cpu_ticks "$doctor_pid"); p0=$(polls); a0=$(allocated); d0=$(poll_seconds)
  sleep 20
  cpu1=$(cpu_ticks "$doctor_pid"); p1=$(polls); a1=$(allocated); d1=$(poll_seconds)
  size=$(awk '/expanded answer/ {print $(NF-4)}' "$OUT/stub-$STUB_PORT.log")
  poll_rows+=$(awk -v n="$n" -v s="$size" -v c0="$cpu0" -v c1="$cpu1" -v t="$ticks" -v p0="$p0" -v p1="$p1" -v a0="$a0" -v a1="$a1" -v d0="$d0" -v d1="$d1" \
    'BEGIN {p = p1 - p0; printf "| %d | %.0f KB | %.0f ms | %.0f ms | %.1f MB | %d |\n", n, s / 1e3, (d1 - d0) / p * 1000, (c1 - c0) / t / p * 1000, (a1 - a0) / p / 1e6, p}')$'\n'
  stop "$doctor_pid"
  stop "$stub_pid"
done
doctor_pids=() stub_pids=()
STUB_PORT=18900
DOCTOR_PORT=18901

# 1 % of all tasks FAILED: the answer grows with the failures (traces cut to 2000 characters).
big_n=$(echo $NS | awk '{print $NF}')
start_stub "$big_n" "percent:1"
start_doctor
wrk -t2 -c16 -d3s "http://127.0.0.1:$DOCTOR_PORT/healthcheck" > /dev/null
body=$(curl -s -o /dev/null -w '%{size_download}' "localhost:$DOCTOR_PORT/healthcheck")
failures=$(curl -s "localhost:$DOCTOR_PORT/healthcheck" | grep -o '"connector":' | wc -l)
read -r rps p50 p99 worst _ <<< "$(load "http://127.0.0.1:$DOCTOR_PORT/healthcheck" 16)"
percent_row="| $big_n | $failures | $((body / 1024)) KiB | $rps | $p50 | $p99 ($worst) |"
stop "$doctor_pid"

# Heap across many poll cycles at the largest N: live heap after a full GC, early and late.
# Polls run back to back, so one is nearly always in flight (its 5 MB answer and buffers):
# the smallest of six samples after a full GC is the heap the service keeps.
live_heap() {
  local least=""
  for _ in 1 2 3 4 5 6; do
    jcmd "$doctor_pid" GC.run > /dev/null
    local used; used=$(heap_used)
    if [ -z "$least" ] || [ "$used" -lt "$least" ]; then least=$used; fi
    sleep 0.13
  done
  echo "$least"
}
start_doctor --connect-doctor.connect.poll-interval=10ms
until [ "$(polls)" -ge 100 ]; do sleep 0.5; done
heap100=$(live_heap)
until [ "$(polls)" -ge "$HEAP_CYCLES" ]; do sleep 1; done
heap_end=$(live_heap)
cycles=$(polls)
stop "$doctor_pid"
stop "$stub_pid"

floor_row=$(floor)
storm_row=$(storm)
storm_latency_rows=$(storm_latency)
stuck_row=$(stuck)
records_row=$(records)

{
  echo "# Performance"
  echo
  echo "Measured by \`bash bench/run.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)),"
  echo "$(java -version 2>&1 | head -n 1). connect-doctor JVM options: \`$JVM_OPTS\`, \`MALLOC_ARENA_MAX=$ARENAS\`. Each probe figure is the median of $REPEATS wrk runs of ${DURATION} s"
  echo "(\`-t1 -c1\` or \`-t2 -c16\`), interleaved: each of $REPEATS rounds probes nginx, then every N in turn (each N has its own"
  echo "stub and connect-doctor, all running through the rounds), so a slow stretch of the machine falls on every row alike."
  echo "wrk, the stubs and connect-doctor share the machine's cores, as nginx and wrk do."
  echo "The stub has N connectors x 4 tasks over 3 workers; connect-doctor is the sidecar of worker-0, which has"
  echo "$FIXED_FAILURES FAILED tasks at every N (2 of them in \`connector-00000\`), each with a 2 KB trace."
  echo
  echo "## Probes"
  echo
  echo "nginx serving a 30-byte static JSON file, same settings: **$nginx1 req/s** at 1 connection (p50 $nginx1_p50 ms,"
  echo "p99 $nginx1_p99 ms) and **$nginx16 req/s** at 16 (p50 $nginx16_p50 ms, p99 $nginx16_p99 ms)."
  echo
  echo "| N | path | connections | req/s | p50 ms | p99 ms (worst run) | connect-doctor CPU | of nginx |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s' "$probe_rows"
  echo
  echo "With 1 % of all tasks FAILED (spread over all workers; worker-0 has a third of them), 16 connections:"
  echo
  echo "| N | failures in the answer | answer size | req/s | p50 ms | p99 ms (worst run) |"
  echo "|---|---|---|---|---|---|"
  echo "$percent_row"
  echo
  echo "## In a storm"
  echo
  echo "${STORM_PERCENT:-10} % of worker-0's tasks FAILED at N = $big_n, every restart answered after ${STORM_DELAY_MS:-1000} ms, the healer on with its"
  echo "shipped settings (a budget of 30 restarts per minute; the outage breaker stays closed at this share), and"
  echo "\`/healthcheck\` probed at 16 connections for ${STORM_SECONDS:-60} s while it restarts (req/s, latency and non-2xx answers"
  echo "from that plain wrk run), then ${STORM_CHECK_SECONDS:-20} s more with a wrk script that reads every answer: a stale one is an answer"
  echo "whose \`status\` is \`UNKNOWN\`. Restarts are counted by the stub over both runs."
  echo
  echo "| N | FAILED on worker-0 | req/s | p50 ms | p99 ms | non-2xx | stale answers | restarts sent | most restarts in any 60 s | polls |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  echo "$storm_row"
  echo
  echo "Then ${STORM_PACED_SECONDS:-30} s more of the storm with the probes paced (bench/paced.lua), and, for comparison, the same two loads"
  echo "on the same N with no task failed. Flat out, wrk and connect-doctor share the 2 cores: the tail is the wait for a"
  echo "core, and it is there with no failure at all. Paced, well under what the machine answers, it is connect-doctor's own."
  echo
  storm_latency_header
  echo "$storm_latency_rows"
  echo
  echo "## The stuck-task check"
  echo
  echo "N = $big_n sink connectors whose consumer groups live on a real KRaft broker (bench/KafkaBroker.java: Kafka's own test kit in"
  echo "one process, 4 committed partitions per group, 1 % of groups 100 records behind on each). The sidecar checks every"
  echo "${STUCK_INTERVAL:-5} s for ${STUCK_SECONDS:-60} s (after its first check, which reads every sink's \`consumer.override.group.id\` from"
  echo "Connect once). Admin requests per check are Kafka's own client count (\`request-total\`); CPU per check is the doctor's"
  echo "CPU over the run minus the same doctor's without the check over as long, divided by the checks. The broker runs on"
  echo "the same two cores."
  echo
  echo "$stuck_header"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "$stuck_row"
  echo
  echo "## Status records"
  echo
  echo "N = $big_n, the sidecar of worker-0 writing a [status record](records.md) for each of its connector instances and"
  echo "tasks every ${RECORDS_INTERVAL:-10} s, each logged as a text line and sent to the stub standing in for Azure Monitor's"
  echo "Logs Ingestion API (token and ingestion endpoints, batches of at most 1 MB). CPU per write is the doctor's CPU over"
  echo "${RECORDS_SECONDS:-60} s minus the same doctor's without records over as long, divided by the writes."
  echo
  echo "$records_header"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "$records_row"
  echo
  echo "At the suggested interval of 5 minutes that is under 0.1 % of a core; the queue (20,000 records) holds one"
  echo "write of this sidecar while Azure is away."
  echo
  echo "## Connect requests, start-up and memory"
  echo
  echo "| N | start-up to first correct answer, median of $STARTS (range) | the framework alone, started in turn with it | RSS idle | RSS peak under load | status calls per poll | Connect calls per probe | probes sent |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s' "$start_rows"
  echo
  echo "Start-up is from the launch of the JVM to the first correct \`/healthcheck\` answer (a 503 listing worker-0's"
  echo "failures), $STARTS starts at each N. The framework alone (below) is started right after each of them, against the same"
  echo "stub, so both columns come from the same minutes of the machine."
  echo
  echo "Status calls per poll counts \`GET /connectors?expand=status\` (each poll also reads \`GET /health\`);"
  echo "Connect calls per probe counts every other call the N's stub saw over the probe rounds, divided by its probes."
  echo
  echo "The floor under these figures: Spring Boot with connect-doctor's classpath and JVM options and none of its code"
  echo "(bench/FloorApp.java answers the probe paths with a fixed body), its own class-data archive trained the same way,"
  echo "started once after its starts above, then the same probe runs."
  echo
  echo "| what | RSS idle | RSS peak under probe load |"
  echo "|---|---|---|"
  echo "$floor_row"
  echo
  echo "## Prometheus scrape"
  echo
  echo "Right after the probe runs above, a scrape of \`/actuator/prometheus\` (its size and time), then three more 4 s"
  echo "apart, across polls (the slowest of them), and the peak RSS of probes and scrapes together. The sidecar writes"
  echo "worker-0's per-unit state sets (\`max-task-series\` bounds the task series), streamed as the answer is sent."
  echo
  echo "| N | scrape size | first scrape | later scrapes (slowest of 3) | RSS peak with probes and scrapes |"
  echo "|---|---|---|---|---|"
  printf '%s' "$scrape_rows"
  echo
  echo "## Poll cycle"
  echo
  echo "A poll every 500 ms for 20 s, no probes. Wall time is the poll's read (HTTP, parse); CPU and allocation are the"
  echo "whole process's, per poll (they include the idle service's own small background work)."
  echo
  echo "| N | answer read | wall per poll | CPU per poll | allocated per poll | polls |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "$poll_rows"
  echo
  echo "Heap at N = $big_n across $cycles back-to-back polls (least used heap of six samples right after a full GC): after 100 polls"
  echo "$((heap100 / 1048576)) MiB, after $cycles polls $((heap_end / 1048576)) MiB."
  echo
  cat bench/analysis.md
} > docs/performance.md.new
mv docs/performance.md.new docs/performance.md
echo "wrote docs/performance.md"
